using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients.Cli;

/// <summary>
/// <c>uploadclients doctor [optimaldial|orbitsearch|talkdesk]</c>: the live APIs held against their
/// documented shapes (IProviderDriftCheck): reads only, nothing charged or changed; a table per
/// provider, or one JSON object per call; exit 6 on drift.
/// </summary>
internal static class DoctorCommand
{
    internal static Command Create(Globals globals)
    {
        var provider = new Argument<string?>("provider") { Description = "optimaldial, orbitsearch or talkdesk (default: every provider with credentials).", Arity = ArgumentArity.ZeroOrOne };
        provider.AcceptOnlyFromAmong("optimaldial", "orbitsearch", "talkdesk");
        var org = new Option<Guid?>("--org") { Description = "The OrbitSearch organization whose directory's readiness is read (offline: the fake's)." };
        var directory = new Option<Guid?>("--directory") { Description = "The OrbitSearch directory whose readiness is read (offline: the fake's)." };
        var doctor = new Command(
            "doctor",
            "Check the live APIs against the shapes their documentation shows (the SDK was built against them): reads only, nothing is charged or changed. " +
            "Prints the calls, what was checked and what differs (paths and types, never a value). Exit codes: 0 every answer in its documented shape (notices allowed), " +
            "6 drift found, 2 configuration problems (nothing called), 3 a provider refused (the credential is named), 1 anything else.")
        {
            provider, org, directory,
        };
        doctor.SetAction(globals.Action("doctor", async (session, ct) =>
        {
            var options = new ProviderDriftCheckOptions
            {
                OrbitSearchOrganizationId = session.Context.Value(doctor, org) ?? session.Harness?.OrbitSearch.DefaultOrganizationId,
                OrbitSearchDirectoryId = session.Context.Value(doctor, directory) ?? session.Harness?.OrbitSearch.DefaultDirectoryId,
            };
            if (session.Context.Value(doctor, provider) is { } named)
            {
                options.Providers.Add(named switch
                {
                    "optimaldial" => UploadProvider.OptimalDial,
                    "orbitsearch" => UploadProvider.OrbitSearch,
                    _ => UploadProvider.Talkdesk,
                });
            }

            if (session.Harness is { } fake && fake.OptimalDial.UploadIds.Count == 0)
            {
                // The embedded fake starts empty: one upload, so that the upload's own GET is checked too.
                fake.OptimalDial.AddUpload("completed");
            }

            var report = await session.DriftCheck.CheckAsync(options, ct).ConfigureAwait(false);
            if (session.Json)
            {
                foreach (var check in report.Checks)
                {
                    session.Context.Output.WriteLine(JsonSerializer.Serialize(DoctorResult.From(check), DoctorJson.Default.DoctorResult));
                }
            }
            else
            {
                WriteTables(session.Context.Output, report);
            }

            return ExitCodeOf(report);
        }));
        return doctor;
    }

    /// <summary>6 on drift (a certain finding), else 3 when a provider refused, 1 when a call failed, 0 when every answer has its documented shape.</summary>
    internal static int ExitCodeOf(ProviderDriftReport report) =>
        report.HasDrift ? Cli.Drift : report.HasRefusals ? Cli.Refused : report.HasFailures ? Cli.Failed : Cli.Done;

