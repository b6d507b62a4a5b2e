namespace UploadClients;

/// <summary>
/// A CSV file to send. The SDK streams it from its source on every attempt and never reads it
/// whole into memory.
/// </summary>
/// <remarks>
/// <para>
/// A file made with <see cref="FromPath"/> or <see cref="FromBytes"/>, or with
/// <see cref="FromStream"/> over a seekable stream, can be sent more than once: a retried request
/// re-sends it from its first byte. A non-seekable stream can be sent once only; a request that
/// would need to send it a second time is not retried, and the error says so.
/// </para>
/// <para>An instance is meant for one logical upload at a time; it is not thread-safe.</para>
/// </remarks>
public sealed class UploadFile
{
    /// <summary>The content type every provider expects for these files: <c>text/csv</c>.</summary>
    public const string CsvContentType = "text/csv";

    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly long _streamStart;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly Kind _kind;
    private readonly long? _length;
    private byte[]? _peeked;
    private bool _peekedAll;
    private bool _streamHandedOut;

    private enum Kind
    {
        Path,
        SeekableStream,
        ForwardOnlyStream,
        Bytes,
    }

    private UploadFile(Kind kind, string fileName, long? length, string? path, Stream? stream, ReadOnlyMemory<byte> bytes, bool leaveOpen)
    {
        _kind = kind;
        FileName = fileName;
        _length = length;
        _path = path;
        _stream = stream;
        _bytes = bytes;
        LeaveOpen = leaveOpen;
        if (stream is not null && stream.CanSeek)
        {
            _streamStart = stream.Position;
        }
    }

    /// <summary>The file name sent to the provider (without any directory).</summary>
    public string FileName { get; }

    /// <summary>
    /// The number of bytes that will be sent; <see langword="null"/> only for a non-seekable stream
    /// (until the SDK has read it to its end, as the Talkdesk checksum pass does for small files).
    /// </summary>
    public long? Length => _length ?? (_peekedAll ? _peeked!.Length : null);

    /// <summary>The content type sent with the file: always <c>text/csv</c>.</summary>
#pragma warning disable CA1822 // Part of the public contract as an instance property.
    public string ContentType => CsvContentType;
#pragma warning restore CA1822

    /// <summary>Whether the caller's stream is left open (for <see cref="FromStream"/>).</summary>
    internal bool LeaveOpen { get; }

    /// <summary>
    /// Whether the file can be read again from its first byte: always, except for a non-seekable
    /// stream that has already been handed out once.
    /// </summary>
    internal bool CanReopen => _kind != Kind.ForwardOnlyStream || !_streamHandedOut || _peekedAll;

    /// <summary>
    /// Whether the file can be read more than once at all: always, except for a non-seekable
    /// stream, unless a peek has already read it to its end (then it is held in memory).
    /// </summary>
    internal bool IsReplayable => _kind != Kind.ForwardOnlyStream || _peekedAll;

    /// <summary>
    /// A file on disk. Nothing is read until the file is sent; the length is taken from the file
    /// system now, so a missing file fails here with <see cref="FileNotFoundException"/>.
    /// </summary>
    /// <param name="path">The path of the CSV file.</param>
    /// <param name="fileName">The name to send; defaults to the file's own name.</param>
    /// <returns>The file.</returns>
    public static UploadFile FromPath(string path, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            // The path as given and as resolved: a relative path is resolved against the current directory, which is often not the one the user thinks.
            var what = Directory.Exists(info.FullName) ? "is a directory, not a file" : "does not exist";
            throw new FileNotFoundException(
                $"The file to upload {what}: '{path}'" + (string.Equals(path, info.FullName, StringComparison.Ordinal) ? "." : $" (resolved to '{info.FullName}', from the current directory '{Environment.CurrentDirectory}')."),
                info.FullName);
        }

