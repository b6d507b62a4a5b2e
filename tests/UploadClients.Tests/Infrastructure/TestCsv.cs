using System.Globalization;
using System.Text;

namespace UploadClients.Tests.Infrastructure;

/// <summary>Builds CSV files for tests.</summary>
internal static class TestCsv
{
    /// <summary>A CSV with a header (name,phone,city) and <paramref name="rows"/> valid US numbers.</summary>
    public static byte[] Contacts(int rows = 150, string phoneHeader = "phone", int invalidRows = 0)
    {
        var sb = new StringBuilder();
        sb.Append("name,").Append(phoneHeader).Append(",city\r\n");
        for (var i = 0; i < rows; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Contact {i},+1 (415) 555-{i % 10000:0000},San Francisco\r\n");
        }

        for (var i = 0; i < invalidRows; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Bad {i},12345,Nowhere\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static UploadFile File(int rows = 150, string name = "contacts.csv") => UploadFile.FromBytes(Contacts(rows), name);

    /// <summary>Writes a CSV of about <paramref name="bytes"/> bytes to a temp file without holding it in memory.</summary>
    public static string WriteLarge(long bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), "uploadclients-" + Guid.NewGuid().ToString("N") + ".csv");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write("name,phone,city\r\n");
        long written = 17;
        var i = 0;
        while (written < bytes)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"Contact {i},+1 (415) 555-{i % 10000:0000},San Francisco\r\n");
            writer.Write(line);
            written += line.Length;
            i++;
        }

        return path;
    }
}

/// <summary>A readable stream that cannot seek (a network or pipe stream, as far as the SDK can tell).</summary>
internal sealed class ForwardOnlyStream(byte[] content) : Stream
{
    private readonly MemoryStream _inner = new(content);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = _inner.Read(buffer, offset, count);
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A seekable stream that claims a length and serves a header, then zeros, and counts what is read.</summary>
internal sealed class CountingSparseStream(long length, byte[] prefix) : Stream
{
    private long _position;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => _position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        if (n <= 0)
        {
            return 0;
        }

        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            buffer[offset + i] = at < prefix.Length ? prefix[at] : (byte)'0';
        }

        _position += n;
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
