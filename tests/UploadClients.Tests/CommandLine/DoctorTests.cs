using System.Text.Json;
using System.Text.Json.Nodes;
using UploadClients.Testing;
using UploadClients.Tests.Contract;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Tool = UploadClients.Cli.Cli;

namespace UploadClients.Tests.CommandLine;

/// <summary><c>uploadclients doctor</c>: the offline fake as documented (exit 0), drift (exit 6), refusals (3), configuration (2).</summary>
public sealed class The_doctor_command : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uploadclients-doctor-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(UploadClientsHarness? harness, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Tool.RunAsync(args, output, error, harness);
        return (exit, output.ToString(), error.ToString());
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Exit_0_offline_every_answer_of_the_fake_has_its_documented_shape()
    {
        using var harness = UploadClientsHarness.Start();

        var text = await RunAsync(harness, "doctor", "--offline");
        var json = await RunAsync(harness, "doctor", "--offline", "--json");

        Assert.Equal(Tool.Done, text.Exit);
        Assert.Contains("OptimalDial", text.Out);
        Assert.Contains("GET /api/v1/uploads/{upload_id}", text.Out);
        Assert.Contains("POST /oauth/token", text.Out); // Talkdesk with client credentials, as live
        Assert.Contains("Every answer has its documented shape (exit code 0).", text.Out);
        Assert.Equal(Tool.Done, json.Exit);
        var lines = Lines(json.Out);
        Assert.Equal(["optimaldial", "orbitsearch", "talkdesk"], lines.Select(l => l.GetProperty("provider").GetString()).Distinct());
        Assert.All(lines, l => Assert.Equal("conforms", l.GetProperty("outcome").GetString()));
        Assert.All(lines, l => Assert.Empty(l.GetProperty("findings").EnumerateArray()));
    }

    [Fact]
    public async Task Exit_6_offline_against_a_fake_told_to_drift_naming_the_path_and_kind()
    {
        using var harness = UploadClientsHarness.Start();
        harness.InjectFault(HarnessEndpoint.TalkdeskListRecordLists, HarnessFault.SetValue("_embedded.record_lists[].status", "ARCHIVED"));

        var json = await RunAsync(harness, "doctor", "talkdesk", "--offline", "--json");

        Assert.Equal(Tool.Drift, json.Exit);
        var drifted = Assert.Single(Lines(json.Out), l => l.GetProperty("outcome").GetString() == "drift");
        var finding = Assert.Single(drifted.GetProperty("findings").EnumerateArray());
        Assert.Equal(
            ("_embedded.record_lists[].status", "unknown_value", "ARCHIVED", true),
            (finding.GetProperty("path").GetString(), finding.GetProperty("kind").GetString(), finding.GetProperty("observed").GetString(), finding.GetProperty("drift").GetBoolean()));
    }

    /// <summary>The issue's case: a documented response with one field renamed, one type changed and one unknown status, served verbatim by a stub.</summary>
    [Fact]
    public async Task Exit_6_against_a_server_serving_a_documented_answer_with_a_field_renamed_a_type_changed_and_an_unknown_status()
    {
        var page = JsonNode.Parse(Fixture.Text("optimaldial/list-uploads.response.json"))!;
        var upload = page["data"]![0]!.AsObject();
        upload["filename"] = upload["original_filename"]!.DeepClone();
        upload.Remove("original_filename");                       // renamed
        upload["valid_row_count"] = "12000";                      // a number sent as a string
        upload["status"] = "queued";                              // a status the docs do not list
        using var server = WireMockServer.Start();
        Serve(server, "/api/v1/uploads", page.ToJsonString());
        Serve(server, "/api/v1/uploads/3c90c3cc-0d44-4b50-8888-8dd25736052a", Fixture.Text("optimaldial/retrieve-an-upload.response.json"));
        Serve(server, "/api/v1/webhooks", Fixture.Text("optimaldial/list-webhook-endpoints.response.json"));
        var hook = JsonNode.Parse(Fixture.Text("optimaldial/list-webhook-endpoints.response.json"))![0]!["id"]!.GetValue<string>();
        Serve(server, $"/api/v1/webhooks/{hook}/deliveries", Fixture.Text("optimaldial/list-recent-deliveries-for-a-webhook-endpoint.response.json"));
        var config = Path.Combine(_folder, "stub.json");
        File.WriteAllText(config, "{ \"UploadClients\": { \"OptimalDial\": { \"ApiKey\": \"od_live_stub_0001\", \"BaseAddress\": \"" + server.Url + "/\" } } }");

        var text = await RunAsync(null, "doctor", "--config", config);
        var json = await RunAsync(null, "doctor", "--config", config, "--json");

        Assert.Equal(Tool.Drift, text.Exit);
        Assert.Equal(Tool.Drift, json.Exit);
        var lines = Lines(json.Out);
        Assert.Equal(4, lines.Count);
        var findings = lines[0].GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("drift").GetBoolean())
            .Select(f => $"{f.GetProperty("path").GetString()} {f.GetProperty("kind").GetString()}").ToList();
        Assert.Equal(["data[].original_filename missing", "data[].status unknown_value", "data[].valid_row_count type"], findings.Order());
        Assert.All(lines.Skip(1), l => Assert.Equal("conforms", l.GetProperty("outcome").GetString()));
        foreach (var path in new[] { "data[].original_filename", "data[].valid_row_count", "data[].status" })
        {
            Assert.Contains(path, text.Out);
        }

        // Nothing printed holds a value of the answers (ids, names, paths, counts, the cursor), except the unknown status itself.
        var served = new[] { page.ToJsonString(), Fixture.Text("optimaldial/retrieve-an-upload.response.json"), Fixture.Text("optimaldial/list-webhook-endpoints.response.json"), Fixture.Text("optimaldial/list-recent-deliveries-for-a-webhook-endpoint.response.json") };
        var values = served.SelectMany(b => ValuesOf(JsonDocument.Parse(b).RootElement)).Where(v => v.Length >= 4 && v != "queued" && !IsDocumentedValue(v)).Distinct().ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.DoesNotContain(v, text.Out + text.Err + json.Out + json.Err, StringComparison.Ordinal));
        Assert.DoesNotContain("od_live_stub_0001", text.Out + text.Err + json.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_3_when_the_provider_refuses_naming_the_credential()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(401).WithHeader("Content-Type", "application/json").WithHeader("WWW-Authenticate", "Bearer").WithBody("{\"detail\": \"Invalid API key\"}"));
        var config = Path.Combine(_folder, "refused.json");
        File.WriteAllText(config, "{ \"UploadClients\": { \"OptimalDial\": { \"ApiKey\": \"od_live_revoked_0001\", \"BaseAddress\": \"" + server.Url + "/\" } } }");

        var text = await RunAsync(null, "doctor", "optimaldial", "--config", config);

        Assert.Equal(Tool.Refused, text.Exit);
        Assert.Contains("OptimalDial refused the API key (UploadClients:OptimalDial:ApiKey) (401)", text.Out);
        Assert.DoesNotContain("Invalid API key", text.Out + text.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("od_live_revoked_0001", text.Out + text.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_2_OrbitSearch_without_a_directory_calls_nothing()
    {
        using var server = WireMockServer.Start();
        var config = Path.Combine(_folder, "orbit.json");
        File.WriteAllText(config, "{ \"UploadClients\": { \"OrbitSearch\": { \"AccessToken\": \"os_token_0001\", \"BaseAddress\": \"" + server.Url + "/\" } } }");

        var json = await RunAsync(null, "doctor", "orbitsearch", "--config", config, "--json");

        Assert.Equal(Tool.Invalid, json.Exit);
        Assert.Contains("--org ID --directory ID", json.Out);
        Assert.Empty(server.LogEntries);
    }

    /// <summary>The documented values the findings list (from the docs, not the answer: "documented: one of pending_mapping, …").</summary>
    private static bool IsDocumentedValue(string value) =>
        new UploadClients.OptimalDial.OptimalDialUploadStatus(value).IsDocumented || new UploadClients.OptimalDial.OptimalDialUploadSource(value).IsDocumented
        || new UploadClients.OptimalDial.OptimalDialWebhookDeliveryStatus(value).IsDocumented;

    private static void Serve(WireMockServer server, string path, string body) =>
        server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private static IEnumerable<string> ValuesOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => ValuesOf(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(ValuesOf),
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Number => [element.GetRawText()],
        _ => [],
    };
}
