using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>Source-generated JSON metadata for the OptimalDial wire format (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(FlexibleTimestampConverter)])]
[JsonSerializable(typeof(OptimalDialUpload))]
[JsonSerializable(typeof(UploadPageWire))]
[JsonSerializable(typeof(OptimalDialDownloadLink))]
[JsonSerializable(typeof(OptimalDialCancellation))]
[JsonSerializable(typeof(OptimalDialWebhookEvent))]
[JsonSerializable(typeof(NumbersUploadBody))]
[JsonSerializable(typeof(CreateWebhookBody))]
[JsonSerializable(typeof(UpdateWebhookBody))]
[JsonSerializable(typeof(CreatedWebhookWire))]
[JsonSerializable(typeof(IReadOnlyList<OptimalDialWebhookEndpoint>))]
[JsonSerializable(typeof(IReadOnlyList<OptimalDialWebhookDeliveryAttempt>))]
internal sealed partial class OptimalDialJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For request bodies: the same metadata, writing '+' as itself rather than \u002B, so phone
    /// numbers go out in the form OptimalDial's examples print ("+15550000000"). The bodies are never
    /// embedded in HTML, which is what the default escaping guards against.
    /// </summary>
    internal static OptimalDialJsonContext Requests { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
