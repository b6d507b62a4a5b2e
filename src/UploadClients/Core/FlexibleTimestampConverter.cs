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
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType switch
            {
                JsonTokenType.Number => FromUnixSeconds(reader.GetDouble()),
                JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => FromUnixSeconds(seconds),
                JsonTokenType.String => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ => throw new JsonException("Expected a timestamp (unix seconds or ISO 8601)."),
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            // A value that is not a time (or one out of range) is malformed JSON for the caller, never a raw FormatException.
            throw new JsonException("Expected a timestamp (unix seconds or ISO 8601): " + ex.Message, ex);
        }
    }

    private static DateTimeOffset FromUnixSeconds(double seconds) =>
        double.IsFinite(seconds) ? DateTimeOffset.FromUnixTimeMilliseconds(checked((long)Math.Round(seconds * 1000))) : throw new OverflowException("The timestamp is not finite.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
    }
}
