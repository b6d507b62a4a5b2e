using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients.OrbitSearch;

/// <summary>
/// Whether a directory is ready for searches (GET …/directories/{directoryId}/readiness).
/// </summary>
/// <remarks>
/// OrbitSearch documents the endpoint but not its body. The SDK reads <c>ready</c> or
/// <c>is_ready</c>, <c>status</c> and <c>pending_sources</c> when present, and keeps every field in
/// <see cref="Fields"/> so nothing the provider sends is lost.
/// </remarks>
public sealed record OrbitSearchDirectoryReadiness
{
    /// <summary><c>ready</c> or <c>is_ready</c>, when the body has one.</summary>
    public bool? IsReady { get; init; }

    /// <summary><c>status</c>, when the body has one.</summary>
    public string? Status { get; init; }

    /// <summary><c>pending_sources</c>, when the body has one.</summary>
    public int? PendingSources { get; init; }

    /// <summary>Every field of the body, as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> Fields { get; init; } = new Dictionary<string, JsonElement>();

    internal static OrbitSearchDirectoryReadiness From(Dictionary<string, JsonElement> fields)
    {
        bool? ready = null;
        foreach (var name in (string[])["ready", "is_ready"])
        {
            if (fields.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                ready = value.GetBoolean();
            }
        }

        return new OrbitSearchDirectoryReadiness
        {
            IsReady = ready,
            Status = fields.TryGetValue("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
            PendingSources = fields.TryGetValue("pending_sources", out var p) && p.TryGetInt32(out var n) ? n : null,
            Fields = fields,
        };
    }
}

/// <summary>Source-generated JSON metadata for the OrbitSearch wire format (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(FlexibleTimestampConverter), typeof(WholeNumberConverter)])]
[JsonSerializable(typeof(OrbitSearchCsvUploadResult))]
[JsonSerializable(typeof(OrbitSearchSource))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class OrbitSearchJsonContext : JsonSerializerContext;
