using System.Text.Json;
using System.Text.Json.Nodes;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>New record lists and the list of record lists, against Talkdesk's request example and schema tables.</summary>
public class Talkdesk_record_list_examples_are_the_contract
{
    [Fact]
    public async Task The_create_body_has_the_documented_names_types_and_encodings()
    {
        var documented = JsonShape.Of(Fixture.Json("talkdesk/record-lists-1.request.json"));
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest
        {
            Name = "RecordList 20",
            File = UploadFile.FromBytes(TestCsv.Contacts(10), "recordList.csv"),
        }));

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskCreateRecordList));
        Assert.Equal("/record-lists", sent.Path);
        Assert.Empty(documented.Differences(JsonShape.Of(sent.BodyText())));
        using var body = JsonDocument.Parse(sent.BodyText());
        Assert.Equal("RecordList 20", body.RootElement.GetProperty("name").GetString());
        var meta = body.RootElement.GetProperty("csv_metadata");
        Assert.Equal("recordList.csv", meta.GetProperty("filename").GetString());
        Assert.Equal("text/csv", meta.GetProperty("content_type").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(TestCsv.Contacts(10))), meta.GetProperty("checksum").GetString());
        Assert.Equal(TestCsv.Contacts(10).Length, meta.GetProperty("byte_size").GetInt64());
    }

    [Fact]
    public async Task The_start_validation_body_is_the_assumed_one_exactly()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) }));

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskStartRecordListValidation));
        Assert.Equal("PATCH", sent.Method);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(Fixture.Text("talkdesk/record-listsidupload-requestsid_upload_request.request.json")),
            JsonNode.Parse(sent.BodyText())));
    }

    [Fact]
    public async Task The_create_response_schema_is_read_and_its_signed_URL_used()
    {
        using var host = TestHost.Start();
        // The schema's signed_url points at S3; the same answer with the harness's storage host in it,
        // where no file is expected, so the PUT fails (404) and shows the answer was read.
        var answer = JsonNode.Parse(Fixture.Text("talkdesk/record-lists-1.response.schema.json"))!.AsObject();
        var documentedUrl = new Uri((string)answer["signed_url"]!);
        answer["signed_url"] = new Uri(host.Harness.BaseAddress, "s3" + documentedUrl.AbsolutePath).GetLeftPart(UriPartial.Path) + documentedUrl.Query;
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskCreateRecordList, HarnessFault.Status(201, answer.ToJsonString()));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "RecordList 20", File = TestCsv.File(10) }));

        Assert.Equal("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", ex.Data[TalkdeskClient.RecordListIdKey]);
        var put = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Equal("/s3/0f2d4b6a/recordList.csv", put.Path);
        Assert.Equal(documentedUrl.Query, put.Query);
        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
        Assert.DoesNotContain("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_update_response_schema_reads_as_a_record_list()
    {
        var wire = JsonSerializer.Deserialize(Fixture.Text("talkdesk/update-record-lists.response.schema.json"), UploadClients.Talkdesk.TalkdeskJsonContext.Default.RecordListWire)!;

        Assert.Equal("0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", wire.Id);
        Assert.Equal("RecordList 20", wire.Name);
        Assert.Equal("PHONE_NUMBER", wire.UniqueIdentifierType);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), wire.CreatedAt);
        Assert.Equal(0, wire.RecordsCount);
        Assert.Equal(TalkdeskStatus.Uploaded, wire.Status);
    }

    [Fact]
    public async Task The_update_response_schema_lets_the_flow_go_on_to_the_wait()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(
            HarnessEndpoint.TalkdeskStartRecordListValidation,
            HarnessFault.Status(200, Fixture.Text("talkdesk/update-record-lists.response.schema.json")).AfterTheFakeHandledIt());

        var list = await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April", File = TestCsv.File(10) }));

        Assert.Equal(TalkdeskStatus.Accepted, list.Status);
        Assert.Contains(list.Id, Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskCreateRecordList)).ResponseBodyText(), StringComparison.Ordinal);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartRecordListValidation));
    }

    [Fact]
    public async Task The_page_schema_gives_its_record_lists_and_a_next_link_to_another_host_is_not_followed()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskListRecordLists, HarnessFault.Status(200, Fixture.Text("talkdesk/record-lists.response.schema.json")));
        var seen = new List<TalkdeskRecordList>();

        // The schema's links point at api.talkdeskapp.com, not at the harness the client talks to.
        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(async () =>
        {
            await foreach (var list in host.Talkdesk.ListRecordListsAsync(perPage: 2))
            {
                seen.Add(list);
            }
        });

        Assert.Equal(["0f2d4b6a-8c1e-4a3f-b5d7-9e1c3a5f7b20", "7c4e2a9b-1d3f-4b5a-8c6e-0f2a4b6c8d10"], seen.Select(l => l.Id));
        Assert.Equal("April cohort", seen[0].Name);
        Assert.Equal(412, seen[0].RecordsCount);
        Assert.Equal([new TalkdeskTeam("5e2a9c1d7b3f4e6a", "Outbound East")], seen[0].Teams);
        Assert.Equal("NOTHING", seen[1].UniqueIdentifierType);
        Assert.Equal(TalkdeskStatus.ValidationStarted, seen[1].Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero), seen[1].UpdatedAt);
        Assert.Empty(seen[1].Teams);
        Assert.Contains("https://api.talkdeskapp.com", ex.Message, StringComparison.Ordinal);
        var first = Assert.Single(host.Harness.Journal.Entries);
        Assert.Equal("?page=1&per_page=2", first.Query);
    }

    [Fact]
    public async Task The_fake_answers_a_record_list_GET_with_every_documented_field_of_its_kind()
    {
        // reference/record-lists-2: id, name, unique_identifier_type, created_at, updated_at, status, records_count, teams.
        var documented = JsonNode.Parse(Fixture.Text("talkdesk/record-lists-2.response.schema.json"))!.AsObject();
        using var host = TestHost.Start();
        using var http = new HttpClient { BaseAddress = host.Harness.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", UploadClients.Testing.Talkdesk.TalkdeskFake.AccessToken);

        var answered = JsonNode.Parse(await http.GetStringAsync("record-lists/" + host.Harness.Talkdesk.DefaultRecordListId))!.AsObject();

        // Before: unique_identifier_type, updated_at and teams were missing (the PATCH's answer had the first).
        Assert.All(documented, field =>
        {
            Assert.True(answered.ContainsKey(field.Key), $"the fake's GET /record-lists/{{id}} has no '{field.Key}'");
            Assert.Equal(field.Value!.GetValueKind(), answered[field.Key]!.GetValueKind());
        });
    }
}
