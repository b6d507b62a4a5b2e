using System.Globalization;
using System.Text;

namespace UploadClients.Benchmarks;

/// <summary>CSV files for the benchmarks, written once to the temp folder.</summary>
public static class Files
{
    public static string Csv(long bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"uploadclients-bench-{bytes}.csv");
        if (File.Exists(path) && new FileInfo(path).Length >= bytes)
        {
            return path;
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("name,phone,city\r\n");
        long written = 17;
        for (var i = 0; written < bytes; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"Contact {i},+1 (415) 555-{i % 10000:0000},San Francisco\r\n");
            if (written + line.Length > bytes)
            {
                break;
            }

            writer.Write(line);
            written += line.Length;
        }

        return path;
    }

    /// <summary>A CSV of a header and <paramref name="rows"/> contact rows.</summary>
    public static string Rows(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"uploadclients-bench-rows-{rows}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("name,phone,city\r\n");
        for (var i = 0; i < rows; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"Contact {i},+1 (415) 555-{i % 10000:0000},San Francisco\r\n"));
        }

        return path;
    }

    /// <summary>
    /// A CSV of <c>name,phone</c> rows of about 24 bytes (4.4 million rows in 100 MB) whose phone values
    /// mix the shapes people type: mostly valid US and Canadian numbers over many area codes, one row in
    /// 25 invalid, one in 50 another country, one in 100 blank.
    /// </summary>
    public static string PhoneRows(long bytes, bool foreign = true)
    {
        var path = Path.Combine(Path.GetTempPath(), $"uploadclients-bench-phones-{bytes}{(foreign ? string.Empty : "-nanp")}.csv");
        if (File.Exists(path) && new FileInfo(path).Length >= bytes - 64)
        {
            return path;
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("name,phone\r\n");
        long written = 12;
        for (var i = 0; ; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"C{i},{PhoneValue(foreign || i % 100 is not (1 or 51) ? i : i + 3)}\r\n");
            if (written + line.Length > bytes)
            {
                break;
            }

            writer.Write(line);
            written += line.Length;
        }

        return path;
    }

    private static readonly string[] AreaCodes = ["212", "415", "646", "303", "512", "617", "702", "416", "604", "514", "800", "888", "305", "213", "312", "404"];

    /// <summary>The <paramref name="i"/>th phone value of <see cref="PhoneRows"/>.</summary>
    public static string PhoneValue(int i)
    {
        var area = AreaCodes[i % AreaCodes.Length];
        var exchange = 200 + ((i / 7) % 800);
        var line = (i * 7919) % 10000;
        return (i % 100) switch
        {
            0 => string.Empty,
            1 or 51 => "+44 20 7946 " + line.ToString("D4", CultureInfo.InvariantCulture),
            2 or 27 or 52 or 77 => "555-" + line.ToString("D4", CultureInfo.InvariantCulture),
            _ => (i % 4) switch
            {
                0 => string.Create(CultureInfo.InvariantCulture, $"({area}) {exchange}-{line:D4}"),
                1 => string.Create(CultureInfo.InvariantCulture, $"{area}.{exchange}.{line:D4}"),
                2 => string.Create(CultureInfo.InvariantCulture, $"+1{area}{exchange}{line:D4}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"1-{area}-{exchange}-{line:D4}"),
            },
        };
    }
}
