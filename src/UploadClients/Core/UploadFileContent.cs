using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>
/// Streams an <see cref="UploadFile"/> to the connection in fixed-size chunks, reporting
/// progress. Every serialization (every attempt) starts again from the file's first byte.
/// </summary>
internal sealed class UploadFileContent : HttpContent, IReplayableContent
{
    /// <summary>The chunk size: below the large-object-heap threshold, and large enough for full-speed I/O.</summary>
    internal const int ChunkSize = 81920;

    private readonly UploadFile _file;
    private readonly IProgress<UploadProgress>? _progress;

    private readonly string? _provider;
    private readonly string? _account;

    internal UploadFileContent(UploadFile file, IProgress<UploadProgress>? progress, string? provider = null, string? account = null)
    {
        _file = file;
        _progress = progress;
        _provider = provider;
        _account = account;
        Headers.ContentType = new MediaTypeHeaderValue(UploadFile.CsvContentType);
    }

    public bool CanReplay => _file.CanReopen;

    public bool CarriesFile => true;

    internal UploadFile File => _file;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = _file.OpenRead();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long sent = 0;
        try
        {
            _progress?.Report(new UploadProgress(0, _file.Length));
            var declared = _file.Length;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                // The declared length (Content-Length) and checksum were taken earlier: a file that has
                // grown is refused before its last declared byte goes out, so the body stays incomplete
                // and the provider stores nothing.
                if (declared is { } d && (sent + read > d || (sent + read == d && await GrewAsync(source, cancellationToken).ConfigureAwait(false))))
                {
                    throw new UploadFileChangedException(_file.FileName, d, grew: true);
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
                _progress?.Report(new UploadProgress(sent, _file.Length));
            }

            if (declared is { } expected && sent < expected)
            {
                throw new UploadFileChangedException(_file.FileName, expected, grew: false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await _file.ReleaseAsync(source).ConfigureAwait(false);
            UploadClientsTelemetry.BytesSent.Add(sent, UploadClientsTelemetry.Tags(_provider, _account));
        }
    }

    /// <summary>Whether the source has a byte past the declared end.</summary>
    private static async ValueTask<bool> GrewAsync(Stream source, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        return await source.ReadAsync(one, cancellationToken).ConfigureAwait(false) > 0;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _file.Length ?? -1;
        return _file.Length.HasValue;
    }
}
