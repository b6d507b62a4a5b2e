using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WireMock;

namespace UploadClients.Testing.Talkdesk;

/// <content>Record lists: POST /record-lists (a new list with its signed URL), its PATCH, GET /record-lists/{id} and the HAL pages of GET /record-lists.</content>
public sealed partial class TalkdeskFake
{
    /// <summary>
    /// POST /record-lists (reference/record-lists-1): {name, csv_metadata} → 201 with the list and the
    /// signed URL for its CSV. Assumed where Talkdesk is silent: a new list's status is CREATED until
    /// validation starts; a name of more than 120 characters or an account at 200 lists is a 400.
    /// </summary>
    private IResponseMessage CreateRecordList(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        if (JsonNode.Parse(request.Body ?? "null") is not JsonObject body || body["csv_metadata"] is not JsonObject meta)
        {
            return Error(400, "1001", "Invalid request", "csv_metadata is required", ("csv_metadata", "is required"));
        }

        var name = body["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["name"]!.GetValue<string>() : string.Empty;
        var fields = new List<(string, string)>();
        if (name.Trim().Length is < 1 || name.Length > 120)
        {
            fields.Add(("name", "must be 1 to 120 characters"));
        }

        if (_lists.Values.Count(l => l.Account == Caller(request)) >= MaxRecordLists)
        {
            fields.Add(("name", $"the account already has {MaxRecordLists} record lists"));
        }

        if (CheckCsvMetadata(meta, fields) is { } invalid)
        {
            return invalid;
        }

        var listId = AddRecordList(name, Caller(request)!);
        var list = _lists[listId];
        var fileId = Guid.NewGuid().ToString();
        var filename = meta["filename"]!.GetValue<string>();
        var url = new Uri(_baseAddress, $"s3/talkdesk-record-lists/{listId}/{fileId}/{Uri.EscapeDataString(filename)}").GetLeftPart(UriPartial.Path)
            + "?" + SignedQueryTemplate.Replace("{0}", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), StringComparison.Ordinal);
        list.File = new FakeUploadRequest(fileId, listId, meta["checksum"]!.GetValue<string>(), meta["byte_size"]!.GetValue<long>(), url, body);
        _requests[fileId] = list.File;
        return FakeResponses.Json(201, new JsonObject
        {
            ["id"] = listId,
            ["name"] = name,
            ["unique_identifier_type"] = "PHONE_NUMBER",
            ["status"] = list.File.Status,
            ["signed_url"] = url,
            ["_links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = new Uri(_baseAddress, "record-lists/" + listId).ToString() } },
        });
    }

    /// <summary>
    /// PATCH /record-lists/{id} (reference/update-record-lists): starts validation of the list's file.
    /// Assumed body (the page prints none): the upload request's {"op":"replace","path":"/status","status":"UPLOADED"};
    /// 409 when the file was never PUT or validation already started.
    /// </summary>
    private IResponseMessage StartRecordListValidation(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        var listId = request.Path.Split('/')[2];
        if (!_lists.TryGetValue(listId, out var list) || list.Account != Caller(request))
        {
            return Error(404, "1004", "Record list not found", $"No record list {listId}");
        }

        var file = list.File;
        if (file is null)
        {
            return Error(409, "1009", "Conflict", "The record list has no file to validate");
        }

        if (StartValidation(request, file, "record list") is { } refusedStart)
        {
            return refusedStart;
        }

        return FakeResponses.Json(200, new JsonObject
        {
            ["id"] = list.Id,
            ["name"] = list.Name,
            ["unique_identifier_type"] = "PHONE_NUMBER",
            ["created_at"] = list.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["records_count"] = 0,
            ["account_id"] = list.Account,
            ["status"] = file.Status,
            ["_links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = new Uri(_baseAddress, "record-lists/" + list.Id).ToString() } },
        });
    }

    /// <summary>GET /record-lists?page=&amp;per_page= (reference/record-lists): a HAL page, oldest list first; <c>next</c> and <c>prev</c> only where such a page exists.</summary>
    private IResponseMessage ListRecordLists(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        var query = request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>();
        int Number(string key, int fallback) => query.TryGetValue(key, out var v) && int.TryParse(v.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        var page = Number("page", 1);
        var perPage = Number("per_page", 50);
        if (page < 1 || perPage is < 1 or > 200)
        {
            return Error(400, "1001", "Invalid request", "page must be at least 1 and per_page 1 to 200", ("per_page", "must be 1 to 200"));
        }

        var caller = Caller(request);
        var all = _lists.Values.Where(l => l.Account == caller).OrderBy(l => l.Sequence).ToList();
        var totalPages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select(l => (JsonNode)RecordListJson(l, advance: false)).ToList();
        JsonObject Link(int p) => new() { ["href"] = new Uri(_baseAddress, $"record-lists?page={p}&per_page={perPage}").ToString() };
        var links = new JsonObject { ["self"] = Link(page), ["first"] = Link(1), ["last"] = Link(totalPages) };
        if (page < totalPages)
        {
            links["next"] = Link(page + 1);
        }

        if (page > 1)
        {
            links["prev"] = Link(page - 1);
        }

        return FakeResponses.Json(200, new JsonObject
        {
            ["total"] = all.Count,
            ["per_page"] = perPage,
            ["count"] = items.Count,
            ["page"] = page,
            ["total_pages"] = totalPages,
            ["_links"] = links,
            ["_embedded"] = new JsonObject { ["record_lists"] = new JsonArray([.. items]) },
        });
    }

    private IResponseMessage GetRecordList(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        var listId = request.Path.Split('/')[2];
        if (!_lists.TryGetValue(listId, out var list) || list.Account != Caller(request))
        {
            return Error(404, "1004", "Record list not found", $"No record list {listId}");
        }

        return FakeResponses.Json(200, RecordListJson(list, advance: true));
    }

    /// <summary>
    /// A record list as GET answers it: its status is its latest validated file's (a GET moves that
    /// file's script on when <paramref name="advance"/>), CREATED for a new list not yet validated,
    /// ACCEPTED for a list that never had a file.
    /// </summary>
    private JsonObject RecordListJson(FakeRecordList list, bool advance)
    {
        var latest = _requests.Values.Where(r => r.RecordListId == list.Id && r.ValidationStarts > 0).OrderBy(r => r.Created).LastOrDefault();
        if (advance)
        {
            latest?.Advance();
        }

        // Every field of reference/record-lists-2's schema: the list's latest file (or its creation) is its last change;
        // the fake has no teams (an empty array, the documented kind).
        var updated = latest is null || latest.Created < list.CreatedAt.UtcDateTime ? list.CreatedAt.UtcDateTime : latest.Created;
        return new JsonObject
        {
            ["id"] = list.Id,
            ["name"] = list.Name,
            ["unique_identifier_type"] = "PHONE_NUMBER",
            ["created_at"] = list.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["updated_at"] = updated.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["status"] = latest?.Status ?? list.File?.Status ?? "ACCEPTED",
            ["records_count"] = latest is { Status: "ACCEPTED" } ? CountRecords(latest.Stored) : 0,
            ["teams"] = new JsonArray(),
        };
    }
}
