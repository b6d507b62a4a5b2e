using System.Text.Json;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using Tool = UploadClients.Cli.Cli;

namespace UploadClients.Tests.CommandLine;

/// <summary>The tool's <c>--operation-key</c> and <c>resume</c>, in-process against the harness (its --offline fake).</summary>
public sealed class The_tools_operation_keys : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uploadclients-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Journal => Path.Combine(_folder, "journal");

    private string Csv(int rows = 150)
    {
        var path = Path.Combine(_folder, "contacts.csv");
        File.WriteAllBytes(path, TestCsv.Contacts(rows));
        return path;
    }

    private static Task<(int Exit, string Out, string Err)> RunAsync(UploadClientsHarness harness, params string[] args) => RunOnAsync(harness, null, args);

    private static async Task<(int Exit, string Out, string Err)> RunOnAsync(UploadClientsHarness harness, TimeProvider? time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Tool.RunAsync(args, output, error, harness, time);
        return (exit, output.ToString(), error.ToString());
    }

    private sealed class Crash : Exception;

    /// <summary>Runs the tool until the SDK's flow reaches <paramref name="point"/>, where it stops as a killed process would.</summary>
    private static async Task<int> StopAtAsync(UploadClientsHarness harness, string point, params string[] args)
    {
        UploadOperations.StepHook.Value = p =>
        {
            if (p == point)
            {
                throw new Crash();
            }
        };
        try
        {
            return (await RunAsync(harness, args)).Exit;
        }
        finally
        {
            UploadOperations.StepHook.Value = null;
        }
    }

    private static JsonElement[] JsonLines(string output) => [.. output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task An_OptimalDial_upload_stopped_after_its_POST_is_resumed_by_key_and_charged_once()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv();
        var exit = await StopAtAsync(harness, UploadOperations.Answered, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline", "--operation-key", "crm-export 2026-12-01", "--journal", Journal);
        Assert.Equal(Tool.Failed, exit);

        var listed = await RunAsync(harness, "resume", "--journal", Journal, "--json");
        var resumed = await RunAsync(harness, "resume", "crm-export 2026-12-01", "--journal", Journal, "--json");
        var requests = harness.Journal.Entries.Count;
        var again = await RunAsync(harness, "resume", "crm-export 2026-12-01", "--journal", Journal, "--json");

        var before = Assert.Single(JsonLines(listed.Out));
        Assert.Equal("crm-export 2026-12-01", before.GetProperty("operation_key").GetString());
        Assert.Equal("Sending", before.GetProperty("status").GetString()); // the POST left; its answer was never recorded
        Assert.Equal(Tool.Done, resumed.Exit);
        var result = JsonLines(resumed.Out)[^1];
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal("crm-export 2026-12-01", result.GetProperty("operation_key").GetString());
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, harness.OptimalDial.CreditsCharged);
        Assert.Equal(Tool.Done, again.Exit);
        Assert.Equal(result.GetProperty("id").GetString(), JsonLines(again.Out)[^1].GetProperty("id").GetString());
        Assert.Equal(requests, harness.Journal.Entries.Count); // completed: the recorded result, nothing sent
    }

    [Fact]
    public async Task An_OptimalDial_upload_stopped_before_its_answer_with_nothing_found_exits_5_until_resending_is_allowed()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv();
        string[] command = ["optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline", "--operation-key", "nightly", "--journal", Journal];
        await StopAtAsync(harness, UploadOperations.SendingRecorded, command);

        var unknown = await RunAsync(harness, "resume", "nightly", "--journal", Journal);
        var resent = await RunAsync(harness, [.. command, "--resend-if-outcome-unknown"]);

        Assert.Equal(Tool.OutcomeUnknown, unknown.Exit);
        Assert.Contains("--resend-if-outcome-unknown", unknown.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("ResendIfOutcomeUnknown", unknown.Err, StringComparison.Ordinal); // the tool's flag, not the SDK's property
        Assert.Equal(Tool.Done, resent.Exit);
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task A_Talkdesk_upload_stopped_before_its_PATCH_is_resumed_and_validated_once()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv(40);
        await StopAtAsync(harness, UploadOperations.ValidationSendingRecorded, "talkdesk", "upload", csv, "--offline", "--operation-key", "lists", "--journal", Journal);

        var resumed = await RunAsync(harness, "resume", "lists", "--journal", Journal, "--json");

        Assert.Equal(Tool.Done, resumed.Exit);
        Assert.Equal("ACCEPTED", JsonLines(resumed.Out)[^1].GetProperty("status").GetString());
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.TalkdeskCreateUploadRequest));
    }

    [Fact]
    public async Task A_new_Talkdesk_list_stopped_after_its_PUT_is_resumed_into_the_same_list()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv(40);
        await StopAtAsync(harness, UploadOperations.PutAnswered, "talkdesk", "create-list", csv, "--name", "April cohort", "--offline", "--operation-key", "new list", "--journal", Journal);

        var resumed = await RunAsync(harness, "resume", "new list", "--journal", Journal, "--json");

        Assert.Equal(Tool.Done, resumed.Exit);
        var list = JsonLines(resumed.Out)[^1];
        Assert.Equal("ACCEPTED", list.GetProperty("status").GetString());
        Assert.Equal(2, harness.Talkdesk.RecordListIds.Count); // the harness's own, and this one
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.TalkdeskCreateRecordList));
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
    }

    [Fact]
    public async Task An_OrbitSearch_upload_run_again_with_its_key_creates_one_source()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv();
        await StopAtAsync(harness, UploadOperations.Answered, "orbitsearch", "upload", csv, "--wait", "--offline", "--operation-key", "sync", "--journal", Journal);

        var resumed = await RunAsync(harness, "resume", "sync", "--journal", Journal);

        Assert.Equal(Tool.Done, resumed.Exit);
        Assert.Equal(1, harness.OrbitSearch.SourceCount(harness.OrbitSearch.DefaultDirectoryId));
    }

    [Fact]
    public async Task Resume_of_a_key_whose_record_expired_does_not_upload_again()
    {
        using var harness = UploadClientsHarness.Start();
        var clock = new TestClock();
        var done = await RunOnAsync(harness, clock, "optimaldial", "upload", Csv(), "--phone-column", "phone", "--offline", "--operation-key", "last week", "--journal", Journal);
        Assert.Equal(Tool.Done, done.Exit);

        clock.Advance(TimeSpan.FromDays(8)); // the journal keeps a record 7 days after its last step
        var listed = await RunOnAsync(harness, clock, "resume", "--journal", Journal, "--json");
        var resumed = await RunOnAsync(harness, clock, "resume", "last week", "--journal", Journal);

        Assert.Equal("Expired", Assert.Single(JsonLines(listed.Out)).GetProperty("status").GetString());
        Assert.Equal(Tool.Invalid, resumed.Exit);
        Assert.Contains("has expired", resumed.Err, StringComparison.Ordinal);
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload)); // not uploaded again
    }

    [Fact]
    public async Task Resume_of_a_key_it_never_started_is_invalid_input_and_sends_nothing()
    {
        using var harness = UploadClientsHarness.Start();

        var unknown = await RunAsync(harness, "resume", "never started", "--journal", Journal);

        Assert.Equal(Tool.Invalid, unknown.Exit);
        Assert.Contains("never started", unknown.Err, StringComparison.Ordinal);
        Assert.Empty(harness.Journal.Entries);
    }

    [Fact]
    public async Task Commands_without_an_operation_key_do_not_touch_the_journal()
    {
        using var harness = UploadClientsHarness.Start();

        var done = await RunAsync(harness, "optimaldial", "upload", Csv(), "--phone-column", "phone", "--offline", "--journal", Journal);

        Assert.Equal(Tool.Done, done.Exit);
        Assert.False(Directory.Exists(Journal));
    }

    [Fact]
    public async Task Records_the_journal_and_the_file_as_full_paths_so_that_resume_works_from_another_directory()
    {
        using var harness = UploadClientsHarness.Start();
        var relative = "uploadclients-journal-" + Guid.NewGuid().ToString("N"); // relative to this process's directory
        try
        {
            var done = await RunAsync(harness, "optimaldial", "upload", Csv(), "--phone-column", "phone", "--offline", "--operation-key", "k", "--journal", relative);

            Assert.Equal(Tool.Done, done.Exit);
            var saved = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(relative, "commands"), "*.json").Single())).RootElement;
            var arguments = saved.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()).ToList();
            Assert.Equal(Path.GetFullPath(relative), arguments[arguments.IndexOf("--journal") + 1]);
            Assert.DoesNotContain(relative, arguments);
            Assert.Single(arguments, "--journal");
            Assert.Contains(Path.Combine(_folder, "contacts.csv"), arguments);
        }
        finally
        {
            Directory.Delete(relative, recursive: true);
        }
    }

    [Fact]
    public async Task An_offline_key_run_again_with_a_new_fake_is_refused_in_the_tools_words_and_sends_nothing()
    {
        using var first = UploadClientsHarness.Start();
        using var second = UploadClientsHarness.Start();
        var csv = Csv();

        var done = await RunAsync(first, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline", "--operation-key", "nightly", "--journal", Journal, "--json");
        var again = await RunAsync(second, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline", "--operation-key", "nightly", "--journal", Journal, "--json");

        Assert.Equal(Tool.Done, done.Exit);
        Assert.Equal(Tool.Invalid, again.Exit);
        var error = JsonLines(again.Out)[^1];
        Assert.Equal("operation_elsewhere", error.GetProperty("error").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("earlier --offline run", message, StringComparison.Ordinal);
        Assert.Contains("Use a new --operation-key", message, StringComparison.Ordinal);
        Assert.DoesNotContain("services.", message, StringComparison.Ordinal); // the tool's words, not the SDK's
        Assert.DoesNotContain(JsonLines(done.Out)[^1].GetProperty("id").GetString()!, again.Out, StringComparison.Ordinal);
        Assert.Empty(second.Journal.Entries);
    }

    [Fact]
    public async Task Resume_in_text_names_each_key_and_says_so_when_the_journal_has_none()
    {
        using var harness = UploadClientsHarness.Start();

        var empty = await RunAsync(harness, "resume", "--journal", Journal);
        await RunAsync(harness, "optimaldial", "upload", Csv(), "--phone-column", "phone", "--wait", "--offline", "--operation-key", "crm-export 2026-12-01", "--journal", Journal);
        var listed = await RunAsync(harness, "resume", "--journal", Journal);

        Assert.Equal(Tool.Done, empty.Exit);
        Assert.Contains("No uploads were started with --operation-key in the journal", empty.Out, StringComparison.Ordinal);
        Assert.Contains("operation key crm-export 2026-12-01", listed.Out, StringComparison.Ordinal);
        Assert.Contains(": Completed", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_refused_for_another_file_does_not_replace_the_command_resume_runs()
    {
        using var harness = UploadClientsHarness.Start();
        var first = Csv();
        var other = Path.Combine(_folder, "other.csv");
        File.WriteAllBytes(other, TestCsv.Contacts(151));
        harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection(afterReadingBody: false));

        var lost = await RunAsync(harness, "optimaldial", "upload", first, "--phone-column", "phone", "--offline", "--operation-key", "K", "--journal:" + Journal);
        var refused = await RunAsync(harness, "optimaldial", "upload", other, "--phone-column", "phone", "--offline", "--operation-key", "K", "--journal", Journal);
        var resumed = await RunAsync(harness, "resume", "K", "--journal", Journal, "--resend-if-outcome-unknown", "--json");

        Assert.Equal(Tool.OutcomeUnknown, lost.Exit);
        Assert.Equal(Tool.Invalid, refused.Exit);
        Assert.Equal(Tool.Done, resumed.Exit); // the first file, sent again on the operator's word (--journal:DIR was recorded as one --journal)
        Assert.Equal(TestCsv.Contacts(150), harness.OptimalDial.FileContent(harness.OptimalDial.UploadIds.Single(), "original"));
    }

    [Fact]
    public async Task A_rerun_of_a_finished_key_prints_its_end_not_waiting()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv();
        await RunAsync(harness, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline", "--operation-key", "done", "--journal", Journal);
        var requests = harness.Journal.Entries.Count;

        var again = await RunAsync(harness, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline", "--operation-key", "done", "--journal", Journal);

        Assert.Equal(Tool.Done, again.Exit);
        Assert.DoesNotContain("waiting…", again.Out, StringComparison.Ordinal);
        Assert.Contains(": completed", again.Out, StringComparison.Ordinal);
        Assert.Equal(requests, harness.Journal.Entries.Count);
    }
}