    private static void WriteTables(TextWriter output, ProviderDriftReport report)
    {
        foreach (var provider in report.Checks.GroupBy(c => c.Provider))
        {
            output.WriteLine(provider.Key.ToString());
            var width = provider.Max(c => c.Endpoint.Length);
            foreach (var check in provider)
            {
                var status = check.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "---";
                var drift = check.Findings.Count(f => f.IsDrift);
                var notices = check.Findings.Count - drift;
                var verdict = check.Outcome switch
                {
                    ProviderCheckOutcome.Conforms => notices == 0 ? "as documented" : $"as documented ({Count(notices, "notice")})",
                    ProviderCheckOutcome.Drift => $"DRIFT ({Count(drift, "finding")}{(notices == 0 ? string.Empty : ", " + Count(notices, "notice"))})",
                    ProviderCheckOutcome.Refused => "REFUSED",
                    ProviderCheckOutcome.NotChecked => "not checked",
                    _ => "FAILED",
                };
                output.WriteLine($"  {check.Endpoint.PadRight(width)}  {status}  {verdict}");
                output.WriteLine($"    checked: {check.Checked}");
                if (check.Message is { } message)
                {
                    output.WriteLine($"    {message}");
                }

                foreach (var finding in check.Findings)
                {
                    output.WriteLine($"    {(finding.IsDrift ? "drift " : "notice")}  {KindText(finding.Kind),-13} {finding}");
                }

                if (check.OmittedFindings > 0)
                {
                    output.WriteLine($"    … and {Count(check.OmittedFindings, "more finding")} (--json has the same first 100)");
                }
            }
        }

        var total = report.Checks.Sum(c => c.Findings.Count(f => f.IsDrift));
        output.WriteLine(report.HasDrift
            ? $"Drift: {Count(total, "finding")} where an answer left its documented shape (exit code 6). The SDK reads what it can (unknown fields and values are kept); check the provider's changelog and upgrade UploadClients."
            : report.HasRefusals ? "A provider refused a read: the check is incomplete (exit code 3)."
            : report.HasFailures ? "A read got no usable answer: the check is incomplete (exit code 1)."
            : "Every answer has its documented shape (exit code 0).");
    }

    private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");

    /// <summary>An outcome as the JSON prints it (snake_case).</summary>
    internal static string OutcomeText(ProviderCheckOutcome outcome) => outcome switch
    {
        ProviderCheckOutcome.Conforms => "conforms",
        ProviderCheckOutcome.Drift => "drift",
        ProviderCheckOutcome.Refused => "refused",
        ProviderCheckOutcome.NotChecked => "not_checked",
        _ => "failed",
    };

    /// <summary>A finding's kind as the JSON and the table print it (snake_case).</summary>
    internal static string KindText(DriftFindingKind kind) => kind switch
    {
        DriftFindingKind.Missing => "missing",
        DriftFindingKind.Type => "type",
        DriftFindingKind.UnknownValue => "unknown_value",
        DriftFindingKind.Undocumented => "undocumented",
        DriftFindingKind.Status => "status",
        DriftFindingKind.ContentType => "content_type",
        _ => "header",
    };
}

/// <summary>One call of <c>doctor --json</c>: <c>{"provider", "endpoint", "checked", "status_code", "outcome", "message", "findings": [{"path", "kind", "documented", "observed", "drift"}]}</c>.</summary>
internal sealed record DoctorResult
{
    public required string Provider { get; init; }

    public required string Endpoint { get; init; }

    public required string Checked { get; init; }

    public int? StatusCode { get; init; }

    public required string Outcome { get; init; }

    public string? Message { get; init; }

    public required IReadOnlyList<DoctorFinding> Findings { get; init; }

    public int? OmittedFindings { get; init; }

    internal static DoctorResult From(ProviderEndpointCheck check) => new()
    {
        Provider = check.Provider.ToString().ToLowerInvariant(),
        Endpoint = check.Endpoint,
        Checked = check.Checked,
        StatusCode = check.StatusCode,
        Outcome = DoctorCommand.OutcomeText(check.Outcome),
        Message = check.Message,
        Findings = [.. check.Findings.Select(f => new DoctorFinding(f.Path, DoctorCommand.KindText(f.Kind), f.Documented, f.Observed, f.IsDrift))],
        OmittedFindings = check.OmittedFindings == 0 ? null : check.OmittedFindings,
    };
}

/// <summary>One finding of <c>doctor --json</c>; <c>drift</c> is false for a notice.</summary>
internal sealed record DoctorFinding(
    string Path,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Documented,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Observed,
    bool Drift);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DoctorResult))]
internal sealed partial class DoctorJson : JsonSerializerContext;
