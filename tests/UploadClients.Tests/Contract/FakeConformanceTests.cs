using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>
/// Every answer the fakes give, on the success paths and the error paths, has a documented shape:
/// the same fixtures the client is tested with judge the harness, so the two cannot agree with each
/// other and not with the provider.
/// </summary>
public class The_fakes_answer_only_in_documented_shapes
{
    [Fact]
    public async Task OptimalDial()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var od = host.OptimalDial;
        var harness = host.Harness.OptimalDial;

        var done = await clock.RunAsync(od.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));
        await foreach (var _ in od.ListUploadsAsync(pageSize: 1))
        {
        }

        await od.GetDownloadLinkAsync(done.Id, OptimalDialFileKind.Processed);
        await od.CancelUploadAsync(harness.AddUpload("validating"));

        // The error paths: 404, 409, 422 (too few numbers), 402, 403, 401.
        await Refused(() => od.GetUploadAsync(Guid.NewGuid()));
        await Refused(() => od.CancelUploadAsync(done.Id));
        await Refused(() => od.GetDownloadLinkAsync(harness.AddUpload("processing"), OptimalDialFileKind.Processed));
        await Refused(() => od.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(10), PhoneColumn = "phone" }));
        harness.CreditBalance = 0;
        await Refused(() => od.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));
        harness.SubscriptionActive = false;
        await Refused(() => od.GetUploadAsync(done.Id));
        using (var wrongKey = TestHost.Start(configure: o => o.OptimalDial.ApiKey = "od_live_not_the_harness_key_0000"))
        {
            await Refused(() => wrongKey.OptimalDial.GetUploadAsync(Guid.NewGuid()));
            AssertDocumented(wrongKey.Harness, [HarnessEndpoint.OptimalDialGetUpload]);
        }

        AssertDocumented(host.Harness, [
            HarnessEndpoint.OptimalDialCreateUpload, HarnessEndpoint.OptimalDialGetUpload, HarnessEndpoint.OptimalDialListUploads,
            HarnessEndpoint.OptimalDialCancelUpload, HarnessEndpoint.OptimalDialGetDownloadLink]);
        Assert.Contains(host.Harness.Journal.Entries, e => e.ResponseStatus == 402);
        Assert.Contains(host.Harness.Journal.Entries, e => e.ResponseStatus == 409);
    }

    [Fact]
    public async Task OptimalDial_webhook_endpoints()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var hooks = host.OptimalDialWebhooks;
        var harness = host.Harness.OptimalDial;

        var created = await hooks.CreateAsync(harness.WebhookReceiverUrl, "conformance", [OptimalDialWebhookEventTypes.UploadCreated, OptimalDialWebhookEventTypes.UploadCompleted]);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialWebhookReceiver, HarnessFault.Status(500));
        await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));
        await hooks.ListDeliveriesAsync(created.Endpoint.Id);
        await hooks.ListAsync();
        await hooks.GetAsync(created.Endpoint.Id);
        await hooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate { IsActive = false, Description = "paused" });

        // The error paths: a ping answered 500 (400), an unknown event type (422), an unknown endpoint (404), a wrong key (401).
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialWebhookReceiver, HarnessFault.Status(500));
        await Refused(() => hooks.CreateAsync(harness.WebhookReceiverUrl));
        await Refused(() => hooks.CreateAsync(harness.WebhookReceiverUrl, events: ["upload.exploded"]));
        await Refused(() => hooks.GetAsync(Guid.NewGuid()));
        await Refused(() => hooks.UpdateAsync(Guid.NewGuid(), new OptimalDialWebhookEndpointUpdate { IsActive = true }));
        await Refused(() => hooks.ListDeliveriesAsync(Guid.NewGuid()));
        await hooks.DeleteAsync(created.Endpoint.Id);
        await Refused(() => hooks.DeleteAsync(created.Endpoint.Id));
        using (var wrongKey = TestHost.Start(configure: o => o.OptimalDial.ApiKey = "od_live_not_the_harness_key_0000"))
        {
            await Refused(() => wrongKey.OptimalDialWebhooks.ListAsync());
            AssertDocumented(wrongKey.Harness, [HarnessEndpoint.OptimalDialListWebhooks]);
        }

        AssertDocumented(host.Harness, [
            HarnessEndpoint.OptimalDialCreateWebhook, HarnessEndpoint.OptimalDialListWebhooks, HarnessEndpoint.OptimalDialGetWebhook,
            HarnessEndpoint.OptimalDialUpdateWebhook, HarnessEndpoint.OptimalDialDeleteWebhook, HarnessEndpoint.OptimalDialListWebhookDeliveries]);
        Assert.Contains(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateWebhook), e => e.ResponseStatus == 422);
        Assert.Contains(host.Harness.Journal.For(HarnessEndpoint.OptimalDialDeleteWebhook), e => e.ResponseStatus == 404);

        // Every event the fake delivered has the documented envelope.
        Assert.All(harness.ReceivedWebhooks, d => Assert.Empty(DocumentedAnswers.OptimalDialWebhook.Problems(System.Text.Encoding.UTF8.GetString(d.Body))));
    }

    [Theory]
    [InlineData(OptimalDialWebhookEventTypes.UploadCreated)]
    [InlineData(OptimalDialWebhookEventTypes.UploadCompleted)]
    [InlineData(OptimalDialWebhookEventTypes.UploadFailed)]
    [InlineData(OptimalDialWebhookEventTypes.WebhookPing)]
    public void OptimalDial_webhook_deliveries(string type)
    {
        using var harness = UploadClientsHarness.Start();
        var id = harness.OptimalDial.AddUpload("completed");

        var delivery = type == OptimalDialWebhookEventTypes.WebhookPing
            ? harness.OptimalDial.CreateWebhookPing()
            : harness.OptimalDial.CreateWebhookEvent(type, id);

        Assert.Empty(DocumentedAnswers.OptimalDialWebhook.Problems(System.Text.Encoding.UTF8.GetString(delivery.Body)));
        Assert.Equal(type, delivery.Headers[OptimalDialWebhookHeaders.Event]);
    }

    [Fact]
    public async Task OrbitSearch()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var os = host.OrbitSearch;
        var orbit = host.Harness.OrbitSearch;
        OrbitSearchCsvUploadRequest Request(Guid directory, int rows = 20, string? key = null) => new()
        {
            OrganizationId = orbit.DefaultOrganizationId,
            DirectoryId = directory,
            File = TestCsv.File(rows),
            IdempotencyKey = key,
        };

        await clock.RunAsync(os.UploadAndWaitAsync(Request(orbit.DefaultDirectoryId, key: "q4-v1")));
        await os.UploadCsvAsync(Request(orbit.DefaultDirectoryId, key: "q4-v1"));

        // The error paths: key reused with another file, another organization's directory, an archived one, an unknown source, a refused token.
        await Refused(() => os.UploadCsvAsync(Request(orbit.DefaultDirectoryId, rows: 21, key: "q4-v1")));
        await Refused(() => os.UploadCsvAsync(Request(orbit.AddDirectory(Guid.NewGuid()))));
        await Refused(() => os.UploadCsvAsync(Request(orbit.AddDirectory(orbit.DefaultOrganizationId, archived: true))));
        await Refused(() => os.GetSourceAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId, Guid.NewGuid().ToString()));
        using (var wrongToken = TestHost.Start(configure: o => o.OrbitSearch.AccessToken = "not-the-harness-token"))
        {
            await Refused(() => wrongToken.OrbitSearch.GetSourceAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId, "s"));
            AssertDocumented(wrongToken.Harness, [HarnessEndpoint.OrbitSearchGetSourceStatus]);
        }

        AssertDocumented(host.Harness, [HarnessEndpoint.OrbitSearchUploadCsv, HarnessEndpoint.OrbitSearchGetSourceStatus]);
        Assert.Contains(host.Harness.Journal.Entries, e => e.ResponseStatus == 409);
        Assert.Contains(host.Harness.Journal.Entries, e => e.ResponseStatus == 403);
    }

    [Fact]
    public async Task Talkdesk()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, talkdeskOAuth: true);
        var td = host.Talkdesk;
        var list = host.Harness.Talkdesk.DefaultRecordListId;

        var done = await clock.RunAsync(td.UploadAndWaitAsync(list, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));
        await td.GetRecordListAsync(list);

        // The error paths: validation started twice (409), an unknown upload request and record list (404).
        await Refused(() => td.StartValidationAsync(list, done.Id));
        await Refused(() => td.GetUploadRequestAsync(list, "no-such-request"));
        await Refused(() => td.GetRecordListAsync("no-such-list"));
        using (var wrongSecret = TestHost.Start(talkdeskOAuth: true, configure: o => o.Talkdesk.ClientSecret = "not-the-harness-secret"))
        {
            await Refused(() => wrongSecret.Talkdesk.GetRecordListAsync(list));
            AssertDocumented(wrongSecret.Harness, [HarnessEndpoint.TalkdeskToken]);
        }

        // New record lists: created, filled, validated, listed page by page; refused when the account is full (400).
        await clock.RunAsync(td.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Conformance", File = TestCsv.File(10) }));
        host.Harness.Talkdesk.AddRecordList("Another");
        await foreach (var _ in td.ListRecordListsAsync(perPage: 1))
        {
        }

        host.Harness.Talkdesk.MaxRecordLists = 1;
        await Refused(() => td.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Over the limit", File = TestCsv.File(10) }));

        AssertDocumented(host.Harness, [
            HarnessEndpoint.TalkdeskToken, HarnessEndpoint.TalkdeskCreateUploadRequest, HarnessEndpoint.TalkdeskStartValidation,
            HarnessEndpoint.TalkdeskGetUploadRequest, HarnessEndpoint.TalkdeskGetRecordList, HarnessEndpoint.TalkdeskCreateRecordList,
            HarnessEndpoint.TalkdeskStartRecordListValidation, HarnessEndpoint.TalkdeskListRecordLists]);
        Assert.Contains(host.Harness.Journal.Entries, e => e.ResponseStatus == 409);
    }

    private static async Task Refused(Func<Task> call) => await Assert.ThrowsAnyAsync<UploadApiException>(call);

    /// <summary>Checks every JSON answer in the journal against its documented shape, and that <paramref name="endpoints"/> were all answered.</summary>
    private static void AssertDocumented(UploadClientsHarness harness, string[] endpoints)
    {
        var problems = new List<string>();
        var checkedEndpoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in harness.Journal.Entries.Where(e => e.Fault is null && e.Endpoint is not null && e.ResponseBody.Length > 0))
        {
            if (DocumentedAnswers.For(entry.Endpoint!, entry.ResponseStatus) is not { } shapes)
            {
                continue;
            }

            var body = entry.ResponseBodyText();
            var each = shapes.Select(s => (s.Fixture, Problems: s.Problems(body))).ToList();
            if (each.All(s => s.Problems.Count > 0))
            {
                problems.Add($"{entry} answered {body}: " + string.Join(" | ", each.Select(s => s.Fixture + ": " + string.Join("; ", s.Problems))));
            }

            checkedEndpoints.Add(entry.Endpoint!);
        }

        Assert.True(problems.Count == 0, "Answers in undocumented shapes:\n" + string.Join("\n", problems));
        Assert.Empty(endpoints.Except(checkedEndpoints));
    }
}

