using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>
/// Reads a timestamp sent as unix seconds (integer or float, as OptimalDial documents for
/// <c>expires_at</c>) or as an ISO 8601 string; writes unix seconds. Registered on every
/// provider's JSON context, so every date the SDK reads accepts both (the tolerant-reader rule,
/// docs/contract.md).
/// </summary>
internal sealed class FlexibleTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)),
        JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)),
        JsonTokenType.String => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new JsonException("Expected a timestamp (unix seconds or ISO 8601)."),
    };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
    }
}
