using UploadClients.OrbitSearch;
using UploadClients.Testing;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OrbitSearch;

public class Waiting_polls_the_source_until_completed_or_failed
{
    private static OrbitSearchCsvUploadRequest Request(TestHost host) => new()
    {
        OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
        DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
        File = TestCsv.File(40),
    };

    public static TheoryData<string, OrbitSearchSourceStatus> FinalStatuses => new()
    {
        { "completed", OrbitSearchSourceStatus.Completed },
        { "failed", OrbitSearchSourceStatus.Failed },
    };

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public async Task Pending_then_processing_then_a_final_status(string final, OrbitSearchSourceStatus expected)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.OrbitSearch.StatusScript = ["pending", "processing", "processing", final];

        var source = await clock.RunAsync(host.OrbitSearch.UploadAndWaitAsync(Request(host)));

        Assert.Equal(expected, source.SourceStatus);
        Assert.True(source.IsTerminal);
        Assert.Equal(40, source.Accepted);
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchGetSourceStatus));
    }

    [Fact]
    public async Task A_wait_resumes_from_the_ids_alone_and_reads_the_status_endpoint()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var uploaded = await host.OrbitSearch.UploadCsvAsync(Request(host));

        var source = await clock.RunAsync(host.OrbitSearch.WaitForSourceAsync(host.Harness.OrbitSearch.DefaultOrganizationId, host.Harness.OrbitSearch.DefaultDirectoryId, uploaded.SourceId));

        Assert.Equal(OrbitSearchSourceStatus.Completed, source.SourceStatus);
        var read = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OrbitSearchGetSourceStatus));
        Assert.EndsWith($"/sources/{uploaded.SourceId}/status", read.Path);
        Assert.Equal("Bearer " + OrbitSearchFake.AccessToken, read.Header("Authorization"));
    }

    [Fact]
    public async Task Unknown_statuses_and_transient_errors_keep_the_wait_going()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, o => o.OrbitSearch.Retry.MaxRetries = 0);
        host.Harness.OrbitSearch.StatusScript = ["pending", "reindexing_v2", "completed"];
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetSourceStatus, HarnessFault.Status(502));

        var source = await clock.RunAsync(host.OrbitSearch.UploadAndWaitAsync(Request(host)));

        Assert.Equal(OrbitSearchSourceStatus.Completed, source.SourceStatus);
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchGetSourceStatus));
    }

    [Fact]
    public async Task The_timeout_carries_the_last_source_seen()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.OrbitSearch.StatusScript = ["processing"];
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(10) };

        var ex = await Assert.ThrowsAsync<UploadPollingTimeoutException<OrbitSearchSource>>(() => clock.RunAsync(host.OrbitSearch.UploadAndWaitAsync(Request(host), polling)));

        Assert.Equal(OrbitSearchSourceStatus.Processing, ex.LastState?.SourceStatus);
    }
}
