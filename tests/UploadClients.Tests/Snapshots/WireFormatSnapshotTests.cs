using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using UploadClients.Tests.Reliability;

namespace UploadClients.Tests.Snapshots;

/// <summary>
/// What goes on the wire for each provider request, compared with a checked-in golden file, so a
/// change to field names, order, headers or JSON shape is a reviewed diff. Run with
/// <c>UPDATE_SNAPSHOTS=1</c> to rewrite the files after an intended change.
/// </summary>
public partial class Wire_format_snapshots
{
    private static readonly byte[] SmallCsv = Encoding.UTF8.GetBytes("name,phone\r\nAda,(212) 555-0100\r\nGrace,(212) 555-0101\r\n");

    [Fact]
    public async Task OptimalDial_create_upload()
    {
        using var host = TestHost.Start();
        host.Harness.OptimalDial.MinimumValidNumbers = 1;
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest
        {
            File = UploadFile.FromBytes(SmallCsv, "contacts.csv"),
            PhoneColumn = "phone",
            SkipMobileLookup = true,
            FilenameOverride = "October list.csv",
        });
        Match("optimaldial-create-upload", host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload).Single());
    }

    [Fact]
    public async Task OptimalDial_create_upload_json_mode()
    {
        using var host = TestHost.Start();
        host.Harness.OptimalDial.MinimumValidNumbers = 1;
        await host.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest
        {
            PhoneNumbers = ["+15550000000", "(212) 555-0101", "2125550102"],
            Filename = "first-list.csv",
            SkipMobileLookup = true,
        });
        Match("optimaldial-create-upload-json", host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload).Single());
    }

    [Fact]
    public async Task OptimalDial_list_cancel_download_link()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("validating");
        await host.OptimalDial.ListUploadsAsync(25).ToListAsync();
        await host.OptimalDial.CancelUploadAsync(id);
        var done = host.Harness.OptimalDial.AddUpload("completed");
        await host.OptimalDial.GetDownloadLinkAsync(done, OptimalDialFileKind.ProcessedFiltered);
        Match("optimaldial-list-cancel-download-link", [.. host.Harness.Journal.Entries]);
    }

    [Fact]
    public async Task OptimalDial_webhook_endpoints()
    {
        using var host = TestHost.Start();
        var hooks = host.OptimalDialWebhooks;
        var id = Guid.NewGuid();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateWebhook, HarnessFault.Status(201, Contract.Fixture.Text("optimaldial/create-a-webhook-endpoint.response.json")));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhooks, HarnessFault.Status(200, Contract.Fixture.Text("optimaldial/list-webhook-endpoints.response.json")));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetWebhook, HarnessFault.Status(200, Contract.Fixture.Text("optimaldial/update-a-webhook-endpoint.response.json")));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialUpdateWebhook, HarnessFault.Status(200, Contract.Fixture.Text("optimaldial/update-a-webhook-endpoint.response.json")));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhookDeliveries, HarnessFault.Status(200, "[]"));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialDeleteWebhook, HarnessFault.Status(204, string.Empty));

        await hooks.CreateAsync(new Uri("https://hooks.example.com/optimaldial"), "CRM sync", ["upload.created", "upload.completed"]);
        await hooks.ListAsync();
        await hooks.GetAsync(id);
        await hooks.UpdateAsync(id, new OptimalDialWebhookEndpointUpdate { Description = "paused", IsActive = false });
        await hooks.ListDeliveriesAsync(id, limit: 50);
        await hooks.DeleteAsync(id);
        Match("optimaldial-webhook-endpoints", [.. host.Harness.Journal.Entries]);
    }

    [Fact]
    public async Task OrbitSearch_upload_csv()
    {
        using var host = TestHost.Start();
        await host.OrbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
            File = UploadFile.FromBytes(SmallCsv, "contacts.csv"),
            IdempotencyKey = "upload-2024-q4-v1",
        });
        Match("orbitsearch-upload-csv", host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv).Single());
    }

    [Fact]
    public async Task Talkdesk_whole_flow_with_OAuth()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, talkdeskOAuth: true);
        await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest
        {
            File = UploadFile.FromBytes(SmallCsv, "recordList.csv"),
            CallbackAction = new TalkdeskCallbackAction
            {
                Endpoint = new Uri("http://endpoint/callback"),
                Method = "POST",
                Body = new System.Text.Json.Nodes.JsonObject { ["address"] = "old street" },
                Headers = new Dictionary<string, string> { ["x-api-key"] = "secret key" },
            },
            SendAtlasNotification = true,
        }));
        Match("talkdesk-upload-flow", [.. host.Harness.Journal.Entries]);
    }

    [Fact]
    public async Task Talkdesk_new_record_list_and_listing()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        await clock.RunAsync(host.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest
        {
            Name = "April cohort",
            File = UploadFile.FromBytes(SmallCsv, "recordList.csv"),
        }));
        await host.Talkdesk.ListRecordListsAsync(perPage: 25).ToListAsync();
        Match("talkdesk-new-record-list", [.. host.Harness.Journal.Entries]);
    }

    private static void Match(string name, params JournalEntry[] entries)
    {
        var actual = string.Join("\n\n", entries.Select(Render)) + "\n";
        var path = Path.Combine(Repository.Root, "tests", "UploadClients.Tests", "Snapshots", name + ".txt");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1" || !File.Exists(path))
        {
            File.WriteAllText(path, actual);
            Assert.True(Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1", $"The snapshot {name}.txt did not exist; it was written. Review and commit it.");
            return;
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>The request as text, with what changes from run to run normalized and secrets masked.</summary>
    private static string Render(JournalEntry entry)
    {
        var sb = new StringBuilder();
        sb.Append(entry.Method).Append(' ').Append(entry.Path).Append(entry.Query).Append('\n');
        foreach (var header in (string[])["Authorization", "Content-Type", "Content-MD5", "Content-Length"])
        {
            if (entry.Header(header) is { } value)
            {
                sb.Append(header).Append(": ").Append(header == "Authorization" ? value.Split(' ')[0] + " ***" : value).Append('\n');
            }
        }

        var body = entry.BodyText();
        if (body.Length > 0)
        {
            sb.Append('\n').Append(body.Replace("\r\n", "⏎\n", StringComparison.Ordinal));
        }

        var text = sb.ToString();
        if (entry.Header("Content-Type") is { } contentType && BoundaryPattern().Match(contentType) is { Success: true } boundary)
        {
            text = text.Replace(boundary.Groups[1].Value, "BOUNDARY", StringComparison.Ordinal);
        }

        text = GuidPattern().Replace(text, "00000000-0000-0000-0000-000000000000");
        text = RecordListPattern().Replace(text, "rl_000000000000");
        text = SignaturePattern().Replace(text, "$1=SIGNATURE");
        text = Md5HeaderPattern().Replace(text, "$1");
        return text.TrimEnd();
    }

    [GeneratedRegex("boundary=\"?([^\";]+)\"?")]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("rl_[0-9a-f]{12}")]
    private static partial Regex RecordListPattern();

    [GeneratedRegex("(X-Amz-Signature|token)=[0-9a-f]+")]
    private static partial Regex SignaturePattern();

    [GeneratedRegex("(Content-MD5: [A-Za-z0-9+/=]+)")]
    private static partial Regex Md5HeaderPattern();
}
