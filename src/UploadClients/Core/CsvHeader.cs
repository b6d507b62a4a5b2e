using System.Buffers;
using System.Text;

namespace UploadClients;

/// <summary>
/// Reads the header row of a CSV from its first line only: one buffer of at most
/// <see cref="MaxHeaderBytes"/>, never the whole file. Handles a UTF-8 byte-order mark, quoted
/// names (with <c>""</c> escapes and embedded commas or line breaks) and CRLF or LF endings.
/// </summary>
internal static class CsvHeader
{
    /// <summary>The most the sniffer reads; a header row longer than this is refused.</summary>
    internal const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The first read for a file or seekable stream; only a longer first line needs more.</summary>
    internal const int FirstChunkBytes = 4 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The outcome of reading the first line.</summary>
    /// <param name="BytesInspected">How many bytes were read (for tests and benchmarks).</param>
    /// <param name="IsEmpty">The file has no bytes at all.</param>
    /// <param name="Columns">The header's column names; empty when there is no header row.</param>
    /// <param name="Problem">Why no header could be read, when none could.</param>
    /// <param name="LineIncomplete">No line end was found in the bytes read, and the file goes on.</param>
    internal sealed record Result(int BytesInspected, bool IsEmpty, IReadOnlyList<string> Columns, string? Problem, bool LineIncomplete = false);

    internal static async Task<Result> ReadAsync(UploadFile file, CancellationToken cancellationToken)
    {
        // A non-seekable stream is peeked 64 KB at once: a small one is then held whole (replayable,
        // with a known length). A file or seekable stream starts with 4 KB, enough for nearly every header.
        if (file.Length is not null)
        {
            var first = await ReadAsync(file, FirstChunkBytes, cancellationToken).ConfigureAwait(false);
            if (!first.LineIncomplete)
            {
                return first;
            }
        }

        return await ReadAsync(file, MaxHeaderBytes, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Result> ReadAsync(UploadFile file, int limit, CancellationToken cancellationToken)
    {
        var size = file.Length is { } length ? (int)Math.Min(length, limit) : limit;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            var read = await file.PeekAsync(buffer.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            var reachedEnd = read < size || (file.Length is { } l && l <= limit);
            return Parse(buffer.AsSpan(0, read), reachedEnd);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses the first line of <paramref name="data"/>; <paramref name="isWholeFile"/> says whether the data ends where the file does.</summary>
    internal static Result Parse(ReadOnlySpan<byte> data, bool isWholeFile)
    {
        var inspected = data.Length;
        if (data.IsEmpty)
        {
            return new Result(inspected, true, [], "the file is empty.");
        }

        if (CsvText.EncodingProblem(data) is { } encoding)
        {
            return new Result(inspected, false, [], encoding);
        }

        if (data.StartsWith(Utf8Bom))
        {
            data = data[Utf8Bom.Length..];
        }

        var end = FindEndOfFirstLine(data);
        if (end < 0)
        {
            if (!isWholeFile)
            {
                return new Result(inspected, false, [], $"the first line is longer than {MaxHeaderBytes / 1024} KB, so it cannot be a header row; check that the file is a CSV with one header line.", LineIncomplete: true);
            }

            end = data.Length;
        }

        string line;
        try
        {
            line = new UTF8Encoding(false, true).GetString(data[..end]);
        }
        catch (DecoderFallbackException)
        {
            return new Result(inspected, false, [], CsvText.NotUtf8("the header row"));
        }

        var columns = SplitFields(line);
        if (CsvText.DelimiterProblem(columns) is { } delimiter)
        {
            return new Result(inspected, false, [], delimiter); // no columns: a "phone column not found" would only repeat it
        }

        if (columns.TrueForAll(string.IsNullOrWhiteSpace))
        {
            return new Result(inspected, false, [], "the file has no header row (its first line is blank); add a first line naming the columns.");
        }

        return new Result(inspected, false, columns, null);
    }

    private static int FindEndOfFirstLine(ReadOnlySpan<byte> data)
    {
        var inQuotes = false;
        for (var i = 0; i < data.Length; i++)
        {
            switch (data[i])
            {
                case (byte)'"':
                    inQuotes = !inQuotes;
                    break;
                case (byte)'\n' or (byte)'\r' when !inQuotes:
                    return i;
            }
        }

        return -1;
    }

    private static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.ToString().Trim().Length == 0)
            {
                current.Clear();
                inQuotes = true;
                wasQuoted = true;
            }
            else if (c == ',')
            {
                fields.Add(Finish(current, wasQuoted));
                current.Clear();
                wasQuoted = false;
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(Finish(current, wasQuoted));
        return fields;
    }

    private static string Finish(StringBuilder field, bool wasQuoted) => wasQuoted ? field.ToString() : field.ToString().Trim();
}
