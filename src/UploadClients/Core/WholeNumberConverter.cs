using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>
/// Reads a count documented as a JSON "number" (OrbitSearch's accepted, failed, warnings): an
/// integer, or a float with no fractional part (<c>1180.0</c>), so a server that writes its
/// counts as floats does not fail an upload that succeeded. A fractional count is an error.
/// </summary>
internal sealed class WholeNumberConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var value))
            {
                return value;
            }

            if (reader.TryGetDouble(out var number) && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue)
            {
                return (int)number;
            }
        }

        throw new JsonException("Expected a whole number.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
