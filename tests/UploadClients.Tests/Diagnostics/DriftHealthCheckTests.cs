using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Diagnostics;

/// <summary>UploadClients.HealthChecks: Healthy as documented, Degraded on drift, the failure status on a refusal, at most one check per CacheFor.</summary>
public class The_drift_health_check
{
    private static TestHost Start(TestClock? clock = null, Action<UploadClientsOptions>? configure = null, Action<UploadClients.HealthChecks.UploadClientsDriftHealthCheckOptions>? options = null)
    {
        var host = TestHost.Start(clock, configure, services => services.AddHealthChecks().AddUploadClientsDriftCheck(o =>
        {
            o.Check.Providers.Add(UploadProvider.OptimalDial);
            o.Check.Providers.Add(UploadProvider.Talkdesk);
            options?.Invoke(o);
        }, tags: ["providers"]), talkdeskOAuth: true);
        return host;
    }

    private static Task<HealthReport> ProbeAsync(TestHost host) => host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    [Fact]
    public async Task Is_healthy_on_the_documented_shapes_and_names_each_read()
    {
        using var host = Start();

        var entry = (await ProbeAsync(host)).Entries["uploadclients-drift"];

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(["providers"], entry.Tags);
        Assert.Equal("Conforms (200)", entry.Data["OptimalDial GET /api/v1/uploads?limit=1"]);
        Assert.Equal("Conforms (200)", entry.Data["Talkdesk POST /oauth/token"]);
    }

    [Fact]
    public async Task Is_degraded_on_drift_with_the_path_and_kind_in_its_data()
    {
        using var host = Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskListRecordLists, HarnessFault.ChangeType("total"));

        var entry = (await ProbeAsync(host)).Entries["uploadclients-drift"];

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("Drift (200): drift total Type", entry.Data["Talkdesk GET /record-lists?page=1&per_page=1"]);
        Assert.StartsWith("1 finding(s) where a provider's answer left its documented shape", entry.Description);
    }

    [Fact]
    public async Task Reports_the_failure_status_naming_the_credential_a_provider_refused()
    {
        using var host = Start(configure: o => o.OptimalDial.ApiKey = "od_live_not_the_harness_key_0000");

        var entry = (await ProbeAsync(host)).Entries["uploadclients-drift"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("UploadClients:OptimalDial:ApiKey", entry.Description);
        Assert.DoesNotContain("not_the_harness", entry.Description + string.Join(" ", entry.Data.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_the_providers_at_most_once_per_CacheFor()
    {
        var clock = new TestClock();
        using var host = Start(clock, options: o => o.CacheFor = TimeSpan.FromMinutes(30));

        await ProbeAsync(host);
        var calls = host.Harness.Journal.Entries.Count;
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ProbeAsync(host)));
        clock.Advance(TimeSpan.FromMinutes(29));
        await ProbeAsync(host);
        Assert.Equal(calls, host.Harness.Journal.Entries.Count);

        clock.Advance(TimeSpan.FromMinutes(2));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListUploads, HarnessFault.SetValue("data[].status", "queued"));
        host.Harness.OptimalDial.AddUpload("completed");
        var entry = (await ProbeAsync(host)).Entries["uploadclients-drift"];
        Assert.True(host.Harness.Journal.Entries.Count > calls);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
    }

    [Fact]
    public async Task Reports_the_failure_status_when_it_is_not_configured()
    {
        using var host = Start(options: o => o.Check.Providers.Add(UploadProvider.OrbitSearch));

        var entry = (await ProbeAsync(host)).Entries["uploadclients-drift"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("organization and directory", entry.Description);
    }

    [Fact]
    public async Task Reports_the_failure_status_with_the_settings_a_configuration_problem_names()
    {
        using var host = Start(configure: o => o.OptimalDial.ApiKey = "od_test_not_a_live_key");

        var entry = (await ProbeAsync(host)).Entries["uploadclients-drift"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("UploadClients:OptimalDial:ApiKey", entry.Description);
        Assert.DoesNotContain("od_test_not_a_live_key", entry.Description, StringComparison.Ordinal);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Checks_again_sooner_after_a_refusal_than_after_a_verdict()
    {
        var clock = new TestClock();
        using var host = Start(clock, options: o => o.CacheFor = TimeSpan.FromHours(1));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListUploads, HarnessFault.Status(401));

        var refused = (await ProbeAsync(host)).Entries["uploadclients-drift"];
        clock.Advance(TimeSpan.FromMinutes(4));
        var cached = (await ProbeAsync(host)).Entries["uploadclients-drift"];
        clock.Advance(TimeSpan.FromMinutes(2));
        var again = (await ProbeAsync(host)).Entries["uploadclients-drift"];

        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy), (refused.Status, cached.Status, again.Status));
    }
}
