using Refit;

namespace UploadClients.OrbitSearch;

/// <summary>The OrbitSearch REST endpoints (internal: callers use <see cref="IOrbitSearchClient"/>).</summary>
internal interface IOrbitSearchApi
{
    /// <summary>POST …/sources/csv-upload, multipart/form-data (file, idempotency_key). Marked idempotent: the key dedupes it.</summary>
    [Post("/v2/organizations/{organizationId}/directories/{directoryId}/sources/csv-upload")]
    Task<HttpResponseMessage> UploadCsvAsync(
        Guid organizationId,
        Guid directoryId,
        [Body] HttpContent content,
        [Property(UploadResilience.IdempotentRequestKey)] bool idempotent,
        CancellationToken cancellationToken);

    /// <summary>GET …/sources/{sourceId}/status.</summary>
    [Get("/v2/organizations/{organizationId}/directories/{directoryId}/sources/{sourceId}/status")]
    Task<HttpResponseMessage> GetSourceStatusAsync(Guid organizationId, Guid directoryId, string sourceId, CancellationToken cancellationToken);

    /// <summary>GET …/directories/{directoryId}/readiness.</summary>
    [Get("/v2/organizations/{organizationId}/directories/{directoryId}/readiness")]
    Task<HttpResponseMessage> GetDirectoryReadinessAsync(Guid organizationId, Guid directoryId, CancellationToken cancellationToken);
}
