using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace UploadClients.Talkdesk;

/// <summary>POST /record-lists/{id}/upload-requests body, as the page's JSON example.</summary>
internal sealed record CreateUploadRequestBody(
    CsvMetadata CsvMetadata,
    CallbackActionBody? CallbackAction,
    bool? SendAtlasNotification);

internal sealed record CsvMetadata(string Filename, long ByteSize, string Checksum, string ContentType);

/// <summary>The page's table says <c>endpoints</c>, its JSON example <c>endpoint</c>: we send <c>endpoint</c>.</summary>
internal sealed record CallbackActionBody(string Endpoint, string Method, JsonObject? Body, IReadOnlyDictionary<string, string>? Headers);

/// <summary>PATCH body that starts validation.</summary>
internal sealed record StatusPatchBody(string Op, string Path, string Status);

/// <summary>The upload-request responses (201 create, 200 PATCH and GET).</summary>
internal sealed record UploadRequestWire(
    [property: JsonRequired] string Id,
    string? RecordListId,
    string? SignedUrl,
    string? Status,
    [property: JsonPropertyName("_links")] LinksWire? Links);

internal sealed record LinksWire(LinkWire? Self, LinkWire? RecordList, LinkWire? Upload);

internal sealed record LinkWire(string? Href);

internal sealed record RecordListWire([property: JsonRequired] string Id, string? Name, string? Status, int? RecordsCount);

/// <summary>The OAuth token response.</summary>
internal sealed record TokenWire([property: JsonRequired] string AccessToken, string? TokenType, double? ExpiresIn, string? Scope);

/// <summary>Source-generated JSON metadata for the Talkdesk wire format (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(FlexibleTimestampConverter)])]
[JsonSerializable(typeof(CreateUploadRequestBody))]
[JsonSerializable(typeof(StatusPatchBody))]
[JsonSerializable(typeof(UploadRequestWire))]
[JsonSerializable(typeof(RecordListWire))]
[JsonSerializable(typeof(TokenWire))]
internal sealed partial class TalkdeskJsonContext : JsonSerializerContext;
