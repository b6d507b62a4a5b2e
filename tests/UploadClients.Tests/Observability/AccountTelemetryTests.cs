using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UploadClients.OptimalDial;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.DependencyInjection;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Observability;

[Collection(nameof(TelemetryRunsAlone))]
public class Telemetry_names_the_account_never_its_credentials
{
    [Fact]
    public async Task Spans_metrics_and_log_scopes_of_a_named_account_carry_its_name_and_the_default_accounts_carry_none()
    {
        using var telemetry = new TelemetryRecorder();
        using var harness = UploadClientsHarness.Start();
        var acme = Account.Add(harness, "acme");
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddUploadClients(o => harness.Configure(o));
        acme.Register(services, harness, talkdeskOAuth: true);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503));

        await factory.GetOptimalDial("acme").UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(150, "acme-1.csv"), PhoneColumn = "phone" });
        await factory.GetTalkdesk("acme").UploadAndWaitAsync(acme.RecordList, new TalkdeskCreateUploadRequest { File = TestCsv.File(5, "acme-2.csv") });
        await provider.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(150, "default.csv"), PhoneColumn = "phone" });

        const string Tag = "uploadclients.account";
        var acmeSpans = telemetry.Spans.Where(s => Equals(s.GetTagItem(Tag), "acme")).ToList();
        Assert.Contains(acmeSpans, s => s.DisplayName == "OptimalDial.CreateUpload");
        Assert.Contains(acmeSpans, s => s.DisplayName == "OptimalDial.Wait");
        Assert.Contains(acmeSpans, s => s.DisplayName.StartsWith("Talkdesk.", StringComparison.Ordinal));
        Assert.Equal(2, telemetry.Sum("uploadclients.uploads", (Tag, "acme")));
        Assert.True(telemetry.Sum("uploadclients.bytes_sent", (Tag, "acme")) > 0);
        Assert.True(telemetry.Sum("uploadclients.polls", (Tag, "acme")) > 0);
        Assert.Equal(1, telemetry.Sum("uploadclients.retries", (Tag, "acme")));
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "uploadclients.time_to_terminal" && m.Tags.Any(t => t.Key == Tag && Equals(t.Value, "acme")));

        // The default account's telemetry is as it was: no account tag.
        var defaultUploads = telemetry.Measurements.Where(m => m.Instrument == "uploadclients.uploads" && m.Tags.All(t => t.Key != Tag)).ToList();
        Assert.Single(defaultUploads);
        Assert.Contains(telemetry.Spans, s => s.DisplayName == "OptimalDial.CreateUpload" && s.GetTagItem(Tag) is null);

        // Logs written inside an account's call are in its scope.
        Assert.Contains(logs.Lines, l => l.EndsWith("scope: UploadClients account acme", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("scope: UploadClients account", StringComparison.Ordinal) && !l.EndsWith("account acme", StringComparison.Ordinal));

        var text = string.Join("\n", telemetry.AllTagText());
        foreach (var secret in new[] { acme.OptimalDialKey, acme.OrbitSearchToken, acme.TalkdeskToken, acme.TalkdeskClientSecret, Testing.OptimalDial.OptimalDialFake.ApiKey })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
