using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Testing.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// An OptimalDial upload with an operation key, stopped at each step boundary (the step hook throws
/// there, as a kill would leave things) and run again by a restarted application on the same journal:
/// the fake's ledger shows the file charged once.
/// </summary>
public sealed class An_OptimalDial_upload_with_an_operation_key : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-journal-").FullName;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    private TestHost Start(TestClock clock) => TestHost.Start(clock, services: s => s.AddUploadJournal(_journal));

    private static OptimalDialUploadRequest Request(string key = "crm-export 2026-12-01", int rows = 150, bool resend = false) =>
        new() { File = UploadFile.FromBytes(TestCsv.Contacts(rows), "contacts.csv"), PhoneColumn = "phone", OperationKey = key, ResendIfOutcomeUnknown = resend };

    /// <summary>Runs <paramref name="run"/> until the flow reaches <paramref name="point"/>, then stops it there.</summary>
    private static Task CrashAtAsync(TestClock clock, string point, Func<Task<OptimalDialUpload>> run) => Stop.AtAsync(point, () => clock.RunAsync(run()));

    [Theory]
    [InlineData(UploadOperations.Answered)]        // sent and created, its id never recorded: found in the list
    [InlineData(UploadOperations.CreatedRecorded)] // its id recorded: the rerun waits for it
    public async Task Stopped_after_it_was_sent_is_charged_once_when_run_again(string point)
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await CrashAtAsync(clock, point, () => first.OptimalDial.UploadAndWaitAsync(Request()));
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));

        using var restarted = first.Restart();
        var done = await clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request()));

        Assert.Equal(OptimalDialUploadStatus.Completed, done.Status);
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, first.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task Completed_returns_the_recorded_result_and_sends_nothing()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        var done = await clock.RunAsync(first.OptimalDial.UploadAndWaitAsync(Request()));
        var requests = first.Harness.Journal.Entries.Count;

        using var restarted = first.Restart();
        var again = await clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request()));

        Assert.Equal(done.Id, again.Id);
        Assert.Equal(OptimalDialUploadStatus.Completed, again.Status);
        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
    }

    [Fact]
    public async Task Stopped_as_it_was_about_to_send_is_not_sent_again_silently()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await CrashAtAsync(clock, UploadOperations.SendingRecorded, () => first.OptimalDial.UploadAndWaitAsync(Request()));
        Assert.Equal(0, first.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));

        using var restarted = first.Restart();
        var unknown = await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request())));
        Assert.Equal(0, first.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Contains("no upload carrying its marker 'op-", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(unknown.Candidates);
        Assert.Contains("ResendIfOutcomeUnknown", unknown.Message, StringComparison.Ordinal);

        var sent = await clock.RunAsync(restarted.OptimalDial.UploadAndWaitAsync(Request(resend: true)));
        Assert.Equal(OptimalDialUploadStatus.Completed, sent.Status);
        Assert.Equal(1, first.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task Reused_with_another_file_is_refused_before_anything_is_sent()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request()));
        var requests = host.Harness.Journal.Entries.Count;

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request(rows: 151))));

        Assert.Contains("was used for another file", ex.Message, StringComparison.Ordinal);
        Assert.Equal(requests, host.Harness.Journal.Entries.Count);
    }

    [Fact]
    public async Task Run_by_two_workers_at_once_is_sent_once()
    {
        var clock = new TestClock();
        using var one = Start(clock);
        using var two = one.Restart();

        var both = await clock.RunAsync(Task.WhenAll(one.OptimalDial.UploadAndWaitAsync(Request()), two.OptimalDial.UploadAndWaitAsync(Request())));

        Assert.Equal(both[0].Id, both[1].Id);
        Assert.Equal(1, one.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, one.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task Recorded_as_created_with_an_id_it_cannot_read_is_an_error_not_a_second_upload()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        var request = Request();
        var (length, sha256) = await UploadOperations.DigestAsync(request.File, default);
        await new FileUploadJournal(_journal).SaveAsync(new UploadOperation
        {
            Key = request.OperationKey!, Provider = "OptimalDial", FileName = "contacts.csv", FileLength = length, FileSha256 = sha256,
            Endpoint = OperationCredential.EndpointOf(host.Harness.BaseAddress), Credential = OperationCredential.Keyed("api-key", OptimalDialFake.ApiKey).NewRecordValue(),
            Step = UploadOperationStep.Created, ProviderId = "not-a-uuid", StartedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        });

        await Assert.ThrowsAsync<InvalidDataException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(request)));

        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task Without_a_journal_is_refused_with_how_to_register_one()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(Request())));

        Assert.Contains("AddUploadJournal", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Without_a_key_behaves_as_before_and_records_nothing()
    {
        var clock = new TestClock();
        using var host = Start(clock);

        await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Empty(Directory.GetFiles(_journal, "*.json"));
    }
}
