using Microsoft.Extensions.DependencyInjection;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// A Talkdesk upload with an operation key: the upload request's id and signed URL, the PUT and the
/// PATCH are recorded, so a rerun after a stop at any step boundary resumes there: it PUTs to the
/// recorded upload request while its URL lasts, PATCHes once, and the list is validated once.
/// </summary>
public sealed class A_Talkdesk_upload_with_an_operation_key : IDisposable
{
    private const string Key = "crm-export 2026-12-01";
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-journal-").FullName;
    private readonly byte[] _csv = TestCsv.Contacts(40);

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    private TestHost Start(TestClock clock) => TestHost.Start(clock, services: s => s.AddUploadJournal(_journal));

    private TalkdeskCreateUploadRequest Request(byte[]? csv = null) => new() { File = UploadFile.FromBytes(csv ?? _csv, "recordList.csv"), OperationKey = Key };

    /// <summary>Runs the upload until <paramref name="point"/>, where it stops as a killed process would.</summary>
    private Task StopAtAsync(TestClock clock, TestHost host, string point) =>
        Stop.AtAsync(point, () => clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, Request())));

    /// <summary>The fake's ledger: one upload request holds the file and was validated once, and one PATCH was sent in all.</summary>
    private void AssertValidatedOnce(TestHost host, TalkdeskUploadRequest done)
    {
        var fake = host.Harness.Talkdesk;
        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
        var validated = Assert.Single(fake.UploadRequestIds, id => fake.ValidationStarts(id) > 0);
        Assert.Equal(validated, done.Id);
        Assert.Equal(1, fake.ValidationStarts(validated));
        Assert.Equal(_csv, fake.StoredFile(validated));
    }

    [Theory]
    [InlineData(UploadOperations.SendingRecorded, 1)]
    [InlineData(UploadOperations.Answered, 2)] // the first upload request's id was never recorded: it stays unused, with no file
    [InlineData(UploadOperations.CreatedRecorded, 1)]
    [InlineData(UploadOperations.PutAnswered, 1)]
    [InlineData(UploadOperations.UploadedRecorded, 1)]
    [InlineData(UploadOperations.ValidationSendingRecorded, 1)]
    [InlineData(UploadOperations.ValidationAnswered, 1)]
    [InlineData(UploadOperations.ValidationRecorded, 1)]
    [InlineData(UploadOperations.CompletedRecorded, 1)]
    public async Task Stopped_at_any_step_is_validated_once_when_run_again(string point, int uploadRequests)
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, point);

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        AssertValidatedOnce(first, done);
        Assert.Equal(uploadRequests, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskCreateUploadRequest));
        Assert.Equal(uploadRequests, first.Harness.Talkdesk.UploadRequestIds.Count);
    }

    [Fact]
    public async Task Completed_returns_the_recorded_result_and_sends_nothing()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        var done = await clock.RunAsync(first.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));
        var requests = first.Harness.Journal.Entries.Count;

        using var restarted = first.Restart();
        var again = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
        Assert.Equal(done.Id, again.Id);
        Assert.Equal(TalkdeskStatus.Accepted, again.Status);
        Assert.Equal(done.ChecksumMd5, again.ChecksumMd5);
    }

    [Fact]
    public async Task A_recorded_signed_URL_past_its_expiry_is_not_used_a_new_upload_request_is()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.CreatedRecorded);
        var stale = Assert.Single(first.Harness.Talkdesk.UploadRequestIds);

        clock.Advance(TimeSpan.FromMinutes(15)); // the harness signs with X-Amz-Expires=900
        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        AssertValidatedOnce(first, done);
        Assert.NotEqual(stale, done.Id);
        Assert.Null(first.Harness.Talkdesk.StoredFile(stale));
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut)); // nothing was PUT to the stale URL
    }

    [Fact]
    public async Task A_recorded_signed_URL_within_its_expiry_is_used_again()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.CreatedRecorded);
        var recorded = Assert.Single(first.Harness.Talkdesk.UploadRequestIds);

        clock.Advance(TimeSpan.FromMinutes(13));
        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        AssertValidatedOnce(first, done);
        Assert.Equal(recorded, done.Id);
    }

    [Fact]
    public async Task A_recorded_signed_URL_that_S3_refuses_as_expired_is_replaced_by_a_new_upload_request()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.CreatedRecorded);
        var stale = Assert.Single(first.Harness.Talkdesk.UploadRequestIds);
        first.Harness.Talkdesk.ExpireIssuedSignedUrls(); // S3's clock says expired, ours does not yet

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        AssertValidatedOnce(first, done);
        Assert.NotEqual(stale, done.Id);
        Assert.Equal(2, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut)); // the refused one, then the new one
    }

    [Fact]
    public async Task Stopped_after_the_PATCH_answered_is_not_PATCHed_again_even_when_the_upload_request_cannot_be_read()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.ValidationAnswered);
        first.Harness.Talkdesk.UploadRequestReadable = false;

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        // Unreadable, the upload request's state is learnt from the PATCH: Talkdesk answers 409 to a second one and validates once.
        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        var only = Assert.Single(first.Harness.Talkdesk.UploadRequestIds);
        Assert.Equal(1, first.Harness.Talkdesk.ValidationStarts(only));
        Assert.Equal(2, first.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
    }

    [Fact]
    public async Task Stopped_before_the_PATCH_left_PATCHes_once_when_the_upload_request_cannot_be_read()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.ValidationSendingRecorded);
        first.Harness.Talkdesk.UploadRequestReadable = false;

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(first.Harness.Talkdesk.DefaultRecordListId, Request()));

        AssertValidatedOnce(first, done);
    }

    [Fact]
    public async Task The_signed_URL_is_kept_only_until_the_PUT_answered_and_is_never_printed()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await StopAtAsync(clock, first, UploadOperations.CreatedRecorded);
        var journal = new FileUploadJournal(_journal, timeProvider: clock);
        var created = await journal.FindAsync(Key);
        var url = first.Harness.Talkdesk.SignedUrl(Assert.Single(first.Harness.Talkdesk.UploadRequestIds))!;

        Assert.Equal(url, created!.SignedUrl);
        Assert.NotNull(created.SignedUrlExpiresAt);
        Assert.DoesNotContain("X-Amz-Signature", created.ToString(), StringComparison.Ordinal);

        using var restarted = first.Restart();
        await StopAtAsync(clock, restarted, UploadOperations.UploadedRecorded);
        var uploaded = await journal.FindAsync(Key);

        Assert.Equal(UploadOperationStep.Uploaded, uploaded!.Step);
        Assert.Null(uploaded.SignedUrl);
        Assert.DoesNotContain("X-Amz-Signature", await File.ReadAllTextAsync(Directory.GetFiles(_journal, "*.json").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reused_with_another_file_or_another_record_list_is_refused_before_anything_is_sent()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        await StopAtAsync(clock, host, UploadOperations.CreatedRecorded);
        var requests = host.Harness.Journal.Entries.Count;
        var otherList = host.Harness.Talkdesk.AddRecordList("other");

        var otherFile = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, Request(TestCsv.Contacts(41)))));
        var elsewhere = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(otherList, Request())));

        Assert.Contains("another file", otherFile.Message, StringComparison.Ordinal);
        Assert.Contains("not to " + otherList, elsewhere.Message, StringComparison.Ordinal);
        Assert.Equal(requests, host.Harness.Journal.Entries.Count);
    }

    [Fact]
    public async Task Run_by_two_workers_at_once_is_validated_once()
    {
        var clock = new TestClock();
        using var one = Start(clock);
        using var two = one.Restart();
        var list = one.Harness.Talkdesk.DefaultRecordListId;

        var both = await clock.RunAsync(Task.WhenAll(one.Talkdesk.UploadAndWaitAsync(list, Request()), two.Talkdesk.UploadAndWaitAsync(list, Request())));

        Assert.Equal(both[0].Id, both[1].Id);
        AssertValidatedOnce(one, both[0]);
        Assert.Single(one.Harness.Talkdesk.UploadRequestIds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_key_is_refused_before_anything_is_sent(string key)
    {
        var clock = new TestClock();
        using var host = Start(clock);

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(
            host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(_csv, "recordList.csv"), OperationKey = key })));

        Assert.Contains("OperationKey is empty", refused.Message, StringComparison.Ordinal);
        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Empty(Directory.GetFiles(_journal));
    }

    [Fact]
    public async Task Is_refused_by_CreateUploadRequestAsync_which_takes_one_step_only()
    {
        var clock = new TestClock();
        using var host = Start(clock);

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, Request())));

        Assert.Contains("UploadAndWaitAsync", refused.Message, StringComparison.Ordinal);
        Assert.Empty(host.Harness.Journal.Entries);
    }
}
