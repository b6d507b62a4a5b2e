using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>Source-generated JSON metadata for the OptimalDial wire format (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OptimalDialUpload))]
internal sealed partial class OptimalDialJsonContext : JsonSerializerContext;
