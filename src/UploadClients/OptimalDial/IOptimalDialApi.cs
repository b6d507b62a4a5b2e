using Refit;

namespace UploadClients.OptimalDial;

/// <summary>
/// OptimalDial's HTTP API on its API host (uploads and webhook endpoints), declared once; Refit
/// generates its client at build time, on the SDK's pipeline. Every method returns the raw response:
/// the facade (<see cref="OptimalDialClient"/>, <see cref="OptimalDialWebhookEndpoints"/>) owns the
/// bodies, the reading, the errors, the retries' marks and the polling. Internal: callers use the facades.
/// </summary>
internal interface IOptimalDialApi
{
    /// <summary>POST /api/v1/uploads: multipart/form-data (file, phone_column, skip_mobile_lookup, filename_override) or JSON phone numbers. Charges credits: never repeated on doubt.</summary>
    [Post("/api/v1/uploads")]
    Task<HttpResponseMessage> CreateUploadAsync([Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/uploads/{upload_id}.</summary>
    [Get("/api/v1/uploads/{uploadId}")]
    Task<HttpResponseMessage> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/uploads?limit=&amp;cursor=: one page of uploads, newest first.</summary>
    [Get("/api/v1/uploads")]
    Task<HttpResponseMessage> ListUploadsAsync([AliasAs("limit")] int limit, [AliasAs("cursor")] string? cursor, CancellationToken cancellationToken);

    /// <summary>DELETE /api/v1/uploads/{upload_id}: cancels an upload that has not started processing.</summary>
    [Delete("/api/v1/uploads/{uploadId}")]
    Task<HttpResponseMessage> CancelUploadAsync(Guid uploadId, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/uploads/{upload_id}/download/{original|processed|processed-filtered}: a short-lived download link.</summary>
    [Get("/api/v1/uploads/{uploadId}/download/{kind}")]
    Task<HttpResponseMessage> GetDownloadLinkAsync(Guid uploadId, string kind, CancellationToken cancellationToken);

    /// <summary>POST /api/v1/webhooks: registers an endpoint (its answer holds the signing secret).</summary>
    [Post("/api/v1/webhooks")]
    Task<HttpResponseMessage> CreateWebhookAsync([Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/webhooks.</summary>
    [Get("/api/v1/webhooks")]
    Task<HttpResponseMessage> ListWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>GET /api/v1/webhooks/{webhook_id}.</summary>
    [Get("/api/v1/webhooks/{webhookId}")]
    Task<HttpResponseMessage> GetWebhookAsync(Guid webhookId, CancellationToken cancellationToken);

    /// <summary>PATCH /api/v1/webhooks/{webhook_id}: every member sets a value, so the SDK marks it idempotent.</summary>
    [Patch("/api/v1/webhooks/{webhookId}")]
    Task<HttpResponseMessage> UpdateWebhookAsync(Guid webhookId, [Body] HttpContent content, [Property(UploadResilience.IdempotentKeyName)] bool idempotent, CancellationToken cancellationToken);

    /// <summary>DELETE /api/v1/webhooks/{webhook_id}.</summary>
    [Delete("/api/v1/webhooks/{webhookId}")]
    Task<HttpResponseMessage> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/webhooks/{webhook_id}/deliveries?limit=.</summary>
    [Get("/api/v1/webhooks/{webhookId}/deliveries")]
    Task<HttpResponseMessage> ListWebhookDeliveriesAsync(Guid webhookId, [AliasAs("limit")] int limit, CancellationToken cancellationToken);
}
