using System.Net;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>How an operation may be repeated (the retry table in docs/reliability.md).</summary>
internal enum RetryClass
{
    /// <summary>GET, PUT, DELETE: retried after any transient fault.</summary>
    Safe,

    /// <summary>A POST the provider dedupes on its idempotency key: retried like a GET, same key and bytes.</summary>
    IdempotentPost,

    /// <summary>A PATCH that only sets values (an OptimalDial webhook endpoint's): sending it twice leaves the same state, so it is retried like a GET.</summary>
    SettingPatch,

    /// <summary>A POST or PATCH that would charge or create twice: retried only when the connection could not be made or a 429 refused it.</summary>
    Unsafe,
}

/// <summary>What the operation's response body is.</summary>
internal enum ResponseBody
{
    /// <summary>JSON the SDK reads.</summary>
    Json,

    /// <summary>A file the SDK streams to the caller as is.</summary>
    File,

    /// <summary>Nothing the SDK reads (S3's PUT answer).</summary>
    Ignored,
}

/// <summary>The faults of the matrix, one column each.</summary>
public enum MatrixFault
{
    Status500,
    Status502,
    Status503,
    Status504,
    Status408,
    TooManyRequestsSeconds,
    TooManyRequestsDate,
    SlowerThanTimeout,
    DroppedConnection,
    EmptyBody,
    MalformedJson,
    MissingRequiredField,
    UnknownEnumValue,
    RedirectToAnotherHost,
    BodyCutOff,
    BodyStalls,
    BodyOverTheCap,
    CredentialEchoedInError,
    ReadOutlivesTheWait,
}

/// <summary>What the caller sees.</summary>
internal enum Seen
{
    NotApplicable,
    Success,
    UnknownStatusTolerated,
    ApiError,
    Unreadable,
    TooLarge,
    OutcomeUnknown,
    WaitTimeout,
    Timeout,
    TransportError,
}

/// <summary>The expected result of one cell: what the caller sees and how many requests the server saw.</summary>
internal sealed record Expectation(Seen Seen, int Requests, HttpStatusCode? Status = null)
{
    public string Render() => Seen switch
    {
        Seen.NotApplicable => "—",
        Seen.Success => $"ok ({Requests})",
        Seen.UnknownStatusTolerated => $"ok, Unknown ({Requests})",
        Seen.ApiError => $"error {(int)Status!.Value} ({Requests})",
        Seen.Unreadable => $"unreadable {(int)Status!.Value} ({Requests})",
        Seen.TooLarge => $"too large ({Requests})",
        Seen.OutcomeUnknown => $"outcome unknown ({Requests})",
        Seen.WaitTimeout => $"wait timeout ({Requests})",
        Seen.Timeout => $"timeout ({Requests})",
        Seen.TransportError => $"transport ({Requests})",
        _ => "?",
    };
}

/// <summary>One public operation of one provider, as the matrix drives it.</summary>
/// <param name="Name">Provider.Operation.</param>
/// <param name="Endpoint">The harness endpoint the fault hits and the journal counts.</param>
/// <param name="Retry">Its retry class.</param>
/// <param name="Response">What its response body is.</param>
/// <param name="RequiredField">A field the SDK requires in the response (removed by MissingRequiredField).</param>
/// <param name="EnumField">A status field (set to an unknown value by UnknownEnumValue).</param>
/// <param name="Run">Arranges what the operation needs, then runs it; returns its result.</param>
internal sealed record MatrixOperation(
    string Name,
    string Endpoint,
    RetryClass Retry,
    ResponseBody Response,
    string? RequiredField,
    string? EnumField,
    Func<TestHost, Task<object?>> Run)
{
    /// <summary>
    /// A wait (many reads) rather than one call: probed only with the faults particular to waits;
    /// the reads it makes are the matching read row's, which every other fault probes.
    /// </summary>
    public bool IsWait { get; init; }

    public override string ToString() => Name;
}

