using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Diagnostics;

/// <summary>The drift check (IProviderDriftCheck) against the fake: nothing on the documented shapes, each change found with its kind and path.</summary>
public class The_drift_check
{
    private static ProviderDriftCheckOptions All(UploadClientsHarness harness) => new()
    {
        OrbitSearchOrganizationId = harness.OrbitSearch.DefaultOrganizationId,
        OrbitSearchDirectoryId = harness.OrbitSearch.DefaultDirectoryId,
    };

    private static async Task<TestHost> StartWithDataAsync()
    {
        var host = TestHost.Start(talkdeskOAuth: true);
        host.Harness.OptimalDial.AddUpload("completed");
        await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl, "drift", [OptimalDialWebhookEventTypes.UploadCompleted]);
        return host;
    }

    [Fact]
    public async Task Finds_nothing_on_the_unchanged_fake_and_reads_every_documented_endpoint()
    {
        using var host = await StartWithDataAsync();
        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(All(host.Harness));

        Assert.Equal(
            [
                "GET /api/v1/uploads?limit=1", "GET /api/v1/uploads/{upload_id}", "GET /api/v1/webhooks", "GET /api/v1/webhooks/{webhook_id}/deliveries",
                "GET /v2/organizations/{organizationId}/directories/{directoryId}/readiness",
                "POST /oauth/token", "GET /record-lists?page=1&per_page=1", "GET /record-lists/{id}",
            ],
            report.Checks.Select(c => c.Endpoint));
        Assert.All(report.Checks, c => Assert.Equal(ProviderCheckOutcome.Conforms, c.Outcome));
        Assert.Empty(report.Checks.SelectMany(c => c.Findings.Select(f => $"{c.Endpoint} {f}")));
        Assert.False(report.HasDrift);
    }
}
