using System.Text;
using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>
/// The documented WebhookEndpoint object (docs.optimaldial.com/api-reference/webhooks): a URL
/// OptimalDial delivers events to.
/// </summary>
/// <remarks>
/// Read tolerantly (docs/contract.md): only <see cref="Id"/> is required; a field left out reads as
/// its default, unknown fields are ignored, dates accept ISO 8601 and unix seconds, and the ids the
/// SDK never acts on (user, organization) read as empty when they are not UUIDs.
/// </remarks>
public sealed record OptimalDialWebhookEndpoint
{
    /// <summary><c>id</c>: the endpoint's id.</summary>
    [JsonRequired]
    public Guid Id { get; init; }

    /// <summary><c>user_id</c>: the user who registered it (<see cref="Guid.Empty"/> when absent or not a UUID).</summary>
    [JsonConverter(typeof(TolerantGuidConverter))]
    public Guid UserId { get; init; }

    /// <summary><c>organization_id</c> (<see langword="null"/> when absent or not a UUID).</summary>
    [JsonConverter(typeof(TolerantNullableGuidConverter))]
    public Guid? OrganizationId { get; init; }

    /// <summary><c>url</c>: the HTTPS URL events are delivered to.</summary>
    public Uri? Url { get; init; }

    /// <summary><c>events</c>: the event types it receives (see <see cref="OptimalDialWebhookEventTypes"/>); types the SDK does not know are kept as sent.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary><c>is_active</c>: when false, deliveries are skipped. OptimalDial sets it to false after 20 consecutive failures.</summary>
    public bool IsActive { get; init; }

    /// <summary><c>consecutive_failures</c>: failed deliveries in a row; reset to 0 by any successful delivery.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary><c>description</c>: free text, at most 500 characters.</summary>
    public string? Description { get; init; }

    /// <summary><c>verified_at</c>: when the URL last answered the ping challenge with a 2xx.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary><c>last_success_at</c>: the most recent 2xx delivery.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary><c>last_failure_at</c>: the most recent failed delivery attempt.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary><c>disabled_at</c>: when OptimalDial disabled it after consecutive failures.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary><c>created_at</c> (UTC).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>updated_at</c>: the last change (UTC).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Url = ").Append(Url is null ? null : Redactor.RedactUrl(Url))
            .Append(", Events = [").Append(string.Join(", ", Events)).Append(']')
            .Append(", IsActive = ").Append(IsActive)
            .Append(", ConsecutiveFailures = ").Append(ConsecutiveFailures)
            .Append(", Description = ").Append(Description)
            .Append(", VerifiedAt = ").Append(VerifiedAt)
            .Append(", DisabledAt = ").Append(DisabledAt);
        return true;
    }
}

/// <summary>
/// A webhook endpoint just registered, with its signing secret. OptimalDial returns the secret only
/// here, once: store it where your receiver reads it (a secret store, not a log). It is what
/// <see cref="OptimalDialWebhookVerifier"/> checks signatures with.
/// </summary>
/// <param name="Endpoint">The endpoint as registered.</param>
/// <param name="Secret">The 64-character hex signing secret. Never shown by <see cref="ToString"/>.</param>
public sealed record OptimalDialNewWebhookEndpoint(OptimalDialWebhookEndpoint Endpoint, string Secret)
{
    /// <summary>The endpoint, with the secret replaced by <c>***</c> (so logging this record does not leak it).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"OptimalDialNewWebhookEndpoint {{ Endpoint = {Endpoint}, Secret = *** }}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint).Append(", Secret = ***");
        return true;
    }
}

/// <summary>
/// The changes of <c>PATCH /api/v1/webhooks/{id}</c>: only the properties you set are sent; the
/// others stay as they are. A changed <see cref="Url"/> is ping-verified again by OptimalDial.
/// </summary>
public sealed class OptimalDialWebhookEndpointUpdate
{
    /// <summary>A new HTTPS URL (<see langword="null"/>: unchanged).</summary>
    public Uri? Url { get; init; }

    /// <summary>A new description, at most 500 characters (<see langword="null"/>: unchanged; an empty string clears it).</summary>
    public string? Description { get; init; }

    /// <summary>The event types to receive from now on (<see langword="null"/>: unchanged; see <see cref="OptimalDialWebhookEventTypes"/>).</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>Pause (false) or resume (true) deliveries (<see langword="null"/>: unchanged). Resuming is how an auto-disabled endpoint is turned back on.</summary>
    public bool? IsActive { get; init; }

    /// <summary>Whether no property is set.</summary>
    internal bool IsEmpty => Url is null && Description is null && Events is null && IsActive is null;
}

/// <summary>One event's delivery to one endpoint, as <c>GET /api/v1/webhooks/{id}/deliveries</c> lists it (most recent first).</summary>
/// <remarks>Read tolerantly: no field is required; <see cref="EventId"/> stays a string (documented as a UUID, while events carry <c>evt_…</c> ids).</remarks>
public sealed record OptimalDialWebhookDeliveryAttempt
{
    /// <summary><c>id</c>: the delivery's id (<see cref="Guid.Empty"/> when absent or not a UUID).</summary>
    [JsonConverter(typeof(TolerantGuidConverter))]
    public Guid Id { get; init; }

    /// <summary><c>webhook_endpoint_id</c>: the endpoint it goes to.</summary>
    [JsonConverter(typeof(TolerantGuidConverter))]
    public Guid WebhookEndpointId { get; init; }

    /// <summary><c>event_id</c>: the event delivered.</summary>
    public string? EventId { get; init; }

    /// <summary><c>event_type</c>, for example <c>upload.completed</c>.</summary>
    public string? EventType { get; init; }

    /// <summary><c>status</c>: see <see cref="OptimalDialWebhookDeliveryStatus"/>; a value the SDK does not know is kept as sent.</summary>
    public OptimalDialWebhookDeliveryStatus Status { get; init; }

    /// <summary><c>attempt_count</c>: attempts made so far (OptimalDial makes up to 6).</summary>
    public int AttemptCount { get; init; }

    /// <summary><c>next_retry_at</c>: when the next attempt is due.</summary>
    public DateTimeOffset? NextRetryAt { get; init; }

    /// <summary><c>created_at</c>.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>last_attempt_at</c>.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary><c>last_response_status</c>: the HTTP status your receiver answered last, if it answered.</summary>
    public int? LastResponseStatus { get; init; }

    /// <summary><c>last_error</c>: why the last attempt failed.</summary>
    public string? LastError { get; init; }

    /// <summary><c>delivered_at</c>: when a 2xx was received.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Whether OptimalDial has stopped trying: <c>delivered</c> or <c>exhausted</c>.</summary>
    [JsonIgnore]
    public bool IsFinal => Status.IsTerminal;
}
