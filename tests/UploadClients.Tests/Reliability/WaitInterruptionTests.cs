using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>
/// The id survives every way a wait ends: cancelled, the SDK throws an UploadWaitCanceledException (an
/// OperationCanceledException) that carries the id and the last state; timed out, the timeout exception
/// carries both. On all three providers, for UploadAndWaitAsync (which created the upload) and the waits
/// on an id, with and without an operation key.
/// </summary>
public sealed class The_id_survives_every_way_a_wait_ends : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-wait-").FullName;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    /// <summary>A host whose uploads never finish: every provider stays in progress.</summary>
    private TestHost Start(TestClock clock)
    {
        var host = TestHost.Start(clock, services: s => s.AddUploadJournal(_journal));
        host.Harness.OptimalDial.StatusScript = ["processing"];
        host.Harness.OrbitSearch.StatusScript = ["processing"];
        host.Harness.Talkdesk.ValidationScript = ["VALIDATION_STARTED"];
        return host;
    }

    public static TheoryData<string, bool> Flows => new()
    {
        { "optimaldial", false }, { "optimaldial", true },
        { "orbitsearch", false }, { "orbitsearch", true },
        { "talkdesk", false }, { "talkdesk", true },
        { "talkdesk-list", false }, { "talkdesk-list", true },
    };

    /// <summary>Starts the flow's send-then-wait; returns it, and how to read the id the provider made.</summary>
    private static (Task<object> Wait, Func<string> CreatedId) Begin(TestHost host, string flow, string? key, CancellationToken cancellationToken) => flow switch
    {
        "optimaldial" => (
            Box(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone", OperationKey = key }, cancellationToken: cancellationToken)),
            () => host.Harness.OptimalDial.UploadIds.Single().ToString()),
        "orbitsearch" => (
            Box(host.OrbitSearch.UploadAndWaitAsync(new OrbitSearchCsvUploadRequest { OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId, DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId, File = TestCsv.File(), OperationKey = key }, cancellationToken: cancellationToken)),
            () => System.Text.Json.Nodes.JsonNode.Parse(host.Harness.Journal.For(Testing.HarnessEndpoint.OrbitSearchUploadCsv)[^1].ResponseBody)!["source_id"]!.GetValue<string>()),
        "talkdesk" => (
            Box(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = key }, cancellationToken: cancellationToken)),
            () => host.Harness.Talkdesk.UploadRequestIds.Single()),
        _ => (
            Box(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April cohort", File = TestCsv.File(3), OperationKey = key }, cancellationToken: cancellationToken)),
            () => host.Harness.Talkdesk.RecordListIds.Single(id => id != host.Harness.Talkdesk.DefaultRecordListId)),
    };

    private static async Task<object> Box<T>(Task<T> task) => (await task)!;

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task Cancelling_UploadAndWaitAsync_keeps_the_id_of_what_it_created(string flow, bool withKey)
    {
        var clock = new TestClock();
        using var host = Start(clock);
        using var cancel = new CancellationTokenSource();
        var (wait, createdId) = Begin(host, flow, withKey ? "nightly" : null, cancel.Token);
        await clock.AdvanceNextDelayAsync(); // one status read after the create
        await clock.NextDelayAsync();        // waiting for the next one
        var requests = host.Harness.Journal.Entries.Count;

        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<UploadWaitCanceledException>(() => wait);

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(cancel.Token, cancelled.CancellationToken);
        Assert.Equal(createdId(), cancelled.Id);
        Assert.NotNull(cancelled.LastState);
        Assert.Contains("Only the wait stopped", cancelled.Message, StringComparison.Ordinal);
        Assert.Equal(requests, host.Harness.Journal.Entries.Count); // no request after the token fired
    }

    [Fact]
    public async Task The_typed_exception_carries_the_last_state_with_its_type_and_existing_catch_blocks_still_work()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        using var cancel = new CancellationTokenSource();
        var wait = host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }, cancellationToken: cancel.Token);
        await clock.AdvanceNextDelayAsync();
        await clock.NextDelayAsync();
        await cancel.CancelAsync();

        var caught = await CatchAsOperationCanceled(wait);

        var typed = Assert.IsType<UploadWaitCanceledException<OptimalDialUpload>>(caught);
        Assert.Equal(OptimalDialUploadStatus.Processing, typed.LastState!.Status);
        Assert.Equal(host.Harness.OptimalDial.UploadIds.Single(), typed.LastState.Id);
        Assert.Equal("OptimalDial", typed.Provider);
        Assert.Equal("processing", host.Harness.OptimalDial.CurrentStatus(typed.LastState.Id)); // the upload itself goes on

        static async Task<OperationCanceledException> CatchAsOperationCanceled(Task task)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException ex) // what callers wrote before the typed exception existed
            {
                return ex;
            }

            throw new InvalidOperationException("not cancelled");
        }
    }

    [Fact]
    public async Task Cancelling_a_wait_on_an_id_keeps_the_id_even_before_the_first_read_answers()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAsync<UploadWaitCanceledException<OptimalDialUpload>>(() => host.OptimalDial.WaitForUploadAsync(id, cancellationToken: cancel.Token));

        Assert.Equal(id.ToString(), cancelled.Id);
        Assert.Null(cancelled.LastState);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task A_timed_out_UploadAndWaitAsync_keeps_the_id_and_the_last_state(string flow, bool withKey)
    {
        var clock = new TestClock();
        using var host = Start(clock);
        var (wait, createdId) = Begin(host, flow, withKey ? "nightly" : null, default);

        var timedOut = await Assert.ThrowsAnyAsync<UploadPollingTimeoutException>(() => clock.RunAsync(wait, maxDelays: 1000));

        Assert.Equal(createdId(), timedOut.Id);
#pragma warning disable CS0618 // the untyped state, as every timeout carries it
        Assert.NotNull(timedOut.LastObservedState);
#pragma warning restore CS0618
    }
}

