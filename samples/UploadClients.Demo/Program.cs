// The UploadClients demo: every flow end to end against the in-process fake of the providers
// (UploadClients.Testing), so it runs offline with no credentials. Exit code 0 means every flow
// reached its terminal status.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;

using var harness = UploadClientsHarness.Start();
Console.WriteLine($"Fake provider APIs listening on {harness.BaseAddress}");

var services = new ServiceCollection()
    .AddUploadClients(options =>
    {
        harness.Configure(options);
        var fast = new PollingOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMinutes(1),
        };
        options.OptimalDial.Polling = fast;
        options.OrbitSearch.Polling = fast;
        options.Talkdesk.Polling = fast;

        // Talkdesk through OAuth client credentials, against the fake's token endpoint.
        harness.ConfigureClientCredentials(options.Talkdesk);
    })
    .BuildServiceProvider();

var failures = 0;
failures += await RunOptimalDialAsync(services.GetRequiredService<IOptimalDialClient>(), services.GetRequiredService<IOptimalDialWebhookEndpoints>(), harness);
failures += await RunOrbitSearchAsync(services.GetRequiredService<IOrbitSearchClient>(), harness);
failures += await RunTalkdeskAsync(services.GetRequiredService<ITalkdeskClient>(), harness);

Console.WriteLine();
Console.WriteLine(failures == 0 ? "All flows completed." : $"{failures} flow(s) failed.");
return failures == 0 ? 0 : 1;

static async Task<int> RunOptimalDialAsync(IOptimalDialClient client, IOptimalDialWebhookEndpoints webhooks, UploadClientsHarness harness)
{
    Console.WriteLine();
    Console.WriteLine("== OptimalDial: register a webhook receiver, upload a CSV of phone numbers, wait for it to be processed ==");
    harness.OptimalDial.StatusScript = ["validating", "ready_for_processing", "processing", "completed"];
    var path = WriteContacts(rows: 2_000);
    try
    {
        // The harness's own receiver stands in for your https endpoint; OptimalDial (the fake) pings it first.
        var endpoint = await webhooks.CreateAsync(harness.OptimalDial.WebhookReceiverUrl, "demo receiver", [OptimalDialWebhookEventTypes.UploadCreated, OptimalDialWebhookEventTypes.UploadCompleted]);
        Console.WriteLine($"Registered webhook endpoint {endpoint.Endpoint.Id} (ping answered; its secret came back once and prints as: Secret = ***).");

        var file = UploadFile.FromPath(path);
        Console.WriteLine($"Uploading {file}");
        var upload = await client.UploadAndWaitAsync(new OptimalDialUploadRequest
        {
            File = file,
            PhoneColumn = "phone",
            Progress = new ConsoleProgress(),
        });
        Console.WriteLine();
        Console.WriteLine($"Upload {upload.Id}: {upload.Status}; {upload.ValidRowCount} valid and {upload.InvalidRowCount} invalid rows; {upload.CreditsCharged} credits charged.");
        Console.WriteLine($"The harness saw {harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload)} upload request and {harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload)} status reads.");

        using var processed = new MemoryStream();
        await client.DownloadAsync(upload.Id, OptimalDialFileKind.Processed, processed);
        var storageSawNoKey = harness.Journal.For(HarnessEndpoint.OptimalDialStorageDownload).All(e => e.Header("Authorization") is null);
        Console.WriteLine($"Downloaded the processed file: {processed.Length:N0} bytes (the storage host never saw the API key: {storageSawNoKey}).");

        var verifier = new OptimalDialWebhookVerifier(endpoint.Secret);
        var events = harness.OptimalDial.ReceivedWebhooks.Skip(1).Select(d => verifier.Verify(d.Body, d.Signature)).ToList();
        var completed = events.Single(e => e.Type == OptimalDialWebhookEventTypes.UploadCompleted);
        Console.WriteLine($"The receiver got {string.Join(" and ", events.Select(e => e.Type))}, each signed with the endpoint's secret; {completed.Type} for {completed.Data.Upload?.Id} links the processed file at {completed.Data.GetDownloadUrl(OptimalDialFileKind.Processed)?.Host ?? "(no link)"}.");
        var deliveries = await webhooks.ListDeliveriesAsync(endpoint.Endpoint.Id);
        Console.WriteLine($"OptimalDial lists {deliveries.Count} deliveries: {string.Join(", ", deliveries.Select(d => $"{d.EventType} {d.Status} after {d.AttemptCount} attempt(s)"))}.");
        await webhooks.DeleteAsync(endpoint.Endpoint.Id);
        return upload.Status == OptimalDialUploadStatus.Completed && processed.Length > 0 && deliveries.All(d => d.Status == OptimalDialWebhookDeliveryStatus.Delivered) ? 0 : 1;
    }
    catch (UploadClientsException ex)
    {
        Console.Error.WriteLine($"OptimalDial flow failed: {ex.Message}");
        return 1;
    }
    finally
    {
        File.Delete(path);
    }
}

