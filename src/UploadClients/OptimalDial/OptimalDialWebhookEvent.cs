using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>A verified OptimalDial webhook event (the envelope: id, type, api_version, created_at, data).</summary>
public sealed record OptimalDialWebhookEvent
{
    /// <summary><c>id</c>: the event's id (also in <c>X-OptimalDial-Event-Id</c>); use it to ignore redeliveries.</summary>
    [JsonRequired]
    public string Id { get; init; } = string.Empty;

    /// <summary><c>type</c>: see <see cref="OptimalDialWebhookEventTypes"/>.</summary>
    [JsonRequired]
    public string Type { get; init; } = string.Empty;

    /// <summary><c>api_version</c>.</summary>
    public string? ApiVersion { get; init; }

    /// <summary><c>created_at</c> (sent as unix seconds or ISO 8601).</summary>
    [JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>data</c>.</summary>
    public OptimalDialWebhookEventData Data { get; init; } = new();
}

/// <summary>The <c>data</c> of a webhook event.</summary>
public sealed record OptimalDialWebhookEventData
{
    /// <summary><c>upload</c>: the upload, for upload.* events.</summary>
    public OptimalDialUpload? Upload { get; init; }

    /// <summary><c>downloads</c>: signed links by file kind (upload.completed), keyed as sent: original, processed, processed_filtered.</summary>
    public IReadOnlyDictionary<string, OptimalDialDownloadLink>? Downloads { get; init; }

    /// <summary><c>error_message</c>, for upload.failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>challenge</c>, for webhook.ping.</summary>
    public string? Challenge { get; init; }

    /// <summary>The signed link to one file, when the event carries it.</summary>
    /// <param name="kind">The file.</param>
    /// <returns>The link, or <see langword="null"/>.</returns>
    public OptimalDialDownloadLink? GetDownload(OptimalDialFileKind kind)
    {
        if (Downloads is null)
        {
            return null;
        }

        var wire = kind.ToWire();
        return Downloads.TryGetValue(wire, out var link) || Downloads.TryGetValue(wire.Replace('-', '_'), out link) ? link : null;
    }
}

/// <summary>The event types OptimalDial documents.</summary>
public static class OptimalDialWebhookEventTypes
{
    /// <summary>An upload was created.</summary>
    public const string UploadCreated = "upload.created";

    /// <summary>An upload completed; <c>data.downloads</c> has signed links.</summary>
    public const string UploadCompleted = "upload.completed";

    /// <summary>An upload failed; <c>data.error_message</c> says why.</summary>
    public const string UploadFailed = "upload.failed";

    /// <summary>A test delivery; <c>data.challenge</c> carries a value.</summary>
    public const string WebhookPing = "webhook.ping";
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

    /// <summary>The delivery id.</summary>
    public const string DeliveryId = "X-OptimalDial-Delivery-Id";

    /// <summary>The delivery attempt number.</summary>
    public const string Attempt = "X-OptimalDial-Attempt";

    /// <summary>The delivery timestamp.</summary>
    public const string Timestamp = "X-OptimalDial-Timestamp";
}