/// <summary>
/// An injected fault answers in the error shape of the provider that owns the endpoint (it answered
/// OptimalDial's <c>{"detail": …}</c> on every endpoint, OrbitSearch's and Talkdesk's included).
/// </summary>
public class Injected_faults_answer_in_the_providers_own_error_shape
{
    private static readonly Guid A = Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a");

    /// <summary>A request to each endpoint whose errors are documented as JSON.</summary>
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { HarnessEndpoint.OptimalDialCreateUpload, "POST", "/api/v1/uploads" },
        { HarnessEndpoint.OptimalDialGetUpload, "GET", $"/api/v1/uploads/{A}" },
        { HarnessEndpoint.OptimalDialListUploads, "GET", "/api/v1/uploads" },
        { HarnessEndpoint.OptimalDialCancelUpload, "DELETE", $"/api/v1/uploads/{A}" },
        { HarnessEndpoint.OptimalDialGetDownloadLink, "GET", $"/api/v1/uploads/{A}/download/processed" },
        { HarnessEndpoint.OptimalDialCreateWebhook, "POST", "/api/v1/webhooks" },
        { HarnessEndpoint.OptimalDialUpdateWebhook, "PATCH", $"/api/v1/webhooks/{A}" },
        { HarnessEndpoint.OrbitSearchUploadCsv, "POST", $"/v2/organizations/{A}/directories/{A}/sources/csv-upload" },
        { HarnessEndpoint.OrbitSearchGetSourceStatus, "GET", $"/v2/organizations/{A}/directories/{A}/sources/src_1/status" },
        { HarnessEndpoint.OrbitSearchGetReadiness, "GET", $"/v2/organizations/{A}/directories/{A}/readiness" },
        { HarnessEndpoint.TalkdeskCreateUploadRequest, "POST", "/record-lists/rl1/upload-requests" },
        { HarnessEndpoint.TalkdeskStartValidation, "PATCH", "/record-lists/rl1/upload-requests/ur1" },
        { HarnessEndpoint.TalkdeskGetRecordList, "GET", "/record-lists/rl1" },
        { HarnessEndpoint.TalkdeskCreateRecordList, "POST", "/record-lists" },
        { HarnessEndpoint.TalkdeskListRecordLists, "GET", "/record-lists" },
        { HarnessEndpoint.TalkdeskToken, "POST", "/oauth/token" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_503_and_a_429(string endpoint, string method, string path)
    {
        Assert.Equal(endpoint, HarnessEndpoint.Identify(method, path));
        using var harness = UploadClientsHarness.Start();
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        foreach (var fault in new[] { HarnessFault.Status(503), HarnessFault.TooManyRequests(TimeSpan.FromSeconds(2)), HarnessFault.TooManyRequestsUntil(DateTimeOffset.UtcNow.AddSeconds(5)) })
        {
            harness.InjectFault(endpoint, fault);
            using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')) { Content = method is "GET" or "DELETE" ? null : new StringContent("{}") });
            var body = await response.Content.ReadAsStringAsync();

            var shapes = DocumentedAnswers.For(endpoint, (int)response.StatusCode)!;
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(shapes.Any(s => s.Problems(body).Count == 0), $"{endpoint} answered {(int)response.StatusCode} {body}: " + string.Join(" | ", shapes.Select(s => s.Fixture + ": " + string.Join("; ", s.Problems(body)))));
        }
    }

    [Fact]
    public async Task On_a_storage_host_S3s_XML_error()
    {
        using var harness = UploadClientsHarness.Start();
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.Status(503));
        var path = harness.BaseAddress.AbsolutePath + "s3/talkdesk-record-lists/rl1/f1/contacts.csv";
        Assert.Equal(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessEndpoint.Identify("PUT", path));

        using var response = await http.PutAsync(path.TrimStart('/'), new StringContent("a,b"));

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<?xml", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>docs/contract.md lists every fixture of the corpus, and every fixture it lists exists.</summary>
public class The_contract_document_lists_the_corpus
{
    [Fact]
    public void Every_fixture_is_in_the_table_and_every_row_has_its_file()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "contract.md"));
        var listed = System.Text.RegularExpressions.Regex.Matches(doc, @"`((?:optimaldial|orbitsearch|talkdesk)/[^`]+)`").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var files = Fixture.All().ToHashSet(StringComparer.Ordinal);

        Assert.Empty(files.Except(listed));
        Assert.Empty(listed.Except(files));
    }
}
