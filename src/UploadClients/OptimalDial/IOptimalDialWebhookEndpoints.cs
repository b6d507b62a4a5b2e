namespace UploadClients.OptimalDial;

/// <summary>
/// OptimalDial's webhook endpoint management (<c>/api/v1/webhooks</c>): register the URLs events
/// are delivered to, change or remove them, and see recent deliveries. Thread-safe; DI registers it
/// as a singleton beside <see cref="IOptimalDialClient"/>, and <see cref="OptimalDialWebhookEndpoints"/>
/// makes one without DI. Receiving events is <see cref="OptimalDialWebhookVerifier"/>'s job.
/// </summary>
public interface IOptimalDialWebhookEndpoints
{
    /// <summary>
    /// Registers <paramref name="url"/> (<c>POST /api/v1/webhooks</c>). OptimalDial first sends it a
    /// <c>webhook.ping</c> and registers it only if it answers 2xx within 5 seconds (else 400). The
    /// result carries the signing secret, which OptimalDial shows only this once. Not repeated once it
    /// may have reached the server (a second endpoint with another secret would be registered).
    /// </summary>
    /// <param name="url">An https URL on a public host (http is allowed only for loopback hosts, which the test harness uses).</param>
    /// <param name="description">Free text, at most 500 characters.</param>
    /// <param name="events">The event types to receive (see <see cref="OptimalDialWebhookEventTypes"/>); <see langword="null"/> for OptimalDial's default, upload.completed and upload.failed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint and its secret.</returns>
    /// <exception cref="ArgumentException">The URL is not https (or loopback http), the description is longer than 500 characters, or <paramref name="events"/> is empty or holds an empty entry; nothing was sent.</exception>
    /// <exception cref="UploadApiException">OptimalDial refused it (400 when the URL did not answer the ping with a 2xx, 422 for an invalid field, 429 rate limit…).</exception>
    /// <exception cref="UploadOutcomeUnknownException">It was sent and no answer came: it may have been registered (see <see cref="ListAsync"/>).</exception>
    Task<OptimalDialNewWebhookEndpoint> CreateAsync(Uri url, string? description = null, IReadOnlyList<string>? events = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the organization's endpoints (<c>GET /api/v1/webhooks</c>, one JSON array); retried on transient failures.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoints.</returns>
    Task<IReadOnlyList<OptimalDialWebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one endpoint (<c>GET /api/v1/webhooks/{id}</c>); retried on transient failures.</summary>
    /// <param name="webhookId">The endpoint's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="UploadApiException">404 when there is no such endpoint.</exception>
    Task<OptimalDialWebhookEndpoint> GetAsync(Guid webhookId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an endpoint (<c>PATCH /api/v1/webhooks/{id}</c>), sending only the properties set in
    /// <paramref name="update"/>. It sets values rather than adding to them, so it is retried on
    /// transient failures like a GET. A changed URL is ping-verified again (400 if it does not answer 2xx).
    /// </summary>
    /// <param name="webhookId">The endpoint's id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint after the change.</returns>
    /// <exception cref="ArgumentException">Nothing is set, or a set value is invalid (as for <see cref="CreateAsync"/>); nothing was sent.</exception>
    Task<OptimalDialWebhookEndpoint> UpdateAsync(Guid webhookId, OptimalDialWebhookEndpointUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes an endpoint (<c>DELETE /api/v1/webhooks/{id}</c>); retried on transient failures. A 404
    /// on a retry (the first attempt removed it and its answer was lost) counts as removed; a 404 on
    /// the first attempt is an error.
    /// </summary>
    /// <param name="webhookId">The endpoint's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the endpoint is removed.</returns>
    /// <exception cref="UploadApiException">404 when there is no such endpoint.</exception>
    Task DeleteAsync(Guid webhookId, CancellationToken cancellationToken = default);

    /// <summary>Lists an endpoint's recent deliveries, most recent first (<c>GET /api/v1/webhooks/{id}/deliveries</c>).</summary>
    /// <param name="webhookId">The endpoint's id.</param>
    /// <param name="limit">How many, 1 to 100 (OptimalDial's default: 20).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deliveries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1..100; nothing was sent.</exception>
    Task<IReadOnlyList<OptimalDialWebhookDeliveryAttempt>> ListDeliveriesAsync(Guid webhookId, int limit = 20, CancellationToken cancellationToken = default);
}
