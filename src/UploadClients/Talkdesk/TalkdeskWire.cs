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
internal sealed record StatusPatchBody(string Op, string Path, TalkdeskStatus Status);

/// <summary>The upload-request responses (201 create, 200 PATCH and GET).</summary>
internal sealed record UploadRequestWire(
    [property: JsonRequired] string Id,
    string? RecordListId,
    string? SignedUrl,
    TalkdeskStatus? Status,
    [property: JsonPropertyName("_links")] LinksWire? Links);

internal sealed record LinksWire(LinkWire? Self, LinkWire? RecordList, LinkWire? Upload);

internal sealed record LinkWire(string? Href);

/// <summary>A record list: GET /record-lists/{id}, an item of GET /record-lists, the PATCH answer, the 201 of POST /record-lists (with signed_url).</summary>
internal sealed record RecordListWire(
    [property: JsonRequired] string Id,
    string? Name,
    TalkdeskStatus? Status,
    int? RecordsCount,
    string? UniqueIdentifierType,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<TeamWire>? Teams,
    string? SignedUrl);

/// <summary>A team: the schema table types its <c>id</c> as an object and describes it as an id, so any JSON is taken.</summary>
internal sealed record TeamWire(System.Text.Json.JsonElement? Id, string? Name);

/// <summary>POST /record-lists body, as the page's JSON example.</summary>
internal sealed record CreateRecordListBody(string Name, CsvMetadata CsvMetadata);

/// <summary>GET /record-lists: a HAL page.</summary>
internal sealed record RecordListPageWire(
    int? Page,
    int? TotalPages,
    [property: JsonPropertyName("_links")] PageLinksWire? Links,
    [property: JsonPropertyName("_embedded")] RecordListsEmbeddedWire? Embedded);

internal sealed record PageLinksWire(LinkWire? Self, LinkWire? Next);

internal sealed record RecordListsEmbeddedWire(IReadOnlyList<RecordListWire>? RecordLists);

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
[JsonSerializable(typeof(CreateRecordListBody))]
[JsonSerializable(typeof(RecordListPageWire))]
[JsonSerializable(typeof(TokenWire))]
[JsonSerializable(typeof(string))]
internal sealed partial class TalkdeskJsonContext : JsonSerializerContext;
