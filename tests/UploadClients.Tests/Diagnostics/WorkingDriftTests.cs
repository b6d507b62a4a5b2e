using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using UploadClients.Tests.Observability;

namespace UploadClients.Tests.Diagnostics;

/// <summary>Drift met while working: a Warning once per shape and path (never the value), and a metric for every answer.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public class Drift_met_while_working
{
    // The shapes are made off the first read's path (its answer is not scanned): made now, so that every read here is.
    public Drift_met_while_working() => WorkingDrift.Prepare();

    private const string Metric = "uploadclients.drift";

    private static List<string> Warnings(TestHost host) => [.. host.Logs.Lines.Where(l => l.StartsWith("Warning ", StringComparison.Ordinal) && (l.Contains("documentation does not list", StringComparison.Ordinal) || l.Contains("lacks the documented member", StringComparison.Ordinal)))];

    [Fact]
    public async Task An_unknown_status_is_logged_once_without_its_value_and_counted_on_every_answer()
    {
        using var telemetry = new TelemetryRecorder();
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.SetField("status", "quarantined"), times: 3);

        for (var i = 0; i < 3; i++)
        {
            var upload = await host.OptimalDial.GetUploadAsync(id);
            Assert.False(upload.Status.IsDocumented);
        }

        var warning = Assert.Single(Warnings(host));
        Assert.StartsWith("Warning UploadClients.OptimalDial: OptimalDial's upload answer has a value of 'status' the documentation does not list", warning);
        Assert.DoesNotContain("quarantined", warning, StringComparison.Ordinal);
        Assert.Equal(3, telemetry.Sum(Metric, (WorkingDrift.PathTag, "status"), (WorkingDrift.KindTag, "unknown_value"), (UploadClientsTelemetry.ProviderTag, "OptimalDial"), (WorkingDrift.ShapeTag, "upload")));
    }

    [Fact]
    public async Task A_documented_member_absent_is_logged_once_per_path()
    {
        using var telemetry = new TelemetryRecorder();
        using var host = TestHost.Start();
        var orbit = host.Harness.OrbitSearch;
        var source = await host.OrbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest { OrganizationId = orbit.DefaultOrganizationId, DirectoryId = orbit.DefaultDirectoryId, File = TestCsv.File(20) });
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetSourceStatus, HarnessFault.MissingField("warnings"), times: 2);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskGetRecordList, HarnessFault.MissingField("name"));

        await host.OrbitSearch.GetSourceAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId, source.SourceId);
        await host.OrbitSearch.GetSourceAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId, source.SourceId);
        await host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId);

        Assert.Equal(
            [
                "Warning UploadClients.OrbitSearch: OrbitSearch's source status answer lacks the documented member 'warnings'",
                "Warning UploadClients.Talkdesk: Talkdesk's record list answer lacks the documented member 'name'",
            ],
            Warnings(host).Select(w => w[..w.IndexOf(": the SDK", StringComparison.Ordinal)]).Order());
        Assert.Equal(2, telemetry.Sum(Metric, (WorkingDrift.PathTag, "warnings"), (WorkingDrift.KindTag, "missing")));
        Assert.Equal(1, telemetry.Sum(Metric, (WorkingDrift.PathTag, "name"), (WorkingDrift.KindTag, "missing"), (UploadClientsTelemetry.ProviderTag, "Talkdesk")));
    }

    [Fact]
    public async Task Documented_answers_log_and_count_nothing()
    {
        using var telemetry = new TelemetryRecorder();
        var clock = new TestClock();
        using var host = TestHost.Start(clock, talkdeskOAuth: true);
        var orbit = host.Harness.OrbitSearch;

        await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));
        await clock.RunAsync(host.OrbitSearch.UploadAndWaitAsync(new OrbitSearchCsvUploadRequest { OrganizationId = orbit.DefaultOrganizationId, DirectoryId = orbit.DefaultDirectoryId, File = TestCsv.File(20) }));
        await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));
        await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Working", File = TestCsv.File(10) }));

        Assert.Empty(Warnings(host));
        Assert.Equal(0, telemetry.Sum(Metric));
    }
}