        return new UploadFile(Kind.Path, string.IsNullOrEmpty(fileName) ? info.Name : fileName, info.Length, info.FullName, null, default, leaveOpen: false);
    }

    /// <summary>
    /// A file read from a stream, from its current position to its end. A seekable stream is
    /// rewound to that position for every attempt; a non-seekable stream is sent once only.
    /// </summary>
    /// <param name="content">The stream; it must be readable.</param>
    /// <param name="fileName">The name to send.</param>
    /// <param name="leaveOpen">
    /// <see langword="true"/> to leave the stream open; otherwise the SDK disposes it when the
    /// operation that sent it has finished.
    /// </param>
    /// <returns>The file.</returns>
    public static UploadFile FromStream(Stream content, string fileName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (!content.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(content));
        }

        return content.CanSeek
            ? new UploadFile(Kind.SeekableStream, fileName, content.Length - content.Position, null, content, default, leaveOpen)
            : new UploadFile(Kind.ForwardOnlyStream, fileName, null, null, content, default, leaveOpen);
    }

    /// <summary>A file held in memory by the caller. The SDK does not copy it.</summary>
    /// <param name="content">The bytes of the CSV.</param>
    /// <param name="fileName">The name to send.</param>
    /// <returns>The file.</returns>
    public static UploadFile FromBytes(ReadOnlyMemory<byte> content, string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return new UploadFile(Kind.Bytes, fileName, content.Length, null, null, content, leaveOpen: true);
    }

    /// <inheritdoc />
    public override string ToString() => Length is { } length ? $"{FileName} ({length} bytes)" : $"{FileName} (length unknown)";

    /// <summary>
    /// Reads up to <paramref name="buffer"/>'s length from the start of the file without
    /// consuming it: a later <see cref="OpenRead"/> still starts at the first byte. For a
    /// non-seekable stream the bytes read are kept and sent first.
    /// </summary>
    internal async ValueTask<int> PeekAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        switch (_kind)
        {
            case Kind.Bytes:
            {
                var n = Math.Min(buffer.Length, _bytes.Length);
                _bytes.Span[..n].CopyTo(buffer.Span);
                return n;
            }

            case Kind.ForwardOnlyStream:
            {
                if (_streamHandedOut && !_peekedAll)
                {
                    throw new InvalidOperationException("The non-seekable stream has already been sent and cannot be read again.");
                }

                if (!_peekedAll && (_peeked is null || _peeked.Length < buffer.Length))
                {
                    var have = _peeked?.Length ?? 0;
                    var more = new byte[buffer.Length];
                    _peeked?.CopyTo(more, 0);
                    var total = have + await ReadAtMostAsync(_stream!, more.AsMemory(have), cancellationToken).ConfigureAwait(false);
                    _peekedAll = total < more.Length;
                    _peeked = total == more.Length ? more : more[..total];
                }

                var count = Math.Min(buffer.Length, _peeked!.Length);
                _peeked.AsSpan(0, count).CopyTo(buffer.Span);
                return count;
            }

            case Kind.Path:
            {
                // The first bytes of a file, once per upload: read synchronously, as a small read from
                // the page cache is, without the thread-pool hop of an asynchronous FileStream (about
                // 30 µs a call, docs/benchmarks.md). The body itself is still read asynchronously.
                using var file = new FileStream(_path!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.None);
                var total = 0;
                int read;
                while (total < buffer.Length && (read = file.Read(buffer.Span[total..])) > 0)
                {
                    total += read;
                }

                return total;
            }

            default:
            {
                var stream = OpenRead();
                try
                {
                    return await ReadAtMostAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (_kind == Kind.SeekableStream)
                    {
                        _stream!.Position = _streamStart;
                    }

                    await ReleaseAsync(stream).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Opens the file for one read from its first byte. Give the stream back with
    /// <see cref="ReleaseAsync"/>, which disposes it unless it is the caller's own.
    /// </summary>
    /// <exception cref="InvalidOperationException">A non-seekable stream is asked for a second time.</exception>
    internal Stream OpenRead()
    {
        switch (_kind)
        {
            case Kind.Path:
                return new FileStream(_path!, new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.Read,
                    Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                    BufferSize = 0,
                });
            case Kind.SeekableStream:
                _stream!.Position = _streamStart;
                return _stream;
            case Kind.ForwardOnlyStream when _peekedAll:
                // The whole stream was read by a peek: it is in memory and can be sent any number of times.
                _streamHandedOut = true;
                return new ReadOnlyMemoryStream(_peeked);
            case Kind.ForwardOnlyStream:
                if (_streamHandedOut)
                {
                    throw new InvalidOperationException(
                        $"The file '{FileName}' comes from a non-seekable stream that was already sent once, so it cannot be sent again. " +
                        "Use UploadFile.FromPath, FromBytes or a seekable stream so that a retry can re-send the file from its first byte.");
                }

                _streamHandedOut = true;
                return _peeked is { Length: > 0 } ? new PrefixedStream(_peeked, _stream!) : _stream!;
            default:
                return new ReadOnlyMemoryStream(_bytes);
        }
    }

    /// <summary>Gives back a stream from <see cref="OpenRead"/>.</summary>
    internal ValueTask ReleaseAsync(Stream stream)
    {
        // The caller's stream stays open until the operation ends (see DisposeSourceAsync):
        // a retry needs it again.
        return ReferenceEquals(stream, _stream) ? ValueTask.CompletedTask : stream.DisposeAsync();
    }

    /// <summary>Disposes the caller's stream when the caller asked the SDK to (leaveOpen: false).</summary>
    internal ValueTask DisposeSourceAsync() => _stream is not null && !LeaveOpen ? _stream.DisposeAsync() : ValueTask.CompletedTask;

    private static async ValueTask<int> ReadAtMostAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
