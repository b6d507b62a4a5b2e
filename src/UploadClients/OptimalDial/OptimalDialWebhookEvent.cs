using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>
/// A verified OptimalDial webhook event: the documented envelope (<c>id</c>, <c>type</c>,
/// <c>api_version</c>, <c>created_at</c>, <c>data</c>). Events of types this SDK does not model
/// (for example <c>contact.completed</c>) are returned too: read their <c>data</c> from
/// <see cref="OptimalDialWebhookEventData.AdditionalData"/>.
/// </summary>
public sealed record OptimalDialWebhookEvent
{
    /// <summary><c>id</c>: the event's id ("evt_…", also in <c>X-OptimalDial-Event-Id</c>); use it to ignore redeliveries.</summary>
    [JsonRequired]
    public string Id { get; init; } = string.Empty;

    /// <summary><c>type</c>: see <see cref="OptimalDialWebhookEventTypes"/>; other values are returned as sent.</summary>
    [JsonRequired]
    public string Type { get; init; } = string.Empty;

    /// <summary><c>api_version</c>: the payload version (it changes only when the payload's shape does).</summary>
    public string? ApiVersion { get; init; }

    /// <summary><c>created_at</c>: documented as ISO 8601; unix seconds are read too.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>data</c>: the event-specific part.</summary>
    public OptimalDialWebhookEventData Data { get; init; } = new();
}

/// <summary>The <c>data</c> of a webhook event.</summary>
public sealed record OptimalDialWebhookEventData
{
    /// <summary><c>upload</c>: the upload summary, for upload.* events.</summary>
    public OptimalDialWebhookUpload? Upload { get; init; }

    /// <summary><c>error_message</c>: why processing failed, for upload.failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>challenge</c>, for webhook.ping.</summary>
    public string? Challenge { get; init; }

    /// <summary>Every other member of <c>data</c>, as sent (for example <c>contact</c> of a contact.* event); empty when there is none.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalData => ExtensionData ?? WebhookJson.Empty;

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// The signed URL of one result file from <c>data.upload.downloads</c> (upload.completed carries
    /// <c>processed</c> and <c>processed_filtered</c>), exactly as sent. A secret: do not log it.
    /// </summary>
    /// <param name="kind">The file.</param>
    /// <returns>The URL, or <see langword="null"/> when the event does not carry it.</returns>
    public Uri? GetDownloadUrl(OptimalDialFileKind kind) => Upload?.GetDownloadUrl(kind);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Upload = ").Append(Upload)
            .Append(", ErrorMessage = ").Append(ErrorMessage)
            .Append(", Challenge = ").Append(Challenge)
            .Append(", AdditionalData = ").Append(string.Join(", ", AdditionalData.Keys));
        return true;
    }
}

/// <summary>
/// The upload summary a webhook event carries in <c>data.upload</c> (not the full Upload object:
/// read that with <see cref="IOptimalDialClient.GetUploadAsync"/>). Every field but <c>id</c> may
/// be absent.
/// </summary>
public sealed record OptimalDialWebhookUpload
{
    /// <summary><c>id</c>: the upload's id.</summary>
    [JsonRequired]
    public Guid Id { get; init; }

    /// <summary><c>status</c>; a value the SDK does not document is kept as sent (<see cref="OptimalDialUploadStatus.IsDocumented"/>).</summary>
    public OptimalDialUploadStatus Status { get; init; }

    /// <summary><c>source</c>: web or api.</summary>
    public OptimalDialUploadSource? Source { get; init; }

    /// <summary><c>original_filename</c>.</summary>
    public string? OriginalFilename { get; init; }

    /// <summary><c>total_rows</c>: every row submitted (upload.created).</summary>
    public int? TotalRows { get; init; }

    /// <summary><c>valid_row_count</c>.</summary>
    public int? ValidRowCount { get; init; }

    /// <summary><c>invalid_row_count</c>.</summary>
    public int? InvalidRowCount { get; init; }

    /// <summary><c>organization_id</c>, as sent (the webhook guide prints a non-UUID id, so it stays a string).</summary>
    public string? OrganizationId { get; init; }

    /// <summary><c>created_at</c>.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// <c>downloads</c>: signed URLs of the result files by the key OptimalDial sends
    /// (<c>processed</c>, <c>processed_filtered</c>), upload.completed only. Secrets: never printed.
    /// Prefer <see cref="GetDownloadUrl"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Downloads { get; init; }

