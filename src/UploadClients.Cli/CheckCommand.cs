using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients.Cli;

/// <summary><c>uploadclients &lt;provider&gt; check FILE</c>: the offline inspection, as a table or JSON; nothing is sent.</summary>
internal static class CheckCommand
{
    internal static Command Create(Globals globals, string provider, CsvInspectionRules rules, string description)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV to inspect (read in full, offline; nothing is sent)." };
        var phoneColumn = new Option<string>("--phone-column") { Description = "The header of the phone-number column.", Required = rules == CsvInspectionRules.OptimalDial };
        var problems = new Option<int>("--problems") { Description = "How many problem rows to print.", DefaultValueFactory = _ => 20 };
        var check = new Command("check", description) { file, problems };
        if (rules == CsvInspectionRules.OptimalDial)
        {
            check.Add(phoneColumn);
        }

        check.SetAction(globals.Action(provider + " check", async (session, ct) =>
        {
            var source = UploadFile.FromPath(session.Context.Resolve(check, file));
            var report = await CsvInspector.InspectAsync(
                source,
                new CsvInspectionOptions
                {
                    Rules = rules,
                    PhoneColumn = rules == CsvInspectionRules.OptimalDial ? session.Context.Value(check, phoneColumn) : null,
                    MaxProblems = Math.Max(0, session.Context.Value(check, problems)),
                    // The configured limit, as `talkdesk upload` applies it: one set of rules, one verdict.
                    MaxFileBytes = rules == CsvInspectionRules.Talkdesk ? session.Options.Talkdesk.MaxFileBytes ?? long.MaxValue : null,
                },
                ct).ConfigureAwait(false);
            if (session.Json)
            {
                session.Context.Output.WriteLine(JsonSerializer.Serialize(CheckResult.From(provider, report), CheckJson.Default.CheckResult));
            }
            else
            {
                WriteTable(session.Context.Output, provider, report);
            }

            return report.WouldBeRefused ? Cli.Invalid : Cli.Done;
        }));
        return check;
    }

    private static void WriteTable(TextWriter output, string provider, CsvInspection report)
    {
        var rows = new List<(string, string)>
        {
            ("file", report.FileName),
            ("bytes", report.Bytes.ToString("N0", CultureInfo.InvariantCulture)),
            ("rows", report.Rows.ToString("N0", CultureInfo.InvariantCulture)),
            ("columns", string.Join(", ", report.Columns)),
        };
        if (report.PhoneColumns.Count > 0)
        {
            var n = report.PhoneNumbers;
            rows.Add(("phone columns", string.Join(", ", report.PhoneColumns)));
            rows.Add(("valid US/Canada", n.ValidUsCanada.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("valid elsewhere", n.ValidElsewhere.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("invalid", n.Invalid.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("empty", n.Empty.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("duplicates", n.Duplicates.ToString("N0", CultureInfo.InvariantCulture)));
        }

        if (report.EstimatedCredits is { } credits)
        {
            rows.Add(("estimated credits", credits.ToString("N0", CultureInfo.InvariantCulture)));
        }

        rows.Add(("problem rows", report.ProblemCount.ToString("N0", CultureInfo.InvariantCulture)));
        rows.Add(("verdict", report.WouldBeRefused ? $"{provider} would refuse it" : "nothing the provider is documented to refuse"));
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (name, value) in rows)
        {
            output.WriteLine($"{name.PadRight(width)}  {value}");
        }

        foreach (var refusal in report.Refusals)
        {
            output.WriteLine($"refused: {refusal}");
        }

        if (report.Problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("line      column        problem");
            foreach (var p in report.Problems)
            {
                output.WriteLine($"{p.Line.ToString(CultureInfo.InvariantCulture),-9} {(p.Column ?? "-"),-13} {p.Reason}");
            }
        }

        output.WriteLine();
        output.WriteLine(CsvInspection.EstimateNote);
    }
}

/// <summary>The JSON of <c>check --json</c>: the report's figures; problem rows without their values (customer data).</summary>
internal sealed record CheckResult
{
    public required string Provider { get; init; }

    public string Command { get; init; } = "check";

    public required string FileName { get; init; }

    public long Bytes { get; init; }

    public long Rows { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    public required IReadOnlyList<string> PhoneColumns { get; init; }

    public long ValidUsCanada { get; init; }

    public long ValidElsewhere { get; init; }

    public long Invalid { get; init; }

    public long Empty { get; init; }

    public long Duplicates { get; init; }

    public long? EstimatedCredits { get; init; }

    public long ProblemCount { get; init; }

    public required IReadOnlyList<CheckProblem> Problems { get; init; }

    public bool WouldBeRefused { get; init; }

    public required IReadOnlyList<string> Refusals { get; init; }

    public string Note { get; init; } = CsvInspection.EstimateNote;

    internal static CheckResult From(string provider, CsvInspection report) => new()
    {
        Provider = provider,
        FileName = report.FileName,
        Bytes = report.Bytes,
        Rows = report.Rows,
        Columns = report.Columns,
        PhoneColumns = report.PhoneColumns,
        ValidUsCanada = report.PhoneNumbers.ValidUsCanada,
        ValidElsewhere = report.PhoneNumbers.ValidElsewhere,
        Invalid = report.PhoneNumbers.Invalid,
        Empty = report.PhoneNumbers.Empty,
        Duplicates = report.PhoneNumbers.Duplicates,
        EstimatedCredits = report.EstimatedCredits,
        ProblemCount = report.ProblemCount,
        Problems = [.. report.Problems.Select(p => new CheckProblem(p.Line, p.Column, p.Reason))],
        WouldBeRefused = report.WouldBeRefused,
        Refusals = report.Refusals,
    };
}

/// <summary>One problem row of <c>check --json</c>.</summary>
internal sealed record CheckProblem(long Line, string? Column, string Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckResult))]
internal sealed partial class CheckJson : JsonSerializerContext;
