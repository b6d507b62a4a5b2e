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
internal sealed partial class OptimalDialJsonContext : JsonSerializerContext;
