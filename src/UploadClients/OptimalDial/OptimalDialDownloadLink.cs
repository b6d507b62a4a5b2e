using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>A signed link to one file of an upload, valid until <see cref="ExpiresAt"/> (about an hour).</summary>
/// <param name="DownloadUrl">The signed URL, exactly as sent. A secret: it is never printed with its query.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
[JsonConverter(typeof(OptimalDialDownloadLinkConverter))]
public sealed record OptimalDialDownloadLink(Uri DownloadUrl, DateTimeOffset ExpiresAt)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("DownloadUrl = ").Append(Redactor.RedactUrl(DownloadUrl)).Append(", ExpiresAt = ").Append(ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}

/// <summary>Reads <c>{"download_url": uri, "expires_at": unix seconds}</c>, keeping the URL byte for byte.</summary>
internal sealed class OptimalDialDownloadLinkConverter : JsonConverter<OptimalDialDownloadLink>
{
    private static readonly FlexibleTimestampConverter Timestamps = new();

    public override OptimalDialDownloadLink Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A download link must be a JSON object.");
        }

        string? url = null;
        DateTimeOffset? expires = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "download_url" when reader.TokenType == JsonTokenType.String:
                    url = reader.GetString();
                    break;
                case "expires_at" when reader.TokenType != JsonTokenType.Null:
                    expires = Timestamps.Read(ref reader, typeof(DateTimeOffset), options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var uri = RawUri.TryParse(url) ?? throw new JsonException("The JSON value could not be converted: download_url is missing or not an absolute URL.");
        return new OptimalDialDownloadLink(uri, expires ?? throw new JsonException("The JSON value could not be converted: expires_at is missing."));
    }

    public override void Write(Utf8JsonWriter writer, OptimalDialDownloadLink value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("download_url", value.DownloadUrl.OriginalString);
        writer.WritePropertyName("expires_at");
        Timestamps.Write(writer, value.ExpiresAt, options);
        writer.WriteEndObject();
    }
}
