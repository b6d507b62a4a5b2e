using Refit;

namespace UploadClients.OptimalDial;

/// <summary>
/// The OptimalDial REST endpoints (internal: callers use <see cref="IOptimalDialClient"/>).
/// Responses come back raw so the facade owns error mapping and JSON reading.
/// </summary>
internal interface IOptimalDialApi
{
    /// <summary>POST /api/v1/uploads, multipart/form-data (file, phone_column, skip_mobile_lookup, filename_override).</summary>
    [Post("/api/v1/uploads")]
    Task<HttpResponseMessage> CreateUploadAsync([Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/uploads/{upload_id}.</summary>
    [Get("/api/v1/uploads/{uploadId}")]
    Task<HttpResponseMessage> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/uploads?limit=&amp;cursor=: one page of uploads.</summary>
    [Get("/api/v1/uploads")]
    Task<HttpResponseMessage> ListUploadsAsync([AliasAs("limit")] int limit, [AliasAs("cursor")] string? cursor, CancellationToken cancellationToken);

    /// <summary>DELETE /api/v1/uploads/{upload_id}: cancels an upload that has not started processing.</summary>
    [Delete("/api/v1/uploads/{uploadId}")]
    Task<HttpResponseMessage> CancelUploadAsync(Guid uploadId, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/uploads/{upload_id}/download/{original|processed|processed-filtered}.</summary>
    [Get("/api/v1/uploads/{uploadId}/download/{kind}")]
    Task<HttpResponseMessage> GetDownloadLinkAsync(Guid uploadId, string kind, CancellationToken cancellationToken);
}
