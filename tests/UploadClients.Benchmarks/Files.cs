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
}
