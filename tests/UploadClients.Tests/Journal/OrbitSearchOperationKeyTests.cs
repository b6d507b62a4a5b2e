using Microsoft.Extensions.DependencyInjection;
using UploadClients.OrbitSearch;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// An OrbitSearch upload with an operation key: the idempotency key is recorded before the request
/// first leaves, so a rerun after a stop at any step boundary sends the same key and OrbitSearch (the
/// fake dedupes exactly as documented) creates no second source.
/// </summary>
public sealed class An_OrbitSearch_upload_with_an_operation_key : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-journal-").FullName;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    private TestHost Start(TestClock clock) => TestHost.Start(clock, services: s => s.AddUploadJournal(_journal));

    private static OrbitSearchCsvUploadRequest Request(TestHost host, int rows = 20) => new()
    {
        OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
        DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
        File = UploadFile.FromBytes(TestCsv.Contacts(rows), "people.csv"),
        OperationKey = "directory sync 2026-12-01",
    };

    [Theory]
    [InlineData(UploadOperations.SendingRecorded)]
    [InlineData(UploadOperations.Answered)]
    [InlineData(UploadOperations.CreatedRecorded)]
    public async Task Stopped_at_any_step_creates_one_source_when_run_again(string point)
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await Stop.AtAsync(point, () => clock.RunAsync(first.OrbitSearch.UploadAndWaitAsync(Request(first))));

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.OrbitSearch.UploadAndWaitAsync(Request(first)));

        Assert.Equal(OrbitSearchSourceStatus.Completed, done.SourceStatus);
        Assert.Equal(1, first.Harness.OrbitSearch.SourceCount(first.Harness.OrbitSearch.DefaultDirectoryId));
        var keys = first.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv).Select(e => e.FormField("idempotency_key")).Distinct().ToList();
        Assert.Single(keys); // every POST, first run and rerun, carried the recorded key
    }

    [Fact]
    public async Task Completed_returns_the_recorded_source_and_sends_nothing()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        var done = await clock.RunAsync(first.OrbitSearch.UploadAndWaitAsync(Request(first)));
        var requests = first.Harness.Journal.Entries.Count;

        using var restarted = first.Restart();
        var again = await clock.RunAsync(restarted.OrbitSearch.UploadAndWaitAsync(Request(first)));

        Assert.Equal(done.SourceId, again.SourceId);
        Assert.Equal(OrbitSearchSourceStatus.Completed, again.SourceStatus);
        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
    }

    [Fact]
    public async Task Reused_with_another_file_or_another_idempotency_key_is_refused_before_anything_is_sent()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        await clock.RunAsync(host.OrbitSearch.UploadCsvAsync(Request(host)));
        var requests = host.Harness.Journal.Entries.Count;

        var otherFile = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.OrbitSearch.UploadCsvAsync(Request(host, rows: 21))));
        var otherKey = Request(host);
        var otherIdempotency = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.OrbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = otherKey.OrganizationId, DirectoryId = otherKey.DirectoryId, File = otherKey.File, OperationKey = otherKey.OperationKey, IdempotencyKey = "another-key-0001",
        })));

        Assert.Contains("another file", otherFile.Message, StringComparison.Ordinal);
        Assert.Contains("recorded IdempotencyKey", otherIdempotency.Message, StringComparison.Ordinal);
        Assert.Equal(requests, host.Harness.Journal.Entries.Count);
    }

    [Fact]
    public async Task Run_by_two_workers_at_once_creates_one_source()
    {
        var clock = new TestClock();
        using var one = Start(clock);
        using var two = one.Restart();

        var both = await clock.RunAsync(Task.WhenAll(one.OrbitSearch.UploadAndWaitAsync(Request(one)), two.OrbitSearch.UploadAndWaitAsync(Request(one))));

        Assert.Equal(both[0].SourceId, both[1].SourceId);
        Assert.Equal(1, one.Harness.OrbitSearch.SourceCount(one.Harness.OrbitSearch.DefaultDirectoryId));
    }
}
