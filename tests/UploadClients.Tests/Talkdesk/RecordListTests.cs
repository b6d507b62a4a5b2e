using System.Net;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Talkdesk;

/// <summary>A new record list from a CSV: POST /record-lists, the signed-URL PUT, PATCH /record-lists/{id}, then the wait.</summary>
public class Talkdesk_new_record_lists
{
    [Fact]
    public async Task Creates_the_list_puts_the_file_byte_for_byte_starts_validation_and_waits_for_the_final_status()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, talkdeskOAuth: true);
        var bytes = TestCsv.Contacts(10);
        var progress = new List<UploadProgress>();

        var list = await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest
        {
            Name = "April cohort",
            File = UploadFile.FromBytes(bytes, "april.csv"),
            Progress = new SynchronousProgress(progress.Add),
        }));

        Assert.Equal(TalkdeskStatus.Accepted, list.Status);
        Assert.True(list.IsTerminal);
        Assert.Equal("April cohort", list.Name);
        Assert.Equal(10, list.RecordsCount);
        Assert.Equal(bytes, host.Harness.Talkdesk.StoredRecordListFile(list.Id));
        Assert.Equal(bytes.Length, progress[^1].BytesSent);
        var flow = host.Harness.Journal.Entries.Where(e => e.Endpoint != HarnessEndpoint.TalkdeskToken).Select(e => e.Endpoint).ToList();
        Assert.Equal(
            [HarnessEndpoint.TalkdeskCreateRecordList, HarnessEndpoint.TalkdeskSignedUrlPut, HarnessEndpoint.TalkdeskStartRecordListValidation, HarnessEndpoint.TalkdeskGetRecordList, HarnessEndpoint.TalkdeskGetRecordList],
            flow);
        Assert.All(host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList), e => Assert.Equal("/record-lists/" + list.Id, e.Path));
    }

    [Fact]
    public async Task A_final_failure_status_is_returned_not_thrown()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.Talkdesk.ValidationScript = [TalkdeskStatus.ValidationStarted.ToString(), TalkdeskStatus.Rejected.ToString()];

        var list = await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Bad rows", File = TestCsv.File(10) }));

        Assert.Equal(TalkdeskStatus.Rejected, list.Status);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(400)]
    public async Task A_failed_PUT_never_starts_validation_and_the_error_names_the_empty_list(int status)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.Status(status, "<Error><Code>AccessDenied</Code></Error>"), times: 10);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) })));

        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
        var created = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskCreateRecordList)).ResponseBodyText();
        var id = Assert.IsType<string>(ex.Data[TalkdeskClient.RecordListIdKey]);
        Assert.Contains(id, created, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal) && line.Contains("UploadAndWaitAsync", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_PUT_answered_503_is_sent_again_and_validation_starts_once()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.Status(503));

        var list = await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) }));

        Assert.Equal(TalkdeskStatus.Accepted, list.Status);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
    }

    [Fact]
    public async Task A_create_answered_503_is_sent_once_and_nothing_follows()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateRecordList, HarnessFault.Status(503).AfterTheFakeHandledIt(), times: 3);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) })));

        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskCreateRecordList));
        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
    }

    [Fact]
    public async Task A_validation_start_answered_503_is_sent_once_and_names_the_list()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskStartRecordListValidation, HarnessFault.Status(503), times: 3);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) })));

        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
        var id = Assert.IsType<string>(ex.Data[TalkdeskClient.RecordListIdKey]);
        Assert.Contains(host.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal) && line.Contains("GetRecordListAsync", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task A_created_list_whose_id_is_a_path_step_gets_no_PUT_and_no_PATCH(string id)
    {
        using var host = TestHost.Start();
        var answer = "{\"id\":\"" + id + "\",\"name\":\"April\",\"status\":\"CREATED\",\"signed_url\":\"" + new Uri(host.Harness.BaseAddress, "s3/x/list.csv?X-Amz-Signature=ab") + "\"}";
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateRecordList, HarnessFault.Status(201, answer));

        await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) }));

        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Equal(HarnessEndpoint.TalkdeskCreateRecordList, Assert.Single(host.Harness.Journal.Entries).Endpoint); // the POST, and nothing after it
    }

    [Theory]
    [InlineData("", 10)]
    [InlineData("   ", 10)]
    [InlineData("a name of more than one hundred and twenty characters, which Talkdesk refuses for a record list: ........................", 10)]
    [InlineData("April", 2000)]
    public async Task An_invalid_name_or_file_is_refused_before_anything_is_sent(string name, int rows)
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<UploadValidationException>(() => host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = name, File = TestCsv.File(rows) }));

        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Listing_reads_the_next_page_only_when_the_caller_gets_there()
    {
        using var host = TestHost.Start();
        var ids = new List<string> { host.Harness.Talkdesk.DefaultRecordListId };
        ids.AddRange(Enumerable.Range(1, 4).Select(i => host.Harness.Talkdesk.AddRecordList("List " + i)));
        var seen = new List<string>();

        await foreach (var list in host.Talkdesk.ListRecordListsAsync(perPage: 2))
        {
            seen.Add(list.Id);
            Assert.Equal((seen.Count + 1) / 2, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskListRecordLists));
        }

        Assert.Equal(ids, seen);
        Assert.Equal(["?page=1&per_page=2", "?page=2&per_page=2", "?page=3&per_page=2"], host.Harness.Journal.For(HarnessEndpoint.TalkdeskListRecordLists).Select(e => e.Query));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await host.Talkdesk.ListRecordListsAsync(perPage: 0).ToListAsync());
    }

    [Fact]
    public async Task A_list_created_by_the_flow_is_listed_with_its_name_and_status()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var created = await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Listed", File = TestCsv.File(10) }));

        var listed = await host.Talkdesk.ListRecordListsAsync().ToListAsync();

        var mine = Assert.Single(listed, l => l.Id == created.Id);
        Assert.Equal("Listed", mine.Name);
        Assert.Equal(TalkdeskStatus.Accepted, mine.Status);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
