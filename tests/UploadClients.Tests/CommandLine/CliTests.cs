using System.Diagnostics;
using System.Text.Json;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using Tool = UploadClients.Cli.Cli;

namespace UploadClients.Tests.CommandLine;

/// <summary>The <c>uploadclients</c> tool, driven in-process against the harness (its --offline fake) and as a process.</summary>
public sealed class The_uploadclients_tool : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uploadclients-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv(string name, int rows = 150, string phoneHeader = "phone")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, TestCsv.Contacts(rows, phoneHeader));
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(UploadClientsHarness? harness, params string[] args) =>
        await RunAsync(harness, null, default, args);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(UploadClientsHarness? harness, TimeProvider? time, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Tool.RunAsync(args, output, error, harness, time, cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private static JsonElement Json(string output) => JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;

    [Fact]
    public async Task Exit_0_An_offline_upload_with_wait_prints_a_completed_upload_in_text_and_in_json()
    {
        using var harness = UploadClientsHarness.Start();
        var file = Csv("contacts.csv");

        var text = await RunAsync(harness, "optimaldial", "upload", file, "--phone-column", "phone", "--wait", "--offline");
        var json = await RunAsync(harness, "optimaldial", "upload", file, "--phone-column", "phone", "--wait", "--offline", "--json");

        Assert.Equal(Tool.Done, text.Exit);
        Assert.Contains(": completed; file contacts.csv, valid rows 150, invalid rows 0, credits charged 150", text.Out);
        Assert.Contains("… processing", text.Out);
        Assert.Equal(Tool.Done, json.Exit);
        var result = Json(json.Out);
        Assert.Equal("optimaldial", result.GetProperty("provider").GetString());
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal(150, result.GetProperty("valid_rows").GetInt32());
        Assert.True(Guid.TryParse(result.GetProperty("id").GetString(), out _));
        Assert.Single(json.Out.Trim().Split('\n')); // --json prints the result alone
        Assert.Equal(2 * 150, harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task Exit_2_Pre_flight_problems_are_all_printed_and_nothing_is_sent()
    {
        using var harness = UploadClientsHarness.Start();
        var file = Csv("a-name-much-longer-than-thirty-five-characters.csv", rows: 1_000);

        var talkdesk = await RunAsync(harness, "talkdesk", "upload", file, "--offline", "--json");
        var optimalDial = await RunAsync(harness, "optimaldial", "upload", file, "--phone-column", "Phone", "--offline");

        Assert.Equal(Tool.Invalid, talkdesk.Exit);
        var problems = Json(talkdesk.Out).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(2, problems.Count); // the size and the name, at once
        Assert.Contains(problems, p => p.Contains("20,000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("35", StringComparison.Ordinal));
        Assert.Equal(Tool.Invalid, optimalDial.Exit);
        Assert.Contains("Did you mean 'phone'?", optimalDial.Err);
        Assert.Empty(harness.Journal.Entries);
    }

    [Fact]
    public async Task Exit_2_A_command_line_error_or_a_missing_credential_is_invalid_input()
    {
        using var harness = UploadClientsHarness.Start();
        var file = Csv("contacts.csv");

        var missingOption = await RunAsync(harness, "optimaldial", "upload", file, "--offline", "--json");
        var missingFile = await RunAsync(harness, "optimaldial", "upload", Path.Combine(_folder, "nope.csv"), "--phone-column", "phone", "--offline");
        var config = Path.Combine(_folder, "empty.json");
        File.WriteAllText(config, "{ \"UploadClients\": { \"OptimalDial\": { \"ApiKey\": \"\" } } }");
        var noKey = await RunAsync(null, "optimaldial", "get", Guid.NewGuid().ToString(), "--config", config, "--json");

        Assert.Equal(Tool.Invalid, missingOption.Exit);
        Assert.Equal("invalid_arguments", Json(missingOption.Out).GetProperty("error").GetString());
        Assert.Contains("--phone-column", missingOption.Out);
        Assert.Equal(Tool.Invalid, missingFile.Exit);
        Assert.Contains("nope.csv", missingFile.Err);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UploadClients__OptimalDial__ApiKey")))
        {
            Assert.Equal(Tool.Invalid, noKey.Exit);
            Assert.Equal("invalid_configuration", Json(noKey.Out).GetProperty("error").GetString());
            Assert.Contains("UploadClients:OptimalDial:ApiKey is not set", noKey.Out);
        }

        Assert.Empty(harness.Journal.Entries);
    }

    [Fact]
    public async Task Exit_3_The_provider_refused()
    {
        using var harness = UploadClientsHarness.Start();
        var id = Guid.NewGuid();

        var (exit, output, _) = await RunAsync(harness, "optimaldial", "get", id.ToString(), "--offline", "--json");

        Assert.Equal(Tool.Refused, exit);
        var error = Json(output);
        Assert.Equal("refused", error.GetProperty("error").GetString());
        Assert.Equal(404, error.GetProperty("http_status").GetInt32());
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Exit_4_Waiting_ran_out_of_time()
    {
        var clock = new TestClock();
        using var harness = UploadClientsHarness.Start(new HarnessOptions { TimeProvider = clock });
        var stuck = harness.OptimalDial.AddUpload("validating");

        var (exit, output, _) = await clock.RunAsync(RunAsync(harness, clock, default, "optimaldial", "get", stuck.ToString(), "--wait", "--timeout", "00:00:05", "--offline", "--json"));

        Assert.Equal(Tool.TimedOut, exit);
        Assert.Equal("timed_out", Json(output).GetProperty("error").GetString());
        Assert.True(harness.OptimalDial.PollCount(stuck) >= 2);
    }

    [Fact]
    public async Task Exit_130_Interrupted_before_anything_was_sent()
    {
        using var harness = UploadClientsHarness.Start();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var (exit, output, _) = await RunAsync(harness, null, cancel.Token, "optimaldial", "upload", Csv("contacts.csv"), "--phone-column", "phone", "--offline", "--json");

        Assert.Equal(Tool.Cancelled, exit);
        Assert.Equal("interrupted", Json(output).GetProperty("error").GetString());
        Assert.DoesNotContain("Cancelled.", output, StringComparison.Ordinal);
        Assert.Equal(0, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Theory]
    [InlineData("5s", 5)]
    [InlineData("00:00:05", 5)]
    [InlineData("1m", 60)]
    public async Task Timeout_takes_durations_as_operators_write_them(string timeout, int seconds)
    {
        var clock = new TestClock();
        using var harness = UploadClientsHarness.Start(new HarnessOptions { TimeProvider = clock });
        var id = harness.OptimalDial.AddUpload("processing");
        var started = clock.GetUtcNow();

        var (exit, _, _) = await clock.RunAsync(RunAsync(harness, clock, default, "optimaldial", "get", id.ToString(), "--wait", "--offline", "--timeout", timeout), maxDelays: 1000);

        Assert.Equal(Tool.TimedOut, exit);
        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds + 2));
    }

    [Fact]
    public async Task Refusals_name_the_tools_flags_not_the_SDKs_properties()
    {
        using var harness = UploadClientsHarness.Start();

        var (exit, _, error) = await RunAsync(harness, "orbitsearch", "upload", Csv("contacts.csv"), "--key", "bad key!", "--offline");

        Assert.Equal(Tool.Invalid, exit);
        Assert.Contains("--key may contain only", error, StringComparison.Ordinal);
        Assert.Contains("leave --key out to have one made", error, StringComparison.Ordinal);
        Assert.DoesNotContain("null", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_list_is_printed_with_its_name_not_as_a_file()
    {
        using var harness = UploadClientsHarness.Start();

        var text = await RunAsync(harness, "talkdesk", "create-list", Csv("contacts.csv", rows: 3), "--name", "April cohort", "--offline");
        var json = await RunAsync(harness, "talkdesk", "create-list", Csv("contacts.csv", rows: 3), "--name", "April cohort", "--offline", "--json");

        Assert.Contains("name April cohort", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("file April cohort", text.Out, StringComparison.Ordinal);
        Assert.Equal("April cohort", Json(json.Out).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Inspect_refuses_before_paying_what_the_provider_would_refuse()
    {
        using var harness = UploadClientsHarness.Start();
        var few = Csv("few.csv", rows: 50); // under OptimalDial's 100 valid numbers

        var inspected = await RunAsync(harness, "optimaldial", "upload", few, "--phone-column", "phone", "--inspect", "--offline", "--json");
        var plain = await RunAsync(harness, "optimaldial", "upload", few, "--phone-column", "phone", "--offline", "--json");

        Assert.Equal(Tool.Invalid, inspected.Exit);
        Assert.Contains("was inspected before sending", inspected.Out, StringComparison.Ordinal);
        Assert.Contains("--inspect is on", inspected.Out, StringComparison.Ordinal);
        Assert.Equal(Tool.Refused, plain.Exit); // sent, and refused by the provider (422)
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task A_timeout_it_cannot_read_names_the_forms_it_takes()
    {
        var (exit, output, _) = await RunAsync(null, "optimaldial", "get", Guid.NewGuid().ToString(), "--timeout", "5x", "--json");

        Assert.Equal(Tool.Invalid, exit);
        var problem = Json(output).GetProperty("problems")[0].GetString()!;
        Assert.Contains("90s, 10m, 2h, 500ms or 00:10:00", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_1_A_network_failure_that_retries_did_not_cure()
    {
        var clock = new TestClock();
        using var harness = UploadClientsHarness.Start(new HarnessOptions { TimeProvider = clock });
        var id = harness.OptimalDial.AddUpload("completed");
        harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.DropConnection(), times: 10);

        var (exit, output, _) = await clock.RunAsync(RunAsync(harness, clock, default, "optimaldial", "get", id.ToString(), "--offline", "--json"));

        Assert.Equal(Tool.Failed, exit);
        var error = Json(output);
        Assert.Equal("error", error.GetProperty("error").GetString());
        Assert.StartsWith("HttpRequestException", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload)); // the first try and 3 retries
    }

    [Fact]
    public async Task An_upload_with_download_waits_and_saves_the_processed_file()
    {
        using var harness = UploadClientsHarness.Start();
        var saved = Path.Combine(_folder, "processed.csv");

        var (exit, output, _) = await RunAsync(harness, "optimaldial", "upload", Csv("contacts.csv"), "--phone-column", "phone", "--download", "processed", "-o", saved, "--offline", "--json");

        Assert.Equal(Tool.Done, exit);
        var result = Json(output);
        Assert.Equal(saved, result.GetProperty("output").GetString());
        Assert.Equal(harness.OptimalDial.FileContent(Guid.Parse(result.GetProperty("id").GetString()!), "processed"), File.ReadAllBytes(saved));
    }

    [Fact]
    public async Task OrbitSearch_and_Talkdesk_uploads_and_a_new_record_list_offline()
    {
        using var harness = UploadClientsHarness.Start();
        var file = Csv("contacts.csv", rows: 20);

        var orbit = await RunAsync(harness, "orbitsearch", "upload", file, "--key", "cli-key-1", "--wait", "--offline", "--json");
        var talkdesk = await RunAsync(harness, "talkdesk", "upload", file, "--wait", "--offline", "--json");
        var list = await RunAsync(harness, "talkdesk", "create-list", file, "--name", "CLI list", "--offline", "--json");

        Assert.Equal((Tool.Done, "completed", "cli-key-1"), (orbit.Exit, Json(orbit.Out).GetProperty("status").GetString(), Json(orbit.Out).GetProperty("idempotency_key").GetString()));
        Assert.Equal((Tool.Done, "ACCEPTED"), (talkdesk.Exit, Json(talkdesk.Out).GetProperty("status").GetString()));
        Assert.Equal((Tool.Done, "ACCEPTED", 20), (list.Exit, Json(list.Out).GetProperty("status").GetString(), Json(list.Out).GetProperty("records").GetInt32()));
        Assert.Equal(1, harness.OrbitSearch.SourceCount(harness.OrbitSearch.DefaultDirectoryId));
    }

    [Fact]
    public async Task Webhooks_verify_prints_a_signed_event_and_refuses_a_tampered_one()
    {
        using var harness = UploadClientsHarness.Start();
        var delivery = harness.OptimalDial.CreateWebhookEvent("upload.completed", harness.OptimalDial.AddUpload("completed"));
        var body = Path.Combine(_folder, "body.json");
        File.WriteAllBytes(body, delivery.Body);
        var tampered = Path.Combine(_folder, "tampered.json");
        File.WriteAllBytes(tampered, [.. delivery.Body, (byte)' ']);

        var good = await RunAsync(harness, "webhooks", "verify", "--body", body, "--signature", delivery.Signature, "--secret", harness.OptimalDial.Webhooks.Secret, "--json");
        var bad = await RunAsync(harness, "webhooks", "verify", "--body", tampered, "--signature", delivery.Signature, "--secret", harness.OptimalDial.Webhooks.Secret);

        Assert.Equal(Tool.Done, good.Exit);
        Assert.Equal("upload.completed", Json(good.Out).GetProperty("event_type").GetString());
        Assert.Equal("completed", Json(good.Out).GetProperty("status").GetString());
        Assert.Equal(Tool.Invalid, bad.Exit);
        Assert.DoesNotContain(harness.OptimalDial.Webhooks.Secret, bad.Err + bad.Out);
    }

    [Fact]
    public async Task As_a_process_an_offline_upload_prints_parseable_json_and_exits_0()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var tool = Path.Combine(Repository.Root, "src", "UploadClients.Cli", "bin", configuration, "net10.0", "UploadClients.Cli.dll");
        Assert.True(File.Exists(tool), tool);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var arg in new[] { tool, "optimaldial", "upload", Csv("contacts.csv"), "--phone-column", "phone", "--wait", "--offline", "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(bounded.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error}");
        var result = Json(output);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal(150, result.GetProperty("credits_charged").GetInt32());
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Check_prints_the_inspection_as_a_table_and_as_json_without_credentials_or_network()
    {
        var good = Csv("good.csv", rows: 150);
        var short99 = Csv("short.csv", rows: 99);

        // No --offline, no configuration: the check needs neither credentials nor a provider.
        var text = await RunAsync(null, "optimaldial", "check", good, "--phone-column", "phone");
        var json = await RunAsync(null, "optimaldial", "check", short99, "--phone-column", "phone", "--json");

        Assert.Equal(0, text.Exit);
        Assert.Matches(@"(?m)^valid US/Canada\s+150$", text.Out);
        Assert.Matches(@"(?m)^estimated credits\s+150$", text.Out);
        Assert.Contains("nothing the provider is documented to refuse", text.Out, StringComparison.Ordinal);
        Assert.Equal(2, json.Exit); // would be refused: invalid input, nothing sent
        var report = Json(json.Out);
        Assert.Equal(99, report.GetProperty("valid_us_canada").GetInt64());
        Assert.Equal(99, report.GetProperty("estimated_credits").GetInt64());
        Assert.True(report.GetProperty("would_be_refused").GetBoolean());
        Assert.Contains("at least 100", report.GetProperty("refusals")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_applies_talkdesks_rules_and_lists_problem_rows_by_line_without_their_values()
    {
        var path = Path.Combine(_folder, "list.csv");
        File.WriteAllText(path, "First name,Last name,Mobile\nAnn,Lee,+14155550100\nBo,Ray,(415) 555-0101\n");

        var (exit, output, _) = await RunAsync(null, "talkdesk", "check", path);
        var orbit = await RunAsync(null, "orbitsearch", "check", path, "--json");

        Assert.Equal(2, exit);
        Assert.Matches(@"(?m)^3\s+Mobile\s+not in E\.164", output);
        Assert.DoesNotContain("555-0101", output, StringComparison.Ordinal);
        Assert.Equal(0, orbit.Exit);
        Assert.Equal(2, Json(orbit.Out).GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Check_refuses_a_talkdesk_file_the_upload_would_refuse_for_its_size()
    {
        var path = Path.Combine(_folder, "big.csv");
        var rows = string.Concat(Enumerable.Range(0, 1_100).Select(i => $"Ann,Lee,+1415555{i:D4}\n"));
        File.WriteAllText(path, "First name,Last name,Phone\n" + rows);
        using var harness = UploadClientsHarness.Start();

        var (exit, output, _) = await RunAsync(null, "talkdesk", "check", path, "--json");
        var upload = await RunAsync(harness, "talkdesk", "upload", path, "--offline", "--json");

        // Before: check passed the file (0) and the upload refused it (2).
        Assert.Equal(2, exit);
        Assert.Contains("over the limit of 20,000 bytes per upload", Json(output).GetProperty("refusals")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, upload.Exit);
        Assert.Empty(harness.Journal.Entries);
    }
    [Fact]
    public async Task Exit_2_A_configuration_value_that_is_none_of_its_names_lists_the_allowed_ones_with_every_other_problem()
    {
        var config = Path.Combine(_folder, "region.json");
        File.WriteAllText(config, "{ \"UploadClients\": { \"Talkdesk\": { \"Region\": \"Au\", \"AccessToken\": \"t\", \"BaseAddress\": \"http://talkdesk.example\" } } }");

        var (exit, output, _) = await RunAsync(null, "talkdesk", "get-list", "rl-1", "--config", config, "--json");

        // Before: exit 1 with the binder's InvalidOperationException, the allowed values unnamed.
        Assert.Equal(Tool.Invalid, exit);
        var error = Json(output);
        Assert.Equal("invalid_configuration", error.GetProperty("error").GetString());
        var problems = error.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains("UploadClients:Talkdesk:Region is 'Au', which is not one of Us, Eu, Ca (case does not matter).", problems);
        Assert.Contains(problems, p => p.StartsWith("UploadClients:Talkdesk:BaseAddress must use https", StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_refusal_prints_the_providers_request_id()
    {
        using var server = WireMock.Server.WireMockServer.Start();
        server.Given(WireMock.RequestBuilders.Request.Create().UsingGet()).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithStatusCode(404).WithHeader("Content-Type", "application/json").WithHeader("X-Request-Id", "req-cli-1").WithBody("{\"detail\": \"Upload not found\"}"));
        var config = Path.Combine(_folder, "requestid.json");
        File.WriteAllText(config, "{ \"UploadClients\": { \"OptimalDial\": { \"ApiKey\": \"od_live_0001\", \"BaseAddress\": \"" + server.Url + "/\" } } }");

        var json = await RunAsync(null, "optimaldial", "get", Guid.NewGuid().ToString(), "--config", config, "--json");
        var text = await RunAsync(null, "optimaldial", "get", Guid.NewGuid().ToString(), "--config", config);

        Assert.Equal("req-cli-1", Json(json.Out).GetProperty("request_id").GetString());
        Assert.Contains("(request id req-cli-1)", text.Err, StringComparison.Ordinal);
    }
}
