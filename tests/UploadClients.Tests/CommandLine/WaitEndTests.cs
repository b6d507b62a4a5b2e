using System.Text.Json;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using Tool = UploadClients.Cli.Cli;

namespace UploadClients.Tests.CommandLine;

/// <summary>
/// A wait of the tool that ends without a final status (interrupted: exit 130; --timeout: exit 4) prints
/// the upload's id and last status, and the command that follows it; never words it as if the upload
/// itself was cancelled (it goes on at the provider, charged).
/// </summary>
public sealed class The_tool_keeps_the_id_when_a_wait_ends_early : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uploadclients-cli-wait-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv(int rows)
    {
        var path = Path.Combine(_folder, "contacts.csv");
        File.WriteAllBytes(path, TestCsv.Contacts(rows));
        return path;
    }

    private static UploadClientsHarness NeverFinishing(TestClock clock)
    {
        var harness = UploadClientsHarness.Start(new HarnessOptions { TimeProvider = clock });
        harness.OptimalDial.StatusScript = ["processing"];
        harness.OrbitSearch.StatusScript = ["processing"];
        harness.Talkdesk.ValidationScript = ["VALIDATION_STARTED"];
        return harness;
    }

    /// <summary>Each command's wait, its id as the fake made it, its last status, and the follow-up it names.</summary>
    public static TheoryData<string> Commands => new("optimaldial", "orbitsearch", "talkdesk", "talkdesk-list");

    /// <summary>A configuration file pointing every provider at <paramref name="harness"/>, as a user's appsettings.json points at a live API.</summary>
    private string Config(UploadClientsHarness harness)
    {
        var path = Path.Combine(_folder, "settings.json");
        var polling = """{ "InitialDelay": "00:00:00.200", "MaxDelay": "00:00:01" }""";
        File.WriteAllText(path, $$"""
            { "UploadClients": {
                "OptimalDial": { "BaseAddress": "{{harness.BaseAddress}}", "ApiKey": "{{Testing.OptimalDial.OptimalDialFake.ApiKey}}", "Polling": {{polling}} },
                "OrbitSearch": { "BaseAddress": "{{harness.BaseAddress}}", "AccessToken": "{{Testing.OrbitSearch.OrbitSearchFake.AccessToken}}", "Polling": {{polling}} },
                "Talkdesk": { "BaseAddress": "{{harness.BaseAddress}}", "AccessToken": "{{Testing.Talkdesk.TalkdeskFake.AccessToken}}", "Polling": {{polling}} } } }
            """);
        return path;
    }

    /// <summary>The command against <paramref name="harness"/> as a live endpoint (through --config), or with --offline when <paramref name="harness"/> is null.</summary>
    private string[] Arguments(string command, bool json, UploadClientsHarness? harness, params string[] more)
    {
        string[] target = harness is null ? ["--offline"] : ["--config", Config(harness)];
        string[] args = command switch
        {
            "optimaldial" => ["optimaldial", "upload", Csv(150), "--phone-column", "phone", "--wait"],
            "orbitsearch" => ["orbitsearch", "upload", Csv(150), "--wait", .. harness is null ? [] : new[] { "--org", harness.OrbitSearch.DefaultOrganizationId.ToString(), "--directory", harness.OrbitSearch.DefaultDirectoryId.ToString() }],
            "talkdesk" => ["talkdesk", "upload", Csv(3), "--wait", .. harness is null ? [] : new[] { "--record-list", harness.Talkdesk.DefaultRecordListId }],
            _ => ["talkdesk", "create-list", Csv(3), "--name", "April cohort"],
        };
        return [.. args, .. target, .. more, .. json ? ["--json"] : Array.Empty<string>()];
    }

    private static (string Id, string Status, string Follow) Expected(UploadClientsHarness harness, string command) => command switch
    {
        "optimaldial" => (harness.OptimalDial.UploadIds.Single().ToString(), "processing", "uploadclients optimaldial get {0} --wait --config "),
        "orbitsearch" => (
            JsonDocument.Parse(harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv)[^1].ResponseBody).RootElement.GetProperty("source_id").GetString()!,
            "processing",
            $"uploadclients orbitsearch get {{0}} --org {harness.OrbitSearch.DefaultOrganizationId} --directory {harness.OrbitSearch.DefaultDirectoryId} --wait --config "),
        "talkdesk" => (harness.Talkdesk.UploadRequestIds.Single(), "VALIDATION_STARTED", $"uploadclients talkdesk get {{0}} --record-list {harness.Talkdesk.DefaultRecordListId} --wait --config "),
        _ => (harness.Talkdesk.RecordListIds.Single(id => id != harness.Talkdesk.DefaultRecordListId), "VALIDATION_STARTED", "uploadclients talkdesk get-list {0} --wait --config "),
    };

    private static async Task<(int Exit, string Out, string Err)> RunAsync(UploadClientsHarness harness, TimeProvider time, string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Tool.RunAsync(args, output, error, harness, time, cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Interrupted_while_waiting_exit_130_with_the_id_and_status_in_json(string command)
    {
        var clock = new TestClock();
        using var harness = NeverFinishing(clock);
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(harness, clock, Arguments(command, json: true, harness), cancel.Token);
        await clock.AdvanceNextDelayAsync();
        await clock.NextDelayAsync();
        await cancel.CancelAsync();

        var (exit, output, _) = await run;

        Assert.Equal(Tool.Cancelled, exit);
        var error = JsonDocument.Parse(output.Trim()).RootElement;
        var (id, status, _) = Expected(harness, command);
        Assert.Equal("interrupted", error.GetProperty("error").GetString());
        Assert.Equal(id, error.GetProperty("id").GetString());
        Assert.Equal(status, error.GetProperty("status").GetString());
        Assert.Equal(command.Split('-')[0], error.GetProperty("provider").GetString());
        Assert.DoesNotContain("ancel", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Interrupted_while_waiting_says_in_text_that_it_goes_on_and_how_to_follow_it(string command)
    {
        var clock = new TestClock();
        using var harness = NeverFinishing(clock);
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(harness, clock, Arguments(command, json: false, harness), cancel.Token);
        await clock.AdvanceNextDelayAsync();
        await clock.NextDelayAsync();
        await cancel.CancelAsync();

        var (exit, _, err) = await run;

        Assert.Equal(Tool.Cancelled, exit);
        var (id, status, follow) = Expected(harness, command);
        Assert.Contains($"{id} is still {status}", err, StringComparison.Ordinal);
        Assert.Contains("Follow it with `" + string.Format(System.Globalization.CultureInfo.InvariantCulture, follow, id) + Path.Combine(_folder, "settings.json") + "`", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled.", err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Timed_out_exit_4_with_the_id_and_status_and_how_to_follow_it(string command)
    {
        var clock = new TestClock();
        using var harness = NeverFinishing(clock);

        var json = await clock.RunAsync(RunAsync(harness, clock, Arguments(command, json: true, harness, "--timeout", "00:00:05"), default), maxDelays: 1000);

        Assert.Equal(Tool.TimedOut, json.Exit);
        var error = JsonDocument.Parse(json.Out.Trim()).RootElement;
        var (id, status, follow) = Expected(harness, command);
        Assert.Equal("timed_out", error.GetProperty("error").GetString());
        Assert.Equal(id, error.GetProperty("id").GetString());
        Assert.Equal(status, error.GetProperty("status").GetString());
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, follow, id), error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_operation_key_the_follow_up_also_names_resume()
    {
        var clock = new TestClock();
        using var harness = NeverFinishing(clock);
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(harness, clock, Arguments("optimaldial", json: false, harness, "--operation-key", "nightly 2026-12-04", "--journal", Path.Combine(_folder, "journal")), cancel.Token);
        await clock.AdvanceNextDelayAsync();
        await clock.NextDelayAsync();
        await cancel.CancelAsync();

        var (exit, _, err) = await run;

        Assert.Equal(Tool.Cancelled, exit);
        Assert.Contains($"or `uploadclients resume 'nightly 2026-12-04' --journal {Path.Combine(_folder, "journal")}`", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_it_says_the_fake_ends_with_the_run_and_names_nothing_to_follow()
    {
        var clock = new TestClock();
        using var harness = NeverFinishing(clock);
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(harness, clock, Arguments("optimaldial", json: false, null), cancel.Token);
        await clock.AdvanceNextDelayAsync();
        await clock.NextDelayAsync();
        await cancel.CancelAsync();

        var (exit, _, err) = await run;

        Assert.Equal(Tool.Cancelled, exit);
        Assert.Contains($"{harness.OptimalDial.UploadIds.Single()} is still processing", err, StringComparison.Ordinal);
        Assert.Contains("offline fake's, which ends with this run", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Follow it with", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupted_between_the_create_and_the_wait_still_prints_the_id()
    {
        using var harness = UploadClientsHarness.Start();
        harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Delayed(TimeSpan.FromMinutes(5)));
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(harness, TimeProvider.System, Arguments("optimaldial", json: true, harness, "--operation-key", "nightly", "--journal", Path.Combine(_folder, "journal")), cancel.Token);
        await harness.Journal.WaitForHeldAsync(1); // the create is answered and recorded; the keyed wait's first read is held
        await cancel.CancelAsync();

        var (exit, output, _) = await run;

        Assert.Equal(Tool.Cancelled, exit);
        var error = JsonDocument.Parse(output.Trim()).RootElement;
        Assert.Equal(harness.OptimalDial.UploadIds.Single().ToString(), error.GetProperty("id").GetString());
    }
}
