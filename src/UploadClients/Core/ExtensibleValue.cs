using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>A provider's value kept as its text: what the SDK's extensible enumerations share (<c>OptimalDialUploadStatus</c> and the others).</summary>
/// <typeparam name="TSelf">The value type.</typeparam>
internal interface IExtensibleValue<TSelf>
    where TSelf : struct, IExtensibleValue<TSelf>
{
    /// <summary>The value the provider spells <paramref name="value"/>.</summary>
    static abstract TSelf Create(string value);
}

/// <summary>Equality of extensible values: by text, ignoring case (the providers' documented spellings never differ only in case).</summary>
internal static class ExtensibleValue
{
    internal static bool Same(string? left, string? right) => string.Equals(left ?? string.Empty, right ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    internal static int HashOf(string? value) => StringComparer.OrdinalIgnoreCase.GetHashCode(value ?? string.Empty);
}

/// <summary>
/// Reads an extensible value from its JSON string, whatever the text (a value the SDK does not know is
/// kept, not refused); a value that is not a string reads as the default (empty) one, as the tolerant
/// reader reads any field it cannot use. Writes the text back.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class ExtensibleValueConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        return T.Create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    // As a dictionary key (counts by status, for example): the text, as for a value.
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.Create(reader.GetString() ?? string.Empty);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString() ?? string.Empty);
    }
}
