using Refit;

namespace UploadClients.OrbitSearch;

/// <summary>
/// OrbitSearch's HTTP API (a directory's CSV sources and readiness), declared once; Refit generates its
/// client at build time, on the SDK's pipeline. Methods return the raw response: the facade
/// (<see cref="OrbitSearchClient"/>) owns bodies, reading, errors, retries' marks and polling.
/// </summary>
internal interface IOrbitSearchApi
{
    /// <summary>POST …/directories/{id}/sources/csv-upload, multipart with an idempotency_key: OrbitSearch dedupes it, so the SDK marks it idempotent.</summary>
    [Post("/v2/organizations/{organizationId}/directories/{directoryId}/sources/csv-upload")]
    Task<HttpResponseMessage> UploadCsvAsync(Guid organizationId, Guid directoryId, [Body] HttpContent content, [Property(UploadResilience.IdempotentKeyName)] bool idempotent, CancellationToken cancellationToken);

    /// <summary>GET …/directories/{id}/sources/{source_id}/status.</summary>
    [Get("/v2/organizations/{organizationId}/directories/{directoryId}/sources/{sourceId}/status")]
    Task<HttpResponseMessage> GetSourceAsync(Guid organizationId, Guid directoryId, string sourceId, CancellationToken cancellationToken);

    /// <summary>GET …/directories/{id}/readiness.</summary>
    [Get("/v2/organizations/{organizationId}/directories/{directoryId}/readiness")]
    Task<HttpResponseMessage> GetDirectoryReadinessAsync(Guid organizationId, Guid directoryId, CancellationToken cancellationToken);
}
