using UploadClients.Testing;

namespace UploadClients.Tests.Contract;

/// <summary>
/// The documented shape of every answer the harness gives, by endpoint: the SDK's own catalogue
/// (<see cref="DocumentedShapes"/>, from the same examples), so the fake cannot drift from the docs.
/// </summary>
internal static class DocumentedAnswers
{
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

    /// <summary>The shapes an answer of <paramref name="endpoint"/> with <paramref name="status"/> may have; null where nothing is documented (readiness; S3 and storage bodies, which are not JSON).</summary>
    public static DocumentedShape[]? For(string endpoint, int status)
    {
        var success = status is >= 200 and < 300;
        return endpoint switch
        {
            HarnessEndpoint.OptimalDialCreateUpload or HarnessEndpoint.OptimalDialGetUpload => success ? [DocumentedShapes.OptimalDialUpload] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialListUploads => success ? [DocumentedShapes.OptimalDialPage] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialCancelUpload => success ? [DocumentedShapes.OptimalDialCancellation] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialGetDownloadLink => success ? [DocumentedShapes.OptimalDialDownloadLink] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialCreateWebhook => success ? [DocumentedShapes.OptimalDialWebhookCreated] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialListWebhooks => success ? [DocumentedShapes.OptimalDialWebhookEndpoints] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialGetWebhook or HarnessEndpoint.OptimalDialUpdateWebhook => success ? [DocumentedShapes.OptimalDialWebhookEndpoint] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialDeleteWebhook => success ? null : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OptimalDialListWebhookDeliveries => success ? [DocumentedShapes.OptimalDialWebhookDeliveries] : DocumentedShapes.OptimalDialErrors,
            HarnessEndpoint.OrbitSearchUploadCsv => success ? [DocumentedShapes.OrbitSearchUpload] : [DocumentedShapes.OrbitSearchError],
            HarnessEndpoint.OrbitSearchGetSourceStatus => success ? [DocumentedShapes.OrbitSearchSourceStatusShape] : [DocumentedShapes.OrbitSearchError],
            HarnessEndpoint.OrbitSearchGetReadiness => success ? null : [DocumentedShapes.OrbitSearchError],
            HarnessEndpoint.TalkdeskCreateUploadRequest => success ? [DocumentedShapes.TalkdeskUploadRequest] : [DocumentedShapes.TalkdeskError],
            HarnessEndpoint.TalkdeskStartValidation or HarnessEndpoint.TalkdeskGetUploadRequest => success ? [DocumentedShapes.TalkdeskUploadRequestUpdated] : [DocumentedShapes.TalkdeskError],
            HarnessEndpoint.TalkdeskGetRecordList => success ? [DocumentedShapes.TalkdeskRecordList] : [DocumentedShapes.TalkdeskError],
            HarnessEndpoint.TalkdeskCreateRecordList => success ? [DocumentedShapes.TalkdeskNewRecordList] : [DocumentedShapes.TalkdeskError],
            HarnessEndpoint.TalkdeskStartRecordListValidation => success ? [DocumentedShapes.TalkdeskRecordListUpdated] : [DocumentedShapes.TalkdeskError],
            HarnessEndpoint.TalkdeskListRecordLists => success ? [DocumentedShapes.TalkdeskRecordListPage] : [DocumentedShapes.TalkdeskError],
            HarnessEndpoint.TalkdeskToken => success ? [DocumentedShapes.TalkdeskToken] : [DocumentedShapes.TalkdeskTokenError],
            _ => null,
        };
    }
}
