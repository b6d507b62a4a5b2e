using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// A rerun of an OptimalDial operation whose POST went unanswered adopts an upload from the list only on
/// evidence that it is this operation's: the marker it was sent under (recorded before the POST left), and
/// no other operation's claim. Two operations with files of the same name and size never adopt each other.
/// </summary>
public sealed class An_OptimalDial_rerun_adopts_only_on_evidence : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-evidence-").FullName;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    private TestHost Start(TestClock clock) => TestHost.Start(clock, services: s => s.AddUploadJournal(_journal));

    /// <summary>The daily file of one directory: 150 numbers; <paramref name="other"/> numbers of the same count and length (same size).</summary>
    private static byte[] Daily(bool other) =>
        other ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestCsv.Contacts(150)).Replace("(415) 555-", "(415) 556-", StringComparison.Ordinal)) : TestCsv.Contacts(150);

    private static OptimalDialUploadRequest Request(string key, bool other, bool resend = false, string? filenameOverride = null) => new()
    {
        File = UploadFile.FromBytes(Daily(other), "daily.csv"),
        PhoneColumn = "phone",
        OperationKey = key,
        ResendIfOutcomeUnknown = resend,
        FilenameOverride = filenameOverride,
    };

    [Fact]
    public void The_two_files_have_the_same_name_and_size_and_other_numbers()
    {
        Assert.Equal(Daily(false).Length, Daily(true).Length);
        Assert.NotEqual(Daily(false), Daily(true));
    }

    [Fact]
    public async Task An_unanswered_POST_is_never_satisfied_by_another_operations_upload_of_the_same_name_and_size()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        var a = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("dir1 daily", other: false)));

        // Key B's POST is cut off before the fake read it: B's numbers never reached OptimalDial.
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection(afterReadingBody: false));
        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("dir2 daily", other: true))));

        using var restarted = host.Restart();
        var unknown = await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("dir2 daily", other: true))));

        // A's upload is listed as a candidate (same size), never adopted; nothing more was sent.
        var candidate = Assert.Single(unknown.Candidates);
        Assert.Equal(a.Id.ToString(), candidate.Id);
        Assert.Equal(a.FileSizeBytes, candidate.SizeBytes);
        Assert.Contains(a.Id.ToString(), unknown.Message, StringComparison.Ordinal);
        Assert.Contains("ResendIfOutcomeUnknown", unknown.Message, StringComparison.Ordinal);
        Assert.Single(host.Harness.OptimalDial.UploadIds);
        Assert.Equal(150, host.Harness.OptimalDial.CreditsCharged);

        // Sent again on the caller's word, it is B's own upload, with B's numbers.
        var b = await clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("dir2 daily", other: true, resend: true)));
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(Daily(true), host.Harness.OptimalDial.FileContent(b.Id, "original"));
    }

    [Fact]
    public async Task An_answer_lost_after_the_fake_created_the_upload_is_found_by_its_marker_not_by_its_name()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        var a = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("dir1 daily", other: false)));

        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection().AfterTheFakeHandledIt());
        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("dir2 daily", other: true))));
        var sentByB = Assert.Single(host.Harness.OptimalDial.UploadIds, id => id != a.Id);

        using var restarted = host.Restart();
        var b = await clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("dir2 daily", other: true)));

        Assert.Equal(sentByB, b.Id);
        Assert.Matches(@"^daily\.op-[0-9a-f]{12}\.csv$", b.OriginalFilename);
        Assert.Equal(Daily(true), host.Harness.OptimalDial.FileContent(b.Id, "original"));
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task An_upload_that_another_operation_claims_is_never_adopted_even_with_the_marker()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection().AfterTheFakeHandledIt());
        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false))));
        var sent = Assert.Single(host.Harness.OptimalDial.UploadIds);

        // Another operation's record holds the upload (a journal shared with it claimed it first).
        var journal = host.Services.GetRequiredService<IUploadJournal>();
        Assert.Equal("someone else", await journal.ClaimAsync($"OptimalDial {OperationCredential.EndpointOf(host.Harness.BaseAddress)} upload {sent:D}", "someone else"));

        using var restarted = host.Restart();
        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false))));
        Assert.Single(host.Harness.OptimalDial.UploadIds);
    }

    [Fact]
    public async Task With_the_callers_own_FilenameOverride_there_is_no_marker_and_a_same_named_upload_is_a_candidate_only()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection().AfterTheFakeHandledIt());
        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false, filenameOverride: "April cohort.csv"))));
        var sent = Assert.Single(host.Harness.OptimalDial.UploadIds);
        Assert.Equal("April cohort.csv", host.Harness.OptimalDial.UploadJson(sent)!["original_filename"]!.GetValue<string>());

        using var restarted = host.Restart();
        var unknown = await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false, filenameOverride: "April cohort.csv"))));

        Assert.Equal(sent.ToString(), Assert.Single(unknown.Candidates).Id);
        Assert.Contains("without a marker", unknown.Message, StringComparison.Ordinal);
        Assert.Single(host.Harness.OptimalDial.UploadIds);
    }

    [Fact]
    public async Task The_marker_is_recorded_before_the_POST_leaves_and_is_the_name_OptimalDial_is_sent()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        await Stop.AtAsync(UploadOperations.SendingRecorded, () => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false))));
        var record = await host.Services.GetRequiredService<IUploadJournal>().FindAsync("nightly");
        Assert.Equal(UploadOperationStep.Sending, record!.Step);
        Assert.Matches("^op-[0-9a-f]{12}$", record.Marker!);
        Assert.Equal("daily." + record.Marker + ".csv", record.SentFileName);

        using var restarted = host.Restart();
        var done = await clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false, resend: true)));

        Assert.Equal(record.SentFileName, done.OriginalFilename);
        Assert.Equal(record.Marker, (await host.Services.GetRequiredService<IUploadJournal>().FindAsync("nightly"))!.Marker); // a resend keeps the operation's marker
    }

    [Fact]
    public async Task An_upload_someone_else_made_under_the_operations_marked_name_with_other_numbers_is_not_adopted()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection(afterReadingBody: false));
        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false))));
        var record = await host.Services.GetRequiredService<IUploadJournal>().FindAsync("nightly");

        // Another client, with no key, sends other numbers of the same size under the very name the operation sent.
        var impostor = await clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(Daily(other: true), "daily.csv"), PhoneColumn = "phone", FilenameOverride = record!.SentFileName }));
        Assert.Equal(record.SentFileName, impostor.OriginalFilename);

        using var restarted = host.Restart();
        var unknown = await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false))));

        Assert.Equal(impostor.Id.ToString(), Assert.Single(unknown.Candidates).Id); // its name, not its file: a candidate only
        Assert.Single(host.Harness.OptimalDial.UploadIds);
    }

    [Fact]
    public async Task A_claim_that_cannot_be_written_after_the_answer_does_not_lose_the_recorded_id()
    {
        var clock = new TestClock();
        var journal = new ClaimFails(new FileUploadJournal(_journal, timeProvider: clock));
        using var host = TestHost.Start(clock, services: s => s.AddUploadJournal(_ => journal));

        var done = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request("nightly", other: false)));

        Assert.Equal(OptimalDialUploadStatus.Completed, done.Status);
        Assert.Equal(done.Id.ToString(), (await journal.FindAsync("nightly"))!.ProviderId);
        Assert.Contains(host.Logs.Lines, l => l.Contains("claim could not be written", StringComparison.Ordinal));
    }

    /// <summary>A journal whose claims fail (a full disk, Redis out of reach for a moment).</summary>
    private sealed class ClaimFails(IUploadJournal inner) : IUploadJournal
    {
        public ValueTask<IAsyncDisposable> LockAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default) => inner.LockAsync(key, timeout, cancellationToken);

        public ValueTask<UploadOperation?> FindAsync(string key, CancellationToken cancellationToken = default) => inner.FindAsync(key, cancellationToken);

        public ValueTask SaveAsync(UploadOperation operation, CancellationToken cancellationToken = default) => inner.SaveAsync(operation, cancellationToken);

        public ValueTask<string> ClaimAsync(string claim, string key, CancellationToken cancellationToken = default) => throw new IOException("No space left on device");
    }
}
