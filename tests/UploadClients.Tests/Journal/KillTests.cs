using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// The crash test: the upload runs in a child process (tests/UploadClients.CrashHost) against the
/// harness in this process, is killed with SIGKILL at a step boundary, and the same operation key is
/// run again here, on the same journal directory: the fake's ledger shows one upload.
/// </summary>
public sealed class An_upload_killed_with_SIGKILL_at_a_step : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uploadclients-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Journal => Path.Combine(_folder, "journal");

    private TestHost Start() => TestHost.Start(
        configure: o =>
        {
            foreach (var options in new UploadProviderOptions[] { o.OptimalDial, o.OrbitSearch, o.Talkdesk })
            {
                options.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMinutes(1) };
            }
        },
        services: s => s.AddUploadJournal(Journal));

    private string Csv()
    {
        var path = Path.Combine(_folder, "contacts.csv");
        File.WriteAllBytes(path, TestCsv.Contacts(150));
        return path;
    }

    /// <summary>Starts the child, waits until it reports the step, and kills it there with SIGKILL.</summary>
    private static Task KillAtAsync(string step, params string[] args) =>
        KillChildAsync(step, args[..5].Append(step).Concat(args[5..])); // <provider> <base address> <journal> <key> <csv> <step> [<organization> <directory> | <record list>]

    /// <summary>Starts the crash host with <paramref name="arguments"/>, waits until it reports <paramref name="step"/>, and kills it there with SIGKILL.</summary>
    private static async Task KillChildAsync(string step, IEnumerable<string> arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(Repository.Root, "tests", "UploadClients.CrashHost", "bin", configuration, "net10.0", "UploadClients.CrashHost.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        var reached = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        using var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data == "REACHED " + step)
            {
                reached.TrySetResult(e.Data);
            }
            else if (e.Data is null)
            {
                reached.TrySetResult("(the child ended)");
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        var line = await reached.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(line == "REACHED " + step, $"the child ended before {step}:\n{output}");
        child.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally block, no flush, no dispose runs
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await child.WaitForExitAsync(bounded.Token);
    }

    [Theory]
    [InlineData(UploadOperations.Answered)]
    [InlineData(UploadOperations.CreatedRecorded)]
    [InlineData(UploadOperations.CompletedRecorded)]
    public async Task OptimalDial_is_charged_once(string step)
    {
        using var host = Start();
        var csv = Csv();

        await KillAtAsync(step, "optimaldial", host.Harness.BaseAddress.ToString(), Journal, "nightly", csv);
        var done = await host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = UploadFile.FromPath(csv), PhoneColumn = "phone", OperationKey = "nightly" });

        Assert.Equal(OptimalDialUploadStatus.Completed, done.Status);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task OptimalDial_killed_before_the_request_left_is_not_sent_again_silently()
    {
        using var host = Start();
        var csv = Csv();

        await KillAtAsync(UploadOperations.SendingRecorded, "optimaldial", host.Harness.BaseAddress.ToString(), Journal, "nightly", csv);

        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = UploadFile.FromPath(csv), PhoneColumn = "phone", OperationKey = "nightly" }));
        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Theory]
    [InlineData(UploadOperations.SendingRecorded)]
    [InlineData(UploadOperations.Answered)]
    [InlineData(UploadOperations.CreatedRecorded)]
    [InlineData(UploadOperations.CompletedRecorded)]
    public async Task OrbitSearch_creates_one_source(string step)
    {
        using var host = Start();
        var csv = Csv();
        var (org, directory) = (host.Harness.OrbitSearch.DefaultOrganizationId, host.Harness.OrbitSearch.DefaultDirectoryId);

        await KillAtAsync(step, "orbitsearch", host.Harness.BaseAddress.ToString(), Journal, "sync", csv, org.ToString(), directory.ToString());
        var done = await host.OrbitSearch.UploadAndWaitAsync(new OrbitSearchCsvUploadRequest { OrganizationId = org, DirectoryId = directory, File = UploadFile.FromPath(csv), OperationKey = "sync" });

        Assert.Equal(OrbitSearchSourceStatus.Completed, done.SourceStatus);
        Assert.Equal(1, host.Harness.OrbitSearch.SourceCount(directory));
    }

    [Theory]
    [MemberData(nameof(Stop.TalkdeskPoints), MemberType = typeof(Stop))]
    public async Task Talkdesk_is_PATCHed_once_and_validated(string step)
    {
        using var host = Start();
        var csv = Csv();
        var (fake, list) = (host.Harness.Talkdesk, host.Harness.Talkdesk.DefaultRecordListId);

        await KillAtAsync(step, "talkdesk", host.Harness.BaseAddress.ToString(), Journal, "lists", csv, list);
        var done = await host.Talkdesk.UploadAndWaitAsync(list, new TalkdeskCreateUploadRequest { File = UploadFile.FromPath(csv), OperationKey = "lists" });

        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation)); // every upload request PATCHed at most once, one in all
        var validated = Assert.Single(fake.UploadRequestIds, id => fake.ValidationStarts(id) > 0);
        Assert.Equal(done.Id, validated);
        Assert.Equal(1, fake.ValidationStarts(validated));
        Assert.Equal(await File.ReadAllBytesAsync(csv), fake.StoredFile(validated));
        Assert.All(fake.UploadRequestIds.Where(id => id != validated), id => Assert.Null(fake.StoredFile(id))); // only an unrecorded request is left over, and it has no file
    }

    [Theory]
    [InlineData(UploadOperations.JournalHalfWritten)]
    [InlineData(UploadOperations.JournalFlushed)]
    public async Task The_file_journal_killed_inside_its_own_write_keeps_the_previous_record(string step)
    {
        await KillChildAsync(step, ["journal", Journal, "nightly", step]);

        var journal = new FileUploadJournal(Journal);
        var record = await journal.FindAsync("nightly");
        Assert.Equal(UploadOperationStep.Sending, record!.Step); // the record before the killed write, whole
        Assert.Null(record.ProviderId);
        Assert.Single(Directory.GetFiles(Journal, "*.tmp")); // what the kill left: never read as a record

        await journal.SaveAsync(record with { Step = UploadOperationStep.Created, ProviderId = "f3c9b8a7-1234-4abc-9def-0123456789ab" });
        Assert.Equal(UploadOperationStep.Created, (await journal.FindAsync("nightly"))!.Step);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.GetFiles(Journal))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Journal));
        }
    }

    [Theory]
    [MemberData(nameof(Stop.TalkdeskPoints), MemberType = typeof(Stop))]
    public async Task A_new_Talkdesk_list_holds_the_file_validated_once(string step)
    {
        using var host = Start();
        var csv = Csv();
        var fake = host.Harness.Talkdesk;

        await KillAtAsync(step, "talkdesk-list", host.Harness.BaseAddress.ToString(), Journal, "new-list", csv, "April cohort");
        var done = await host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April cohort", File = UploadFile.FromPath(csv), OperationKey = "new-list" });

        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.Equal(await File.ReadAllBytesAsync(csv), fake.StoredRecordListFile(done.Id));
        var others = fake.RecordListIds.Where(id => id != done.Id && id != fake.DefaultRecordListId).ToList();
        Assert.True(others.Count <= (step == UploadOperations.Answered ? 1 : 0), string.Join(", ", others)); // a list whose id was never recorded, left empty
        Assert.All(others, id => Assert.Null(fake.StoredRecordListFile(id)));
        // One PATCH started validation; a rerun that may have sent it sends it again, and Talkdesk answers 409.
        Assert.InRange(host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation), 1, step == UploadOperations.ValidationAnswered ? 2 : 1);
    }
}