static async Task<int> RunOrbitSearchAsync(IOrbitSearchClient client, UploadClientsHarness harness)
{
    Console.WriteLine();
    Console.WriteLine("== OrbitSearch: add a CSV to a directory as a new source, idempotently ==");
    harness.OrbitSearch.StatusScript = ["pending", "processing", "completed"];
    harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(503));
    Console.WriteLine("(the fake answers the first upload attempt with 503: watch the SDK retry it with the same key)");
    var path = WriteContacts(rows: 500);
    try
    {
        var request = new OrbitSearchCsvUploadRequest
        {
            OrganizationId = harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = harness.OrbitSearch.DefaultDirectoryId,
            File = UploadFile.FromPath(path),
            Progress = new ConsoleProgress(),
        };
        var uploaded = await client.UploadCsvAsync(request);
        Console.WriteLine();
        var keys = harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv).Select(e => e.FormField("idempotency_key")).ToList();
        Console.WriteLine($"Source {uploaded.SourceId} ({uploaded.SourceStatus}); {keys.Count} attempts, all with key {uploaded.IdempotencyKey}: {keys.All(k => k == uploaded.IdempotencyKey)}.");

        var source = await client.WaitForSourceAsync(request.OrganizationId, request.DirectoryId, uploaded.SourceId);
        Console.WriteLine($"Source {source.SourceId}: {source.SourceStatus}; {source.Accepted} accepted, {source.Failed} failed, {source.Warnings} with warnings.");

        var again = await client.UploadCsvAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = request.OrganizationId,
            DirectoryId = request.DirectoryId,
            File = UploadFile.FromPath(path),
            IdempotencyKey = uploaded.IdempotencyKey,
        });
        Console.WriteLine($"Sending the same file with the same key again: is_idempotent = {again.IsIdempotent}, same source: {again.SourceId == uploaded.SourceId}.");
        var readiness = await client.GetDirectoryReadinessAsync(request.OrganizationId, request.DirectoryId);
        Console.WriteLine($"Directory ready for searches: {readiness.IsReady} ({readiness.Status}).");
        return source.SourceStatus == OrbitSearchSourceStatus.Completed && again.IsIdempotent ? 0 : 1;
    }
    catch (UploadClientsException ex)
    {
        Console.Error.WriteLine($"OrbitSearch flow failed: {ex.Message}");
        return 1;
    }
    finally
    {
        File.Delete(path);
    }
}

static async Task<int> RunTalkdeskAsync(ITalkdeskClient client, UploadClientsHarness harness)
{
    Console.WriteLine();
    Console.WriteLine("== Talkdesk: upload a CSV into a record list (upload request, S3 PUT, validation) ==");
    harness.Talkdesk.ValidationScript = ["VALIDATION_STARTED", "VALIDATION_STARTED", "ACCEPTED"];
    var path = WriteContacts(rows: 200);
    try
    {
        var file = UploadFile.FromPath(path, "demo-record-list.csv");
        Console.WriteLine($"Uploading {file} (Talkdesk accepts up to 20,000 bytes and names up to 35 characters)");
        var result = await client.UploadAndWaitAsync(harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest
        {
            File = file,
            SendAtlasNotification = true,
            Progress = new ConsoleProgress(),
        });
        Console.WriteLine();
        var put = harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut).Single();
        var putHadNoCredentials = put.Header("Authorization") is null;
        Console.WriteLine($"Upload request {result.Id}: {result.Status}. MD5 {result.ChecksumMd5}; the S3 PUT carried Content-MD5 {put.Header("Content-MD5")} and no credentials: {putHadNoCredentials}.");
        var list = await client.GetRecordListAsync(harness.Talkdesk.DefaultRecordListId);
        Console.WriteLine($"Record list '{list.Name}': {list.Status}, {list.RecordsCount} records. OAuth token requests: {harness.Talkdesk.TokenRequests}.");

        Console.WriteLine("== Talkdesk: a new record list from the same CSV (POST /record-lists, S3 PUT, PATCH, wait) ==");
        var created = await client.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Demo cohort", File = UploadFile.FromPath(path, "demo-record-list.csv") });
        Console.WriteLine($"Record list '{created.Name}' ({created.Id}): {created.Status}, {created.RecordsCount} records.");
        var names = new List<string>();
        await foreach (var each in client.ListRecordListsAsync(perPage: 1))
        {
            names.Add($"{each.Name} ({each.Status})");
        }

        Console.WriteLine($"The account's record lists, read one page at a time: {string.Join(", ", names)}.");
        return result.Status == TalkdeskStatus.Accepted && created.Status == TalkdeskStatus.Accepted ? 0 : 1;
    }
    catch (UploadClientsException ex)
    {
        Console.Error.WriteLine($"Talkdesk flow failed: {ex.Message}");
        return 1;
    }
    finally
    {
        File.Delete(path);
    }
}

static string WriteContacts(int rows)
{
    var path = Path.Combine(Path.GetTempPath(), $"uploadclients-demo-{Guid.NewGuid():N}.csv");
    using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
    writer.Write("name,phone,city\r\n");
    for (var i = 0; i < rows; i++)
    {
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"Contact {i},+1 (415) 555-{i % 10000:0000},San Francisco\r\n"));
    }

    return path;
}

/// <summary>A one-line progress bar on the console.</summary>
internal sealed class ConsoleProgress : IProgress<UploadProgress>
{
    private readonly Lock _lock = new();

    public void Report(UploadProgress value)
    {
        lock (_lock)
        {
            var total = value.TotalBytes ?? 0;
            var fraction = total > 0 ? (double)value.BytesSent / total : 0;
            var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
            Console.Write($"\r  [{bar}] {value.BytesSent:N0} / {total:N0} bytes");
        }
    }
}
