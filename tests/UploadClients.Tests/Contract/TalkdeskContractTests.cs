using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>
/// Talkdesk prints request examples and response schema tables (no response examples): the
/// requests are compared with what the client sends, and a response built from each schema table
/// (every documented field, realistic values) parses with its values.
/// </summary>
public class Talkdesk_documented_examples_are_the_contract
{
    [Fact]
    public async Task The_upload_request_body_has_the_documented_names_types_and_encodings()
    {
        var documented = JsonShape.Of(Fixture.Json("talkdesk/record-listsidupload-requests.request.json"));
        using var host = TestHost.Start();

        await host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest
        {
            File = UploadFile.FromBytes(TestCsv.Contacts(10), "recordList.csv"),
            CallbackAction = new TalkdeskCallbackAction
            {
                Endpoint = new Uri("https://endpoint/callback"),
                Method = "POST",
                Body = new JsonObject { ["address"] = "old street" },
                Headers = new Dictionary<string, string> { ["x-api-key"] = "secret key" },
            },
            SendAtlasNotification = true,
        });

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskCreateUploadRequest));
        Assert.Empty(documented.Differences(JsonShape.Of(sent.BodyText())));
        using var body = JsonDocument.Parse(sent.BodyText());
        var meta = body.RootElement.GetProperty("csv_metadata");
        Assert.Equal("recordList.csv", meta.GetProperty("filename").GetString());
        Assert.Equal("text/csv", meta.GetProperty("content_type").GetString());
        Assert.Matches("^[0-9a-f]{32}$", meta.GetProperty("checksum").GetString()); // hex MD5, as the example's
        Assert.Equal(TestCsv.Contacts(10).Length, meta.GetProperty("byte_size").GetInt64());
    }

    [Fact]
    public async Task The_start_validation_body_is_the_documented_one_exactly()
    {
        using var host = TestHost.Start();
        var created = await host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) });
        await host.Talkdesk.UploadToSignedUrlAsync(created, TestCsv.File(10));

        await host.Talkdesk.StartValidationAsync(created.RecordListId, created.Id);

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskStartValidation));
        Assert.Equal("PATCH", sent.Method);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(Fixture.Text("talkdesk/record-listsidupload-requestsid_upload_request.request.json")),
            JsonNode.Parse(sent.BodyText())));
    }

    [Fact]
    public async Task The_token_request_is_the_documented_client_credentials_form()
    {
        using var host = TestHost.Start(talkdeskOAuth: true);

        await host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId);

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskToken));
        Assert.Equal("application/x-www-form-urlencoded", sent.Header("Content-Type")?.Split(';')[0]);
        Assert.StartsWith("Basic ", sent.Header("Authorization"));
        Assert.Equal(Form(Fixture.Text("talkdesk/cc-basic.request.txt")), Form(sent.BodyText()));
    }

    [Fact]
    public async Task The_upload_request_response_schema_parses_with_its_values()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessFault.Status(201, Fixture.Text("talkdesk/record-listsidupload-requests.response.schema.json")));

        var created = await host.Talkdesk.CreateUploadRequestAsync("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", new TalkdeskCreateUploadRequest { File = TestCsv.File(10) });

        Assert.Equal("6b0f3c2e-8d4a-4f1b-9e7c-2a5d8b1f0c34", created.Id);
        Assert.Equal("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", created.RecordListId);
        Assert.Equal("CREATED", created.Status);
        Assert.Equal(Fixture.Json("talkdesk/record-listsidupload-requests.response.schema.json").GetProperty("signed_url").GetString(), created.SignedUrl!.OriginalString);
        Assert.Equal("https://api.talkdeskapp.com/record-lists/0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20/upload-requests/6b0f3c2e-8d4a-4f1b-9e7c-2a5d8b1f0c34", created.Links!.Self!.Href);
        Assert.Equal("https://api.talkdeskapp.com/record-lists/0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", created.Links.RecordList!.Href);
        Assert.Equal("https://talkdesk-record-lists.s3.amazonaws.com/0f2d4b6a/recordList.csv", created.Links.Upload!.Href);
        Assert.DoesNotContain("X-Amz-Signature", created.ToString());
    }

    [Fact]
    public async Task The_start_validation_response_schema_parses_with_its_values()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskStartValidation, HarnessFault.Status(200, Fixture.Text("talkdesk/record-listsidupload-requestsid_upload_request.response.schema.json")));

        var started = await host.Talkdesk.StartValidationAsync("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", "6b0f3c2e-8d4a-4f1b-9e7c-2a5d8b1f0c34");

        Assert.Equal("6b0f3c2e-8d4a-4f1b-9e7c-2a5d8b1f0c34", started.Id);
        Assert.Equal("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", started.RecordListId);
        Assert.Equal(TalkdeskStatus.Uploaded, started.Status);
        Assert.False(started.IsTerminal);
        Assert.Null(started.Links!.Upload);
    }

    [Fact]
    public async Task The_record_list_schema_parses_with_its_values()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskGetRecordList, HarnessFault.Status(200, Fixture.Text("talkdesk/record-lists-2.response.schema.json")));

        var list = await host.Talkdesk.GetRecordListAsync("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20");

        Assert.Equal("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", list.Id);
        Assert.Equal("April cohort", list.Name);
        Assert.Equal(TalkdeskStatus.Accepted, list.Status);
        Assert.Equal(412, list.RecordsCount);
        Assert.True(list.IsTerminal);
        Assert.Equal("PHONE_NUMBER", list.UniqueIdentifierType);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), list.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero), list.UpdatedAt);
        Assert.Equal([new TalkdeskTeam("5e2a9c1d7b3f4e6a", "Outbound East")], list.Teams);
    }

    [Fact]
    public async Task The_error_schema_gives_code_message_description_and_fields()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessFault.Status(400, Fixture.Text("talkdesk/record-listsidupload-requests.error.schema.json")));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("0330001", ex.ErrorCode);
        Assert.Contains("Invalid request", ex.Message);
        Assert.Contains("Errors were found in the submitted data", ex.Message);
        Assert.Equal(new UploadFieldError("csv_metadata.byte_size", "must be less than or equal to 20000"), Assert.Single(ex.FieldErrors));
    }

    [Fact]
    public async Task The_token_schema_is_read_and_its_token_used()
    {
        using var host = TestHost.Start(talkdeskOAuth: true);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskToken, HarnessFault.Status(200, Fixture.Text("talkdesk/cc-basic.response.schema.json")));

        // The harness does not know the documented token and refuses it (401): one forced refresh
        // fetches a token the harness issued, and the request is repeated with it.
        await host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId);

        var reads = host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList);
        Assert.Equal("Bearer " + Fixture.Json("talkdesk/cc-basic.response.schema.json").GetProperty("access_token").GetString(), reads[0].Header("Authorization"));
        Assert.Equal(401, reads[0].ResponseStatus);
        Assert.StartsWith("Bearer td_tok_", reads[1].Header("Authorization"));
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskToken));
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Trim().Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')), StringComparer.Ordinal);
}
