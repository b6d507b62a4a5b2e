using Microsoft.Extensions.DependencyInjection;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// A new Talkdesk record list with an operation key: the list's id and signed URL, the PUT and the
/// PATCH are recorded, so a rerun after a stop at any step boundary ends with one list holding the
/// file, validated once.
/// </summary>
public sealed class A_Talkdesk_record_list_created_with_an_operation_key : IDisposable
{
    private const string Key = "new list 2026-12-01";
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-journal-").FullName;
    private readonly byte[] _csv = TestCsv.Contacts(40);

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    private TestHost Start(TestClock clock) => TestHost.Start(clock, services: s => s.AddUploadJournal(_journal));

    private TalkdeskCreateRecordListRequest Request(string name = "April cohort") => new() { Name = name, File = UploadFile.FromBytes(_csv, "recordList.csv"), OperationKey = Key };

    private static Task StopAtAsync(TestClock clock, TestHost host, string point, TalkdeskCreateRecordListRequest request) =>
        Stop.AtAsync(point, () => clock.RunAsync(host.Talkdesk.CreateRecordListAsync(request)));

    /// <summary>The lists the runs created (the harness starts with one of its own).</summary>
    private static List<string> NewLists(TestHost host) => [.. host.Harness.Talkdesk.RecordListIds.Where(id => id != host.Harness.Talkdesk.DefaultRecordListId)];

    [Theory]
    [InlineData(UploadOperations.SendingRecorded, 1, 1)]
    [InlineData(UploadOperations.Answered, 2, 1)] // the first list's id was never recorded: it stays empty, and is logged
    [InlineData(UploadOperations.CreatedRecorded, 1, 1)]
    [InlineData(UploadOperations.PutAnswered, 1, 1)]
    [InlineData(UploadOperations.UploadedRecorded, 1, 1)]
    [InlineData(UploadOperations.ValidationSendingRecorded, 1, 1)]
    [InlineData(UploadOperations.ValidationAnswered, 1, 2)] // sent again on doubt: Talkdesk's 409 says it had started
    [InlineData(UploadOperations.ValidationRecorded, 1, 1)]
    [InlineData(UploadOperations.CompletedRecorded, 1, 1)]
    public async Task Stopped_at_any_step_ends_with_one_list_holding_the_file_validated_once(string point, int lists, int patches)
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, point, Request());

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.CreateRecordListAsync(Request()));

        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.Equal(lists, NewLists(first).Count);
        Assert.Equal(_csv, first.Harness.Talkdesk.StoredRecordListFile(done.Id));
        Assert.All(NewLists(first).Where(id => id != done.Id), id => Assert.Null(first.Harness.Talkdesk.StoredRecordListFile(id)));
        Assert.Equal(patches, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
        if (lists == 2)
        {
            var empty = NewLists(first).Single(id => id != done.Id);
            Assert.Contains(first.Logs.Lines, l => l.Contains(empty, StringComparison.Ordinal) && l.Contains("left empty", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_list_whose_signed_URL_expired_gets_its_file_through_an_upload_request()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.CreatedRecorded, Request());
        var list = Assert.Single(NewLists(first));

        clock.Advance(TimeSpan.FromMinutes(15));
        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.CreateRecordListAsync(Request()));

        Assert.Equal(list, done.Id);
        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskCreateUploadRequest));
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
        Assert.Equal(0, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut)); // nothing was PUT to the list's expired URL
        Assert.Null(first.Harness.Talkdesk.StoredRecordListFile(list));
    }

    [Fact]
    public async Task Completed_returns_the_recorded_list_and_sends_nothing()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        var done = await clock.RunAsync(first.Talkdesk.CreateRecordListAsync(Request()));
        var requests = first.Harness.Journal.Entries.Count;

        using var restarted = first.Restart();
        var again = await clock.RunAsync(restarted.Talkdesk.CreateRecordListAsync(Request()));

        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
        Assert.Equal(done.Id, again.Id);
        Assert.Equal(done.Status, again.Status);
        Assert.Equal(done.Name, again.Name);
        Assert.Equal(done.RecordsCount, again.RecordsCount);
    }

    [Fact]
    public async Task Reused_for_a_list_of_another_name_is_refused_before_anything_is_sent()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        await StopAtAsync(clock, host, UploadOperations.CreatedRecorded, Request());
        var requests = host.Harness.Journal.Entries.Count;

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.Talkdesk.CreateRecordListAsync(Request("May cohort"))));

        Assert.Contains("May cohort", refused.Message, StringComparison.Ordinal);
        Assert.Equal(requests, host.Harness.Journal.Entries.Count);
    }
}