/// <summary>The one table the fault-matrix tests and docs/reliability.md are generated from.</summary>
internal static class FaultMatrix
{
    public static readonly IReadOnlyList<MatrixOperation> Operations =
    [
        new("OptimalDial.CreateUpload", HarnessEndpoint.OptimalDialCreateUpload, RetryClass.Unsafe, ResponseBody.Json, "id", "status",
            async h => await h.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" })),
        new("OptimalDial.CreateUploadJson", HarnessEndpoint.OptimalDialCreateUpload, RetryClass.Unsafe, ResponseBody.Json, "id", "status",
            async h => await h.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest { PhoneNumbers = [.. Enumerable.Range(0, 150).Select(i => $"(212) 555-{i:0000}")] })),
        new("OptimalDial.GetUpload", HarnessEndpoint.OptimalDialGetUpload, RetryClass.Safe, ResponseBody.Json, "id", "status",
            async h => await h.OptimalDial.GetUploadAsync(h.Harness.OptimalDial.AddUpload("processing"))),
        new("OptimalDial.ListUploads", HarnessEndpoint.OptimalDialListUploads, RetryClass.Safe, ResponseBody.Json, "data", null,
            async h =>
            {
                h.Harness.OptimalDial.AddUpload("completed");
                return await h.OptimalDial.ListUploadsAsync().ToListAsync();
            }),
        new("OptimalDial.CancelUpload", HarnessEndpoint.OptimalDialCancelUpload, RetryClass.Safe, ResponseBody.Json, "status", "status",
            async h => await h.OptimalDial.CancelUploadAsync(h.Harness.OptimalDial.AddUpload("validating"))),
        new("OptimalDial.GetDownloadLink", HarnessEndpoint.OptimalDialGetDownloadLink, RetryClass.Safe, ResponseBody.Json, "download_url", null,
            async h => await h.OptimalDial.GetDownloadLinkAsync(h.Harness.OptimalDial.AddUpload("completed"), OptimalDialFileKind.Processed)),
        new("OptimalDial.Download", HarnessEndpoint.OptimalDialStorageDownload, RetryClass.Safe, ResponseBody.File, null, null,
            async h =>
            {
                using var destination = new MemoryStream();
                await h.OptimalDial.DownloadAsync(h.Harness.OptimalDial.AddUpload("completed"), OptimalDialFileKind.Original, destination);
                return destination.Length;
            }),
        new("OptimalDial.CreateWebhookEndpoint", HarnessEndpoint.OptimalDialCreateWebhook, RetryClass.Unsafe, ResponseBody.Json, "secret", null,
            async h => await h.OptimalDialWebhooks.CreateAsync(h.Harness.OptimalDial.WebhookReceiverUrl, "matrix")),
        new("OptimalDial.ListWebhookEndpoints", HarnessEndpoint.OptimalDialListWebhooks, RetryClass.Safe, ResponseBody.Json, null, null,
            async h =>
            {
                await h.OptimalDialWebhooks.CreateAsync(h.Harness.OptimalDial.WebhookReceiverUrl);
                return string.Join(", ", await h.OptimalDialWebhooks.ListAsync());
            }),
        new("OptimalDial.GetWebhookEndpoint", HarnessEndpoint.OptimalDialGetWebhook, RetryClass.Safe, ResponseBody.Json, "id", null,
            async h => await h.OptimalDialWebhooks.GetAsync((await h.OptimalDialWebhooks.CreateAsync(h.Harness.OptimalDial.WebhookReceiverUrl)).Endpoint.Id)),
        new("OptimalDial.UpdateWebhookEndpoint", HarnessEndpoint.OptimalDialUpdateWebhook, RetryClass.SettingPatch, ResponseBody.Json, "id", null,
            async h => await h.OptimalDialWebhooks.UpdateAsync(
                (await h.OptimalDialWebhooks.CreateAsync(h.Harness.OptimalDial.WebhookReceiverUrl)).Endpoint.Id,
                new OptimalDialWebhookEndpointUpdate { IsActive = false, Description = "paused by the matrix" })),
        new("OptimalDial.DeleteWebhookEndpoint", HarnessEndpoint.OptimalDialDeleteWebhook, RetryClass.Safe, ResponseBody.Ignored, null, null,
            async h =>
            {
                var created = await h.OptimalDialWebhooks.CreateAsync(h.Harness.OptimalDial.WebhookReceiverUrl);
                await h.OptimalDialWebhooks.DeleteAsync(created.Endpoint.Id);
                return created.Endpoint.Id;
            }),
        new("OptimalDial.ListWebhookDeliveries", HarnessEndpoint.OptimalDialListWebhookDeliveries, RetryClass.Safe, ResponseBody.Json, null, null,
            async h =>
            {
                var created = await h.OptimalDialWebhooks.CreateAsync(h.Harness.OptimalDial.WebhookReceiverUrl, events: ["upload.created"]);
                await h.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });
                return string.Join(", ", await h.OptimalDialWebhooks.ListDeliveriesAsync(created.Endpoint.Id, limit: 5));
            }),
        new("OrbitSearch.UploadCsv", HarnessEndpoint.OrbitSearchUploadCsv, RetryClass.IdempotentPost, ResponseBody.Json, "source_id", "source_status",
            async h => await h.OrbitSearch.UploadCsvAsync(OrbitRequest(h))),
        new("OrbitSearch.GetSource", HarnessEndpoint.OrbitSearchGetSourceStatus, RetryClass.Safe, ResponseBody.Json, "source_id", "source_status",
            async h =>
            {
                var uploaded = await h.OrbitSearch.UploadCsvAsync(OrbitRequest(h));
                return await h.OrbitSearch.GetSourceAsync(h.Harness.OrbitSearch.DefaultOrganizationId, h.Harness.OrbitSearch.DefaultDirectoryId, uploaded.SourceId);
            }),
        new("OrbitSearch.GetDirectoryReadiness", HarnessEndpoint.OrbitSearchGetReadiness, RetryClass.Safe, ResponseBody.Json, null, null,
            async h => await h.OrbitSearch.GetDirectoryReadinessAsync(h.Harness.OrbitSearch.DefaultOrganizationId, h.Harness.OrbitSearch.DefaultDirectoryId)),
        new("Talkdesk.CreateUploadRequest", HarnessEndpoint.TalkdeskCreateUploadRequest, RetryClass.Unsafe, ResponseBody.Json, "id", "status",
            async h => await h.Talkdesk.CreateUploadRequestAsync(h.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) })),
        new("Talkdesk.UploadToSignedUrl", HarnessEndpoint.TalkdeskSignedUrlPut, RetryClass.Safe, ResponseBody.Ignored, null, null,
            async h =>
            {
                var file = TestCsv.File(10);
                var created = await h.Talkdesk.CreateUploadRequestAsync(h.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = file });
                await h.Talkdesk.UploadToSignedUrlAsync(created, file);
                return created.Id;
            }),
        new("Talkdesk.StartValidation", HarnessEndpoint.TalkdeskStartValidation, RetryClass.Unsafe, ResponseBody.Json, "id", "status",
            async h => await h.Talkdesk.StartValidationAsync(h.Harness.Talkdesk.DefaultRecordListId, await CreateAndPutAsync(h))),
        new("Talkdesk.GetUploadRequest", HarnessEndpoint.TalkdeskGetUploadRequest, RetryClass.Safe, ResponseBody.Json, "id", "status",
            async h =>
            {
                var id = await CreateAndPutAsync(h);
                await h.Talkdesk.StartValidationAsync(h.Harness.Talkdesk.DefaultRecordListId, id);
                return await h.Talkdesk.GetUploadRequestAsync(h.Harness.Talkdesk.DefaultRecordListId, id);
            }),
        new("Talkdesk.GetRecordList", HarnessEndpoint.TalkdeskGetRecordList, RetryClass.Safe, ResponseBody.Json, "id", "status",
            async h => await h.Talkdesk.GetRecordListAsync(h.Harness.Talkdesk.DefaultRecordListId)),
        new("Talkdesk.CreateRecordList", HarnessEndpoint.TalkdeskCreateRecordList, RetryClass.Unsafe, ResponseBody.Json, "id", null,
            async h => await h.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Matrix", File = TestCsv.File(10) })),
        new("Talkdesk.StartRecordListValidation", HarnessEndpoint.TalkdeskStartRecordListValidation, RetryClass.Unsafe, ResponseBody.Json, "id", null,
            async h => await h.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "Matrix", File = TestCsv.File(10) })),
        new("Talkdesk.ListRecordLists", HarnessEndpoint.TalkdeskListRecordLists, RetryClass.Safe, ResponseBody.Json, null, null,
            async h =>
            {
                h.Harness.Talkdesk.AddRecordList("Matrix");
                return string.Join(", ", await h.Talkdesk.ListRecordListsAsync().ToListAsync());
            }),
        new("OptimalDial.WaitForUpload", HarnessEndpoint.OptimalDialGetUpload, RetryClass.Safe, ResponseBody.Json, null, null,
            async h => await h.OptimalDial.WaitForUploadAsync(h.Harness.OptimalDial.AddUpload("processing", "completed"), WaitCellPolling)) { IsWait = true },
        new("OrbitSearch.WaitForSource", HarnessEndpoint.OrbitSearchGetSourceStatus, RetryClass.Safe, ResponseBody.Json, null, null,
            async h =>
            {
                var uploaded = await h.OrbitSearch.UploadCsvAsync(OrbitRequest(h));
                return await h.OrbitSearch.WaitForSourceAsync(h.Harness.OrbitSearch.DefaultOrganizationId, h.Harness.OrbitSearch.DefaultDirectoryId, uploaded.SourceId, WaitCellPolling);
            }) { IsWait = true },
        new("Talkdesk.WaitForUploadRequest", HarnessEndpoint.TalkdeskGetUploadRequest, RetryClass.Safe, ResponseBody.Json, null, null,
            async h =>
            {
                var id = await CreateAndPutAsync(h);
                await h.Talkdesk.StartValidationAsync(h.Harness.Talkdesk.DefaultRecordListId, id);
                return await h.Talkdesk.WaitForUploadRequestAsync(h.Harness.Talkdesk.DefaultRecordListId, id, WaitCellPolling);
            }) { IsWait = true },
    ];

    /// <summary>The wait rows' timeout: past the clock's delay threshold, short of the slow cells' request timeout, so only the wait's own bound can end them.</summary>
    public static readonly TimeSpan WaitCellTimeout = TimeSpan.FromMinutes(7);

    private static PollingOptions WaitCellPolling => new() { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), Timeout = WaitCellTimeout };

    public static readonly IReadOnlyList<MatrixFault> Faults = Enum.GetValues<MatrixFault>();

    /// <summary>Requests with a body the matrix compares across retries (the same key, bytes and MD5 every time).</summary>
    public static bool SendsBody(MatrixOperation op) => op.Endpoint is HarnessEndpoint.OptimalDialCreateUpload or HarnessEndpoint.OrbitSearchUploadCsv
        or HarnessEndpoint.OptimalDialCreateWebhook or HarnessEndpoint.OptimalDialUpdateWebhook
        or HarnessEndpoint.TalkdeskCreateRecordList or HarnessEndpoint.TalkdeskStartRecordListValidation
        or HarnessEndpoint.TalkdeskCreateUploadRequest or HarnessEndpoint.TalkdeskSignedUrlPut or HarnessEndpoint.TalkdeskStartValidation;

    /// <summary>docs/reliability.md, cell by cell.</summary>
    public static Expectation Expect(MatrixOperation op, MatrixFault fault)
    {
        if (op.IsWait || fault == MatrixFault.ReadOutlivesTheWait)
        {
            // A read held past the wait's timeout ends the wait at its timeout, with one read made.
            return op.IsWait && fault == MatrixFault.ReadOutlivesTheWait ? new Expectation(Seen.WaitTimeout, 1) : new Expectation(Seen.NotApplicable, 0);
        }

        HttpStatusCode? transientStatus = fault switch
        {
            MatrixFault.Status500 => HttpStatusCode.InternalServerError,
            MatrixFault.Status502 => HttpStatusCode.BadGateway,
            MatrixFault.Status503 => HttpStatusCode.ServiceUnavailable,
            MatrixFault.Status504 => HttpStatusCode.GatewayTimeout,
            MatrixFault.Status408 => HttpStatusCode.RequestTimeout,
            MatrixFault.TooManyRequestsSeconds or MatrixFault.TooManyRequestsDate => HttpStatusCode.TooManyRequests,
            _ => null,
        };
        if (fault is MatrixFault.BodyCutOff or MatrixFault.BodyStalls && op.Response == ResponseBody.Ignored)
        {
            return new Expectation(Seen.NotApplicable, 0);
        }

        if (fault is MatrixFault.BodyCutOff or MatrixFault.BodyStalls && op.Response == ResponseBody.File)
        {
            // Part of the file is already written to the caller's stream: reported, not retried. (A
            // stalled download is timed per read, not per attempt: A_download_that_stalls_… covers it,
            // as the matrix's clock cannot tell which of the two timeouts it passes.)
            return fault == MatrixFault.BodyCutOff ? new Expectation(Seen.TransportError, 1) : new Expectation(Seen.NotApplicable, 0);
        }

        if (fault == MatrixFault.CredentialEchoedInError)
        {
            // The cell's secret scan is the point: every credential, whatever its source, stays out of sight.
            return new Expectation(Seen.ApiError, 1, HttpStatusCode.BadRequest);
        }

        if (fault == MatrixFault.BodyOverTheCap)
        {
            return op.Response == ResponseBody.File ? new Expectation(Seen.NotApplicable, 0) : new Expectation(Seen.TooLarge, 1);
        }

        var transient = transientStatus is not null || fault is MatrixFault.SlowerThanTimeout or MatrixFault.DroppedConnection or MatrixFault.BodyCutOff or MatrixFault.BodyStalls;
        if (transient)
        {
            // A 429 was refused before it was processed: even a request that creates or charges is sent again.
            if (op.Retry != RetryClass.Unsafe || fault is MatrixFault.TooManyRequestsSeconds or MatrixFault.TooManyRequestsDate)
            {
                return new Expectation(Seen.Success, 2);
            }

            return fault switch
            {
                // Sent, then no answer: it may have been received (and charged).
                MatrixFault.SlowerThanTimeout or MatrixFault.BodyStalls or MatrixFault.DroppedConnection or MatrixFault.BodyCutOff => new Expectation(Seen.OutcomeUnknown, 1),
                _ => new Expectation(Seen.ApiError, 1, transientStatus),
            };
        }

        var success = op.Name is "OrbitSearch.UploadCsv" or "Talkdesk.CreateUploadRequest" or "OptimalDial.CreateWebhookEndpoint" or "Talkdesk.CreateRecordList"
            ? HttpStatusCode.Created
            : HttpStatusCode.OK;
        return fault switch
        {
            // API calls follow no redirect; requests without credentials (signed URL, download) may.
            MatrixFault.RedirectToAnotherHost => op.Endpoint is HarnessEndpoint.OptimalDialStorageDownload or HarnessEndpoint.TalkdeskSignedUrlPut
                ? new Expectation(Seen.NotApplicable, 0)
                : new Expectation(Seen.ApiError, 1, HttpStatusCode.TemporaryRedirect),
            MatrixFault.EmptyBody or MatrixFault.MalformedJson => op.Response == ResponseBody.Json
                ? new Expectation(Seen.Unreadable, 1, HttpStatusCode.OK)
                : new Expectation(Seen.Success, 1),
            MatrixFault.MissingRequiredField => op.Response != ResponseBody.Json ? new Expectation(Seen.NotApplicable, 0)
                : op.RequiredField is null ? new Expectation(Seen.NotApplicable, 0)
                : new Expectation(Seen.Unreadable, 1, success),
            MatrixFault.UnknownEnumValue => op.EnumField is null ? new Expectation(Seen.NotApplicable, 0) : new Expectation(Seen.UnknownStatusTolerated, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
    }

    /// <summary>The MaxResponseBodyBytes of the "body over cap" cells.</summary>
    public const int MatrixCapBytes = 4096;

    public static HarnessFault ToHarnessFault(MatrixOperation op, MatrixFault fault, TimeProvider clock) => fault switch
    {
        MatrixFault.Status500 => HarnessFault.Status(500),
        MatrixFault.Status502 => HarnessFault.Status(502),
        MatrixFault.Status503 => HarnessFault.Status(503),
        MatrixFault.Status504 => HarnessFault.Status(504),
        MatrixFault.Status408 => HarnessFault.Status(408),
        MatrixFault.TooManyRequestsSeconds => HarnessFault.TooManyRequests(TimeSpan.FromSeconds(7)),
        MatrixFault.TooManyRequestsDate => HarnessFault.TooManyRequestsUntil(clock.GetUtcNow().AddSeconds(9)),
        MatrixFault.SlowerThanTimeout => HarnessFault.Delayed(TimeSpan.FromSeconds(30)),
        MatrixFault.DroppedConnection => HarnessFault.DropConnection(),
        MatrixFault.EmptyBody => HarnessFault.EmptyBody(),
        MatrixFault.MalformedJson => HarnessFault.MalformedJson(),
        MatrixFault.MissingRequiredField => HarnessFault.MissingField(op.RequiredField!),
        MatrixFault.UnknownEnumValue => HarnessFault.SetField(op.EnumField!, "brand_new_value_2031"),
        MatrixFault.RedirectToAnotherHost => HarnessFault.Redirect(new Uri("http://127.0.0.1:9/elsewhere")),
        MatrixFault.BodyCutOff => HarnessFault.CutOffBody(),
        MatrixFault.BodyStalls => HarnessFault.StalledBody(),
        MatrixFault.CredentialEchoedInError => HarnessFault.EchoCredential(400),
        MatrixFault.ReadOutlivesTheWait => HarnessFault.Delayed(TimeSpan.FromMinutes(30)),
        MatrixFault.BodyOverTheCap => HarnessFault.Status(200, "{\"padding\":\"" + new string('x', 2 * MatrixCapBytes) + "\"}"),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    /// <summary>The fault-matrix table of docs/reliability.md, rendered from <see cref="Expect"/>.</summary>
    public static string RenderMarkdown()
    {
        var lines = new List<string>
        {
            "| operation | retry class | " + string.Join(" | ", Faults.Select(Header)) + " |",
            "|---|---|" + string.Concat(Faults.Select(_ => "---|")),
        };
        lines.AddRange(Operations.Select(op =>
            $"| {op.Name} | {op.Retry} | " + string.Join(" | ", Faults.Select(f => Expect(op, f).Render())) + " |"));
        return string.Join('\n', lines);
    }

    private static string Header(MatrixFault fault) => fault switch
    {
        MatrixFault.Status500 => "500",
        MatrixFault.Status502 => "502",
        MatrixFault.Status503 => "503",
        MatrixFault.Status504 => "504",
        MatrixFault.Status408 => "408",
        MatrixFault.TooManyRequestsSeconds => "429 RA secs",
        MatrixFault.TooManyRequestsDate => "429 RA date",
        MatrixFault.SlowerThanTimeout => "slow",
        MatrixFault.DroppedConnection => "dropped",
        MatrixFault.EmptyBody => "empty body",
        MatrixFault.MalformedJson => "bad JSON",
        MatrixFault.MissingRequiredField => "missing field",
        MatrixFault.UnknownEnumValue => "unknown enum",
        MatrixFault.RedirectToAnotherHost => "redirect away",
        MatrixFault.BodyCutOff => "body cut off",
        MatrixFault.BodyStalls => "body stalls",
        MatrixFault.BodyOverTheCap => "body over cap",
        MatrixFault.CredentialEchoedInError => "credential echoed",
        MatrixFault.ReadOutlivesTheWait => "read outlives wait",
        _ => fault.ToString(),
    };

    private static OrbitSearchCsvUploadRequest OrbitRequest(TestHost h) => new()
    {
        OrganizationId = h.Harness.OrbitSearch.DefaultOrganizationId,
        DirectoryId = h.Harness.OrbitSearch.DefaultDirectoryId,
        File = TestCsv.File(20),
    };

    private static async Task<string> CreateAndPutAsync(TestHost h)
    {
        var file = TestCsv.File(10);
        var created = await h.Talkdesk.CreateUploadRequestAsync(h.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = file });
        await h.Talkdesk.UploadToSignedUrlAsync(created, file);
        return created.Id;
    }
}
