using UploadClients.Testing;

namespace UploadClients.Tests.Contract;

/// <summary>A documented response shape: the example's members and encodings, plus what the page's field table says is nullable and required.</summary>
internal sealed record DocumentedShape(string Fixture, JsonShape Shape, string[] Nullable, string[] Required)
{
    public IReadOnlyList<string> Problems(string json) => Shape.Problems(JsonShape.Of(json), Nullable, Required);

    public static DocumentedShape From(string fixture, string[]? nullable = null, string[]? required = null) =>
        new(fixture, JsonShape.Of(Contract.Fixture.Json(fixture)), nullable ?? [], required ?? []);

    /// <summary>A shape from a schema table whose fields are typed only as "string" (no format documented).</summary>
    public static DocumentedShape FromSchemaTable(string fixture, string[]? required = null) =>
        new(fixture, JsonShape.Of(Contract.Fixture.Json(fixture)).WithoutStringFormats(), [], required ?? []);
}

/// <summary>
/// The documented shape of every answer the harness gives, by endpoint: the same fixtures the
/// client is tested with, so the fake cannot drift from the docs.
/// </summary>
internal static class DocumentedShapes
{
    // endpoints/uploads/retrieve-an-upload: the field table's "| null" and "required".
    private static readonly string[] UploadNullable =
    [
        "organization_id", "file_size_bytes", "valid_row_count", "invalid_row_count", "credits_required", "credits_charged",
        "credits_refunded", "source", "api_key_id", "skip_mobile_lookup", "processed_storage_path",
        "processed_filtered_storage_path", "error_message", "exceeded_daily_limit",
    ];

    private static readonly string[] UploadRequired = ["id", "user_id", "original_filename", "storage_path", "status", "created_at", "updated_at"];

    public static readonly DocumentedShape OptimalDialUpload = DocumentedShape.From("optimaldial/retrieve-an-upload.response.json", UploadNullable, UploadRequired);

    public static readonly DocumentedShape OptimalDialPage = DocumentedShape.From(
        "optimaldial/list-uploads.response.json",
        [.. UploadNullable.Select(n => "data[]." + n), "next_cursor"],
        ["data", "next_cursor"]);

    public static readonly DocumentedShape OptimalDialCancellation = DocumentedShape.From("optimaldial/cancel-an-upload.response.json", required: ["status", "credits_refunded"]);

    public static readonly DocumentedShape OptimalDialDownloadLink = DocumentedShape.From(
        "optimaldial/get-a-signed-download-url-for-the-original-submitted-file.response.json", required: ["download_url", "expires_at"]);

    /// <summary>guides/errors-and-rate-limits: <c>detail</c> is a string or an object.</summary>
    public static readonly DocumentedShape[] OptimalDialErrors =
    [
        DocumentedShape.From("optimaldial/errors-and-rate-limits.detail-string.json", required: ["detail"]),
        DocumentedShape.From("optimaldial/errors-and-rate-limits.detail-object.json", required: ["detail", "detail.error"]),
    ];

    /// <summary>guides/webhooks: the envelope and the data of each event type the harness sends.</summary>
    public static readonly DocumentedShape OptimalDialWebhook = new(
        "optimaldial/webhooks.*.json",
        JsonShape.Union(
            JsonShape.Of(Fixture.Json("optimaldial/webhooks.upload-completed.json")),
            JsonShape.Of(Fixture.Json("optimaldial/webhooks.upload-created.constructed.json")),
            JsonShape.Of(Fixture.Json("optimaldial/webhooks.upload-failed.constructed.json")),
            JsonShape.Of(Fixture.Json("optimaldial/webhooks.webhook-ping.constructed.json"))),
        [],
        ["id", "type", "api_version", "created_at", "data"]);

    // endpoints/webhooks/*: the field tables' "| null" and "required".
    private static readonly string[] WebhookEndpointNullable = ["description", "verified_at", "last_success_at", "last_failure_at", "disabled_at"];

    private static readonly string[] WebhookEndpointRequired = ["id", "user_id", "organization_id", "url", "events", "is_active", "consecutive_failures", "created_at", "updated_at"];

    public static readonly DocumentedShape OptimalDialWebhookCreated = DocumentedShape.From(
        "optimaldial/create-a-webhook-endpoint.response.json",
        [.. WebhookEndpointNullable.Select(n => "webhook." + n)],
        ["webhook", "secret", .. WebhookEndpointRequired.Select(n => "webhook." + n)]);

    public static readonly DocumentedShape OptimalDialWebhookEndpoints = DocumentedShape.From(
        "optimaldial/list-webhook-endpoints.response.json",
        [.. WebhookEndpointNullable.Select(n => "$[]." + n)],
        ["$"]);

    public static readonly DocumentedShape OptimalDialWebhookEndpoint = DocumentedShape.From(
        "optimaldial/update-a-webhook-endpoint.response.json", WebhookEndpointNullable, WebhookEndpointRequired);

    public static readonly DocumentedShape OptimalDialWebhookDeliveries = DocumentedShape.From(
        "optimaldial/list-recent-deliveries-for-a-webhook-endpoint.response.json",
        ["$[].last_attempt_at", "$[].last_response_status", "$[].last_error", "$[].delivered_at"],
        ["$"]);

