using System.Globalization;
using System.Text;

namespace UploadClients.Benchmarks;

/// <summary>
/// <c>--plot [results folder] [svg]</c>: draws the scaling rows of the last BenchmarkDotNet run
/// (its CSV reports) as an SVG: for each row, the SDK's mean time over its baseline's, measured in the
/// same run, with the 1.05 target marked, and both allocations written beside it.
/// </summary>
public static class Plot
{
    private static readonly (string Class, string Param, Func<string, string> Label)[] Rows =
    [
        ("ScalingUploadSize", "Megabytes", p => $"one upload, {p} MB"),
        ("ScalingUploadSizeClientSide", "Megabytes", p => $"one upload, {p} MB, client only"),
        ("ScalingConcurrentUploads", "Concurrent", p => $"{p} × 1 MB uploads at once"),
        ("ScalingTenThousandPolls", "", _ => "10,000 polls of one upload"),
        ("ScalingCsv100kRows", "", _ => "100,000-row CSV: header + MD5"),
    ];

    public static void Write(string resultsFolder, string svgPath)
    {
        var bars = new List<(string Label, double TimeRatio, string Baseline, string Sdk, string AllocBaseline, string AllocSdk)>();
        foreach (var (name, param, label) in Rows)
        {
            var file = Path.Combine(resultsFolder, $"UploadClients.Benchmarks.{name}-report.csv");
            if (!File.Exists(file))
            {
                Console.WriteLine($"// no report for {name} in {resultsFolder}: run --filter '*{name}*' first");
                continue;
            }

            var lines = File.ReadAllLines(file);
            var header = Split(lines[0]);
            // The last column of a name: a parameter named like a job setting (Concurrent) comes after it.
            int Col(string column) => Array.LastIndexOf(header, column);
            var rows = lines.Skip(1).Select(Split).ToList();
            foreach (var group in rows.GroupBy(r => param.Length == 0 ? string.Empty : r[Col(param)]))
            {
                // The baseline is the [Benchmark(Baseline = true)] method: the one of each class that is not the SDK's.
                var baseline = group.First(r => !r[Col("Method")].StartsWith("Sdk", StringComparison.Ordinal));
                var sdk = group.First(r => r[Col("Method")].StartsWith("Sdk", StringComparison.Ordinal));
                var ratio = Seconds(sdk[Col("Mean")]) / Seconds(baseline[Col("Mean")]);
                bars.Add((label(group.Key), ratio, baseline[Col("Mean")], sdk[Col("Mean")], baseline[Col("Allocated")], sdk[Col("Allocated")]));
            }
        }

        const int Left = 250, BarWidth = 300, RowHeight = 30, Top = 60;
        var height = Top + (bars.Count * RowHeight) + 50;
        double Scale(double ratio) => Math.Min(ratio, 2.0) / 2.0 * BarWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">UploadClients: time of the SDK ÷ time of the hand-written call, same run</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"42\" fill=\"#555\">bars: mean-time ratio (1.0 = as fast as HttpClient by hand; dashed: the 1.05 target); right: mean times and allocations, baseline → SDK</text>\n");
        foreach (var (x, label, dash) in new[] { (1.0, "1.0", ""), (1.05, "1.05", " stroke-dasharray=\"4 3\"") })
        {
            var px = Left + Scale(x);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{px:F1}\" y1=\"{Top - 8}\" x2=\"{px:F1}\" y2=\"{Top + (bars.Count * RowHeight)}\" stroke=\"#c00\"{dash}/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{px:F1}\" y=\"{Top + (bars.Count * RowHeight) + 14}\" text-anchor=\"middle\" fill=\"#c00\">{label}</text>\n");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var (label, ratio, baseTime, sdkTime, baseAlloc, sdkAlloc) = bars[i];
            var y = Top + (i * RowHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + 17}\" text-anchor=\"end\">{Escape(label)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y + 5}\" width=\"{Scale(ratio):F1}\" height=\"18\" fill=\"{(ratio <= 1.05 ? "#3a7" : "#d93")}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + Scale(ratio) + 4:F1}\" y=\"{y + 18}\">{ratio:F2}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + BarWidth + 50}\" y=\"{y + 18}\" fill=\"#333\">{Escape(baseTime)} → {Escape(sdkTime)}; {Escape(baseAlloc)} → {Escape(sdkAlloc)}</text>\n");
        }

        svg.Append("</svg>\n");
        File.WriteAllText(svgPath, svg.ToString());
        Console.WriteLine($"// wrote {svgPath} ({bars.Count} rows)");
    }

    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }

    /// <summary>A BenchmarkDotNet time ("171.2 ms", "1,234.5 μs") in seconds.</summary>
    private static double Seconds(string time)
    {
        var parts = time.Split(' ', 2);
        var value = double.Parse(parts[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return value * (parts.Length < 2 ? 1 : parts[1] switch
        {
            "ns" => 1e-9,
            "μs" or "us" => 1e-6,
            "ms" => 1e-3,
            "s" => 1,
            _ => 1,
        });
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
