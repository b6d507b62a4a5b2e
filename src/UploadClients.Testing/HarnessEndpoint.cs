using System.Text.RegularExpressions;

namespace UploadClients.Testing;

/// <summary>The endpoints the harness serves, by name: used to inject faults and to filter the journal.</summary>
public static partial class HarnessEndpoint
{
    /// <summary>POST /api/v1/uploads.</summary>
    public const string OptimalDialCreateUpload = "OptimalDial.CreateUpload";

    /// <summary>GET /api/v1/uploads/{id}.</summary>
    public const string OptimalDialGetUpload = "OptimalDial.GetUpload";

    /// <summary>GET /api/v1/uploads?limit=&amp;cursor=.</summary>
    public const string OptimalDialListUploads = "OptimalDial.ListUploads";

    /// <summary>DELETE /api/v1/uploads/{id}.</summary>
    public const string OptimalDialCancelUpload = "OptimalDial.CancelUpload";

    /// <summary>GET /api/v1/uploads/{id}/download/{kind}.</summary>
    public const string OptimalDialGetDownloadLink = "OptimalDial.GetDownloadLink";

    /// <summary>GET of a download link (the harness's storage host, /storage/optimaldial/…).</summary>
    public const string OptimalDialStorageDownload = "OptimalDial.StorageDownload";

    /// <summary>POST /api/v1/webhooks.</summary>
    public const string OptimalDialCreateWebhook = "OptimalDial.CreateWebhookEndpoint";

    /// <summary>GET /api/v1/webhooks.</summary>
    public const string OptimalDialListWebhooks = "OptimalDial.ListWebhookEndpoints";

    /// <summary>GET /api/v1/webhooks/{id}.</summary>
    public const string OptimalDialGetWebhook = "OptimalDial.GetWebhookEndpoint";

    /// <summary>PATCH /api/v1/webhooks/{id}.</summary>
    public const string OptimalDialUpdateWebhook = "OptimalDial.UpdateWebhookEndpoint";

    /// <summary>DELETE /api/v1/webhooks/{id}.</summary>
    public const string OptimalDialDeleteWebhook = "OptimalDial.DeleteWebhookEndpoint";

    /// <summary>GET /api/v1/webhooks/{id}/deliveries.</summary>
    public const string OptimalDialListWebhookDeliveries = "OptimalDial.ListWebhookDeliveries";

    /// <summary>POST to the harness's own webhook receiver (/hooks/optimaldial/…): the pings and events the OptimalDial fake sends there.</summary>
    public const string OptimalDialWebhookReceiver = "OptimalDial.WebhookReceiver";

    /// <summary>POST /v2/organizations/{o}/directories/{d}/sources/csv-upload.</summary>
    public const string OrbitSearchUploadCsv = "OrbitSearch.UploadCsv";

    /// <summary>GET /v2/organizations/{o}/directories/{d}/sources/{s}/status.</summary>
    public const string OrbitSearchGetSourceStatus = "OrbitSearch.GetSourceStatus";

    /// <summary>GET /v2/organizations/{o}/directories/{d}/readiness.</summary>
    public const string OrbitSearchGetReadiness = "OrbitSearch.GetReadiness";

    /// <summary>POST /record-lists/{id}/upload-requests.</summary>
    public const string TalkdeskCreateUploadRequest = "Talkdesk.CreateUploadRequest";

    /// <summary>PATCH /record-lists/{id}/upload-requests/{upload_request_id} (starts validation).</summary>
    public const string TalkdeskStartValidation = "Talkdesk.StartValidation";

    /// <summary>GET /record-lists/{id}/upload-requests/{upload_request_id}.</summary>
    public const string TalkdeskGetUploadRequest = "Talkdesk.GetUploadRequest";

    /// <summary>GET /record-lists/{id}.</summary>
    public const string TalkdeskGetRecordList = "Talkdesk.GetRecordList";

    /// <summary>POST /record-lists (a new record list and the signed URL for its CSV).</summary>
    public const string TalkdeskCreateRecordList = "Talkdesk.CreateRecordList";

    /// <summary>PATCH /record-lists/{id} (starts validation of a new record list's file).</summary>
    public const string TalkdeskStartRecordListValidation = "Talkdesk.StartRecordListValidation";

    /// <summary>GET /record-lists (a HAL page).</summary>
    public const string TalkdeskListRecordLists = "Talkdesk.ListRecordLists";

    /// <summary>PUT to the S3 signed URL the harness hands out (/s3/…).</summary>
    public const string TalkdeskSignedUrlPut = "Talkdesk.SignedUrlPut";

    /// <summary>POST /oauth/token (the harness's Talkdesk token endpoint).</summary>
    public const string TalkdeskToken = "Talkdesk.Token";

