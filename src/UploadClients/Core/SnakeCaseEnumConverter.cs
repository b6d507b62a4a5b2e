using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>
/// Reads an enum from its snake_case name (<c>pending_mapping</c> → <c>PendingMapping</c>) and
/// maps any value it does not know to the enum's zero value (<c>Unknown</c>), so a status the
/// provider adds later never breaks a caller. Writes the snake_case name.
/// </summary>
internal sealed class SnakeCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        var text = reader.GetString();
        return Parse(text);
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));
    }

    internal static TEnum Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        var compact = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<TEnum>(compact, ignoreCase: true, out var value) && Enum.IsDefined(value) && !IsNumeric(compact)
            ? value
            : default;
    }

    private static bool IsNumeric(string text) => text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '-');
}