/// <summary>A rerun of a key whose upload an earlier run created, cancelled during its first read: the recorded id is kept.</summary>
public sealed class A_rerun_cancelled_during_its_first_read_keeps_the_recorded_id : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-rerun-").FullName;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    [Fact]
    public async Task OptimalDial()
    {
        using var first = TestHost.Start(services: s => s.AddUploadJournal(_journal));
        first.Harness.OptimalDial.StatusScript = ["processing"];
        OptimalDialUploadRequest Request() => new() { File = TestCsv.File(), PhoneColumn = "phone", OperationKey = "nightly" };
        await Journal.Stop.AtAsync(UploadOperations.CreatedRecorded, () => first.OptimalDial.UploadAndWaitAsync(Request()));
        var id = first.Harness.OptimalDial.UploadIds.Single();
        first.Harness.InjectFault(Testing.HarnessEndpoint.OptimalDialGetUpload, Testing.HarnessFault.Delayed(TimeSpan.FromMinutes(5)));
        using var restarted = first.Restart();
        using var cancel = new CancellationTokenSource();

        var wait = restarted.OptimalDial.UploadAndWaitAsync(Request(), cancellationToken: cancel.Token);
        await first.Harness.Journal.WaitForHeldAsync(1);
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAsync<UploadWaitCanceledException<OptimalDialUpload>>(() => wait);
        Assert.Equal(id.ToString(), cancelled.Id);
    }

    [Fact]
    public async Task OrbitSearch()
    {
        using var first = TestHost.Start(services: s => s.AddUploadJournal(_journal));
        first.Harness.OrbitSearch.StatusScript = ["processing"];
        OrbitSearchCsvUploadRequest Request() => new() { OrganizationId = first.Harness.OrbitSearch.DefaultOrganizationId, DirectoryId = first.Harness.OrbitSearch.DefaultDirectoryId, File = TestCsv.File(), OperationKey = "nightly" };
        await Journal.Stop.AtAsync(UploadOperations.CreatedRecorded, () => first.OrbitSearch.UploadAndWaitAsync(Request()));
        var recorded = (await first.Services.GetRequiredService<IUploadJournal>().FindAsync("nightly"))!.ProviderId;
        first.Harness.InjectFault(Testing.HarnessEndpoint.OrbitSearchUploadCsv, Testing.HarnessFault.Delayed(TimeSpan.FromMinutes(5)));
        using var restarted = first.Restart();
        using var cancel = new CancellationTokenSource();

        var wait = restarted.OrbitSearch.UploadAndWaitAsync(Request(), cancellationToken: cancel.Token);
        await first.Harness.Journal.WaitForHeldAsync(1);
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAsync<UploadWaitCanceledException<OrbitSearchSource>>(() => wait);
        Assert.Equal(recorded, cancelled.Id);
    }
}

/// <summary>Talkdesk's flows cancelled after Talkdesk made the upload request or the list (during the PUT or the PATCH): the id is kept.</summary>
public sealed class A_Talkdesk_flow_cancelled_between_its_steps_keeps_the_id
{
    public static TheoryData<string, bool> Steps => new()
    {
        { Testing.HarnessEndpoint.TalkdeskSignedUrlPut, false }, { Testing.HarnessEndpoint.TalkdeskSignedUrlPut, true },
        { Testing.HarnessEndpoint.TalkdeskStartValidation, false }, { Testing.HarnessEndpoint.TalkdeskStartValidation, true },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task An_upload_request(string heldStep, bool withKey)
    {
        var journal = Directory.CreateTempSubdirectory("uploadclients-td-").FullName;
        try
        {
            using var host = TestHost.Start(services: s => s.AddUploadJournal(journal));
            host.Harness.InjectFault(heldStep, Testing.HarnessFault.Delayed(TimeSpan.FromMinutes(5)));
            using var cancel = new CancellationTokenSource();
            var run = host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = withKey ? "nightly" : null }, cancellationToken: cancel.Token);
            await host.Harness.Journal.WaitForHeldAsync(1);
            await cancel.CancelAsync();

            var cancelled = await Assert.ThrowsAsync<UploadWaitCanceledException<TalkdeskUploadRequest>>(() => run);

            Assert.Equal(host.Harness.Talkdesk.UploadRequestIds.Single(), cancelled.Id);
            Assert.Equal(cancel.Token, cancelled.CancellationToken);
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_record_list(bool withKey)
    {
        var journal = Directory.CreateTempSubdirectory("uploadclients-td-").FullName;
        try
        {
            using var host = TestHost.Start(services: s => s.AddUploadJournal(journal));
            host.Harness.InjectFault(Testing.HarnessEndpoint.TalkdeskSignedUrlPut, Testing.HarnessFault.Delayed(TimeSpan.FromMinutes(5)));
            using var cancel = new CancellationTokenSource();
            var run = host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April cohort", File = TestCsv.File(3), OperationKey = withKey ? "nightly" : null }, cancellationToken: cancel.Token);
            await host.Harness.Journal.WaitForHeldAsync(1);
            await cancel.CancelAsync();

            var cancelled = await Assert.ThrowsAsync<UploadWaitCanceledException<TalkdeskRecordList>>(() => run);

            Assert.Equal(host.Harness.Talkdesk.RecordListIds.Single(id => id != host.Harness.Talkdesk.DefaultRecordListId), cancelled.Id);
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }
}
