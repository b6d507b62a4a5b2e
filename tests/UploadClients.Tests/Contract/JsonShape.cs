using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace UploadClients.Tests.Contract;

/// <summary>
/// The shape of a JSON document: every member's path ("data[].id", "_links.self.href") with its JSON
/// kind and, for strings and numbers, its encoding (an ISO 8601 date-time, a UUID, an absolute URL,
/// an integer). Documented examples give the expected shape; a request the client sent or a response
/// the fake answered is checked against it, so a renamed field, a number sent as a string or a date
/// sent as unix seconds where the docs print ISO 8601 fails a test.
/// </summary>
internal sealed partial class JsonShape
{
    private readonly Dictionary<string, string> _members;

    private JsonShape(Dictionary<string, string> members) => _members = members;

    /// <summary>Path → "kind" or "kind:format".</summary>
    public IReadOnlyDictionary<string, string> Members => _members;

    public static JsonShape Of(JsonElement element)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(element, "$", members);
        return new JsonShape(members);
    }

    public static JsonShape Of(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Of(doc.RootElement);
    }

    /// <summary>Merges several documented examples of one shape (for example, every documented webhook event).</summary>
    public static JsonShape Union(params JsonShape[] shapes)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shape in shapes)
        {
            foreach (var (path, kind) in shape._members)
            {
                members.TryAdd(path, kind);
            }
        }

        return new JsonShape(members);
    }

    /// <summary>
    /// The same members with string encodings dropped, for a shape built from a schema table that
    /// types its fields only as "string" (Talkdesk's pages): the example's values are ours, so their
    /// look (a UUID, a date) is not part of the contract.
    /// </summary>
    public JsonShape WithoutStringFormats() =>
        new(_members.ToDictionary(m => m.Key, m => m.Value.StartsWith("string:", StringComparison.Ordinal) ? "string" : m.Value, StringComparer.Ordinal));

    /// <summary>
    /// What makes <paramref name="actual"/> differ from this documented shape: a member the docs do
    /// not have, a member of another kind or encoding (null is allowed where <paramref name="nullable"/>
    /// says so), a required member missing. Empty when it conforms.
    /// </summary>
    public IReadOnlyList<string> Problems(JsonShape actual, IEnumerable<string>? nullable = null, IEnumerable<string>? required = null)
    {
        var nulls = new HashSet<string>(nullable ?? [], StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (path, kind) in actual._members)
        {
            if (!_members.TryGetValue(path, out var documented))
            {
                problems.Add($"{path}: not documented (sent as {kind})");
            }
            else if (kind == "null")
            {
                if (!nulls.Contains(path) && documented != "null")
                {
                    problems.Add($"{path}: null, but documented as {documented} and not nullable");
                }
            }
            else if (!Compatible(documented, kind))
            {
                problems.Add($"{path}: {kind}, documented as {documented}");
            }
        }

        foreach (var path in required ?? [])
        {
            if (!actual._members.ContainsKey(path))
            {
                problems.Add($"{path}: required, but missing");
            }
        }

        return problems;
    }

    /// <summary>The same members with the same kinds and encodings, both ways (for a request the client builds).</summary>
    public IReadOnlyList<string> Differences(JsonShape actual)
    {
        var problems = Problems(actual).ToList();
        problems.AddRange(_members.Keys.Where(p => !actual._members.ContainsKey(p)).Select(p => $"{p}: documented ({_members[p]}), but not sent"));
        return problems;
    }

    private static bool Compatible(string documented, string actual) =>
        documented == actual
        || (documented == "number" && actual == "number:integer") // a documented float may be whole
        || (documented == "string" && actual.StartsWith("string:", StringComparison.Ordinal)); // free text may look like anything

    private static void Walk(JsonElement element, string path, Dictionary<string, string> members)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (path != "$")
                {
                    members.TryAdd(path, "object");
                }

                foreach (var member in element.EnumerateObject())
                {
                    Walk(member.Value, path == "$" ? member.Name : path + "." + member.Name, members);
                }

                break;
            case JsonValueKind.Array:
                members.TryAdd(path, "array");
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path + "[]", members);
                }

                break;
            default:
                // A member seen null in one array element and typed in another keeps the typed kind.
                var kind = KindOf(element);
                if (!members.TryGetValue(path, out var known) || known == "null")
                {
                    members[path] = kind;
                }

                break;
        }
    }

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => StringFormat(element.GetString()!),
        JsonValueKind.Number => element.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0 ? "number:integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string StringFormat(string value)
    {
        if (IsoDateTime().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return "string:date-time";
        }

        if (Guid.TryParseExact(value, "D", out _))
        {
            return "string:uuid";
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return "string:uri";
        }

        return "string";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoDateTime();
}