    private static readonly (string Method, Regex Path, string Name)[] Routes =
    [
        ("POST", OptimalDialCreatePath(), OptimalDialCreateUpload),
        ("GET", OptimalDialUploadPath(), OptimalDialGetUpload),
        ("GET", OptimalDialCreatePath(), OptimalDialListUploads),
        ("DELETE", OptimalDialUploadPath(), OptimalDialCancelUpload),
        ("GET", OptimalDialDownloadPath(), OptimalDialGetDownloadLink),
        ("GET", OptimalDialStoragePath(), OptimalDialStorageDownload),
        ("POST", OptimalDialWebhooksPath(), OptimalDialCreateWebhook),
        ("GET", OptimalDialWebhooksPath(), OptimalDialListWebhooks),
        ("GET", OptimalDialWebhookPath(), OptimalDialGetWebhook),
        ("PATCH", OptimalDialWebhookPath(), OptimalDialUpdateWebhook),
        ("DELETE", OptimalDialWebhookPath(), OptimalDialDeleteWebhook),
        ("GET", OptimalDialWebhookDeliveriesPath(), OptimalDialListWebhookDeliveries),
        ("POST", OptimalDialWebhookReceiverPath(), OptimalDialWebhookReceiver),
        ("POST", OrbitSearchUploadPath(), OrbitSearchUploadCsv),
        ("GET", OrbitSearchStatusPath(), OrbitSearchGetSourceStatus),
        ("GET", OrbitSearchReadinessPath(), OrbitSearchGetReadiness),
        ("POST", TalkdeskUploadRequestsPath(), TalkdeskCreateUploadRequest),
        ("PATCH", TalkdeskUploadRequestPath(), TalkdeskStartValidation),
        ("GET", TalkdeskUploadRequestPath(), TalkdeskGetUploadRequest),
        ("GET", TalkdeskRecordListPath(), TalkdeskGetRecordList),
        ("POST", TalkdeskRecordListsPath(), TalkdeskCreateRecordList),
        ("GET", TalkdeskRecordListsPath(), TalkdeskListRecordLists),
        ("PATCH", TalkdeskRecordListPath(), TalkdeskStartRecordListValidation),
        ("PUT", TalkdeskSignedUrlPath(), TalkdeskSignedUrlPut),
        ("POST", TalkdeskTokenPath(), TalkdeskToken),
    ];

    /// <summary>The endpoint a request is for, or <see langword="null"/> when the harness serves no such endpoint.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path (no query).</param>
    /// <returns>The endpoint's name.</returns>
    public static string? Identify(string method, string path)
    {
        foreach (var (m, p, name) in Routes)
        {
            if (string.Equals(m, method, StringComparison.OrdinalIgnoreCase) && p.IsMatch(path))
            {
                return name;
            }
        }

        return null;
    }

    [GeneratedRegex("^/api/v1/uploads/?$")]
    internal static partial Regex OptimalDialCreatePath();

    [GeneratedRegex("^/api/v1/uploads/[^/]+$")]
    internal static partial Regex OptimalDialUploadPath();

    [GeneratedRegex("^/api/v1/uploads/[^/]+/download/[^/]+$")]
    internal static partial Regex OptimalDialDownloadPath();

    [GeneratedRegex("^/storage/optimaldial/.+$")]
    internal static partial Regex OptimalDialStoragePath();

    [GeneratedRegex("^/api/v1/webhooks/?$")]
    internal static partial Regex OptimalDialWebhooksPath();

    [GeneratedRegex("^/api/v1/webhooks/[^/]+$")]
    internal static partial Regex OptimalDialWebhookPath();

    [GeneratedRegex("^/api/v1/webhooks/[^/]+/deliveries$")]
    internal static partial Regex OptimalDialWebhookDeliveriesPath();

    [GeneratedRegex("^/hooks/optimaldial/[^/]+$")]
    internal static partial Regex OptimalDialWebhookReceiverPath();

    [GeneratedRegex("^/v2/organizations/[^/]+/directories/[^/]+/sources/csv-upload$")]
    internal static partial Regex OrbitSearchUploadPath();

    [GeneratedRegex("^/v2/organizations/[^/]+/directories/[^/]+/sources/[^/]+/status$")]
    internal static partial Regex OrbitSearchStatusPath();

    [GeneratedRegex("^/v2/organizations/[^/]+/directories/[^/]+/readiness$")]
    internal static partial Regex OrbitSearchReadinessPath();

    [GeneratedRegex("^/record-lists/[^/]+/upload-requests$")]
    internal static partial Regex TalkdeskUploadRequestsPath();

    [GeneratedRegex("^/record-lists/[^/]+/upload-requests/[^/]+$")]
    internal static partial Regex TalkdeskUploadRequestPath();

    [GeneratedRegex("^/record-lists/?$")]
    internal static partial Regex TalkdeskRecordListsPath();

    [GeneratedRegex("^/record-lists/[^/]+$")]
    internal static partial Regex TalkdeskRecordListPath();

    [GeneratedRegex("^/s3/.+$")]
    internal static partial Regex TalkdeskSignedUrlPath();

    [GeneratedRegex("^/oauth/token$")]
    internal static partial Regex TalkdeskTokenPath();
}