    /// <summary>Every other member of <c>data.upload</c>, as sent; empty when there is none.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalData => ExtensionData ?? WebhookJson.Empty;

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The signed URL of one result file from <see cref="Downloads"/>, exactly as sent.</summary>
    /// <remarks>
    /// Returned as the verified event carries it, without the SDK's https check: the SDK itself
    /// fetches files only through <see cref="IOptimalDialClient.DownloadAsync"/>, which asks for a
    /// fresh link by upload id and refuses one that is not https. Prefer that over fetching this URL.
    /// </remarks>
    /// <param name="kind">The file.</param>
    /// <returns>The URL, or <see langword="null"/> when the event does not carry it.</returns>
    public Uri? GetDownloadUrl(OptimalDialFileKind kind)
    {
        if (Downloads is null)
        {
            return null;
        }

        var wire = kind.ToWire();
        return Downloads.TryGetValue(wire.Replace('-', '_'), out var url) || Downloads.TryGetValue(wire, out url)
            ? RawUri.TryParse(url)
            : null;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Status = ").Append(Status)
            .Append(", Source = ").Append(Source)
            .Append(", OriginalFilename = ").Append(OriginalFilename)
            .Append(", TotalRows = ").Append(TotalRows)
            .Append(", ValidRowCount = ").Append(ValidRowCount)
            .Append(", InvalidRowCount = ").Append(InvalidRowCount)
            .Append(", OrganizationId = ").Append(OrganizationId)
            .Append(", CreatedAt = ").Append(CreatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", Downloads = ");
        if (Downloads is null)
        {
            builder.Append("(none)");
        }
        else
        {
            builder.Append(string.Join(", ", Downloads.Select(d => d.Key + ": " + Redactor.RedactUrl(RawUri.TryParse(d.Value)))));
        }

        return true;
    }
}

internal static class WebhookJson
{
    internal static readonly IReadOnlyDictionary<string, JsonElement> Empty = new Dictionary<string, JsonElement>();
}

/// <summary>The event types OptimalDial documents.</summary>
public static class OptimalDialWebhookEventTypes
{
    /// <summary>An upload was created; <c>data.upload</c> has <c>total_rows</c> and <c>valid_row_count</c>.</summary>
    public const string UploadCreated = "upload.created";

    /// <summary>An upload completed; <c>data.upload.downloads</c> has signed URLs of the result files.</summary>
    public const string UploadCompleted = "upload.completed";

    /// <summary>An upload failed; <c>data.error_message</c> says why.</summary>
    public const string UploadFailed = "upload.failed";

    /// <summary>Sent once when an endpoint is registered (or its URL changes); <c>data.challenge</c> carries a value.</summary>
    public const string WebhookPing = "webhook.ping";

    /// <summary>An Enterprise contact finished processing (organization-level event; not modelled: see <see cref="OptimalDialWebhookEventData.AdditionalData"/>).</summary>
    public const string ContactCompleted = "contact.completed";

    /// <summary>An Enterprise contact failed (organization-level event; not modelled: see <see cref="OptimalDialWebhookEventData.AdditionalData"/>).</summary>
    public const string ContactFailed = "contact.failed";
}

/// <summary>The headers of an OptimalDial webhook delivery.</summary>
public static class OptimalDialWebhookHeaders
{
    /// <summary><c>t=&lt;unix&gt;,v1=&lt;hex&gt;</c>: what <see cref="OptimalDialWebhookVerifier"/> checks.</summary>
    public const string Signature = "X-OptimalDial-Signature";

    /// <summary>The event type.</summary>
    public const string Event = "X-OptimalDial-Event";

    /// <summary>The event id.</summary>
    public const string EventId = "X-OptimalDial-Event-Id";

    /// <summary>The delivery id (shared by every attempt of one delivery).</summary>
    public const string DeliveryId = "X-OptimalDial-Delivery-Id";

    /// <summary>The delivery attempt number, from 1.</summary>
    public const string Attempt = "X-OptimalDial-Attempt";

    /// <summary>The unix timestamp embedded in the signature.</summary>
    public const string Timestamp = "X-OptimalDial-Timestamp";
}