    public static readonly DocumentedShape OrbitSearchUpload = DocumentedShape.From(
        "orbitsearch/sources-upload.response.json", required: ["source_id", "directory_id", "source_status", "accepted", "failed", "warnings", "is_idempotent"]);

    /// <summary>Assumed (the status page prints no example): the upload response's fields.</summary>
    public static readonly DocumentedShape OrbitSearchSourceStatus = DocumentedShape.From(
        "orbitsearch/sources-upload.response.json", required: ["source_id", "source_status"]);

    public static readonly DocumentedShape OrbitSearchError = new(
        "orbitsearch/error-handling.*.json",
        JsonShape.Union(JsonShape.Of(Fixture.Json("orbitsearch/error-handling.error.json")), JsonShape.Of(Fixture.Json("orbitsearch/error-handling.credits-insufficient.json"))),
        [],
        ["status", "error", "error.code", "error.message"]);

    public static readonly DocumentedShape TalkdeskUploadRequest = DocumentedShape.FromSchemaTable("talkdesk/record-listsidupload-requests.response.schema.json");

    public static readonly DocumentedShape TalkdeskUploadRequestUpdated = DocumentedShape.FromSchemaTable("talkdesk/record-listsidupload-requestsid_upload_request.response.schema.json");

    public static readonly DocumentedShape TalkdeskRecordList = DocumentedShape.FromSchemaTable("talkdesk/record-lists-2.response.schema.json");

    public static readonly DocumentedShape TalkdeskNewRecordList = DocumentedShape.FromSchemaTable("talkdesk/record-lists-1.response.schema.json");

    public static readonly DocumentedShape TalkdeskRecordListUpdated = DocumentedShape.FromSchemaTable("talkdesk/update-record-lists.response.schema.json");

    /// <summary>reference/record-lists: total, per_page, page, _links and _embedded.record_lists are required; next and prev exist only where such a page does (assumed).</summary>
    public static readonly DocumentedShape TalkdeskRecordListPage = DocumentedShape.FromSchemaTable(
        "talkdesk/record-lists.response.schema.json",
        ["total", "per_page", "page", "_links", "_links.self", "_links.first", "_links.last", "_embedded", "_embedded.record_lists"]);

    public static readonly DocumentedShape TalkdeskError = DocumentedShape.From(
        "talkdesk/record-listsidupload-requests.error.schema.json", required: ["code", "message", "fields"]);

    public static readonly DocumentedShape TalkdeskToken = DocumentedShape.From(
        "talkdesk/cc-basic.response.schema.json", required: ["access_token", "token_type", "expires_in", "scope"]);

    public static readonly DocumentedShape TalkdeskTokenError = DocumentedShape.From(
        "talkdesk/client-credentials-sts-token.error.schema.json", required: ["error", "error_description"]);

    /// <summary>The shapes an answer of <paramref name="endpoint"/> with <paramref name="status"/> may have; null where nothing is documented (readiness; S3 and storage bodies, which are not JSON).</summary>
    public static DocumentedShape[]? For(string endpoint, int status)
    {
        var success = status is >= 200 and < 300;
        return endpoint switch
        {
            HarnessEndpoint.OptimalDialCreateUpload or HarnessEndpoint.OptimalDialGetUpload => success ? [OptimalDialUpload] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialListUploads => success ? [OptimalDialPage] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialCancelUpload => success ? [OptimalDialCancellation] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialGetDownloadLink => success ? [OptimalDialDownloadLink] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialCreateWebhook => success ? [OptimalDialWebhookCreated] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialListWebhooks => success ? [OptimalDialWebhookEndpoints] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialGetWebhook or HarnessEndpoint.OptimalDialUpdateWebhook => success ? [OptimalDialWebhookEndpoint] : OptimalDialErrors,
            HarnessEndpoint.OptimalDialDeleteWebhook => success ? null : OptimalDialErrors,
            HarnessEndpoint.OptimalDialListWebhookDeliveries => success ? [OptimalDialWebhookDeliveries] : OptimalDialErrors,
            HarnessEndpoint.OrbitSearchUploadCsv => success ? [OrbitSearchUpload] : [OrbitSearchError],
            HarnessEndpoint.OrbitSearchGetSourceStatus => success ? [OrbitSearchSourceStatus] : [OrbitSearchError],
            HarnessEndpoint.OrbitSearchGetReadiness => success ? null : [OrbitSearchError],
            HarnessEndpoint.TalkdeskCreateUploadRequest => success ? [TalkdeskUploadRequest] : [TalkdeskError],
            HarnessEndpoint.TalkdeskStartValidation or HarnessEndpoint.TalkdeskGetUploadRequest => success ? [TalkdeskUploadRequestUpdated] : [TalkdeskError],
            HarnessEndpoint.TalkdeskGetRecordList => success ? [TalkdeskRecordList] : [TalkdeskError],
            HarnessEndpoint.TalkdeskCreateRecordList => success ? [TalkdeskNewRecordList] : [TalkdeskError],
            HarnessEndpoint.TalkdeskStartRecordListValidation => success ? [TalkdeskRecordListUpdated] : [TalkdeskError],
            HarnessEndpoint.TalkdeskListRecordLists => success ? [TalkdeskRecordListPage] : [TalkdeskError],
            HarnessEndpoint.TalkdeskToken => success ? [TalkdeskToken] : [TalkdeskTokenError],
            _ => null,
        };
    }
}
