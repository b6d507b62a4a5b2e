using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>
/// Reads an optional id documented as a UUID: a value that is not one (a provider that moves to
/// ULIDs, say) reads as <see langword="null"/> instead of failing the whole response, because the
/// SDK never acts on these ids. Ids the SDK acts on (an upload's <c>id</c>) stay strict.
/// </summary>
internal sealed class TolerantNullableGuidConverter : JsonConverter<Guid?>
{
    public override bool HandleNull => true;

    public override Guid? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return Guid.TryParse(reader.GetString(), out var id) ? id : null;
    }

    public override void Write(Utf8JsonWriter writer, Guid? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } id)
        {
            writer.WriteStringValue(id);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>The same rule for a non-nullable id the SDK never acts on: a value that is not a UUID reads as <see cref="Guid.Empty"/>.</summary>
internal sealed class TolerantGuidConverter : JsonConverter<Guid>
{
    public override Guid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return Guid.Empty;
        }

        return Guid.TryParse(reader.GetString(), out var id) ? id : Guid.Empty;
    }

    public override void Write(Utf8JsonWriter writer, Guid value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
