using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace UploadClients;

/// <summary>
/// The shape of a JSON document: every member's path ("data[].id", "_links.self.href") with its JSON
/// kind and, for strings and numbers, its encoding (an ISO 8601 date-time, a UUID, an absolute URL,
/// an integer). Documented examples give the expected shape; a response (live, or the fake's) and a
/// request the client sent are held against it, so a renamed field, a number sent as a string or a date
/// sent as unix seconds where the docs print ISO 8601 is found. Only paths and kinds are kept, never a value.
/// </summary>
internal sealed partial class JsonShape
{
    private readonly Dictionary<string, string> _members;

    private JsonShape(Dictionary<string, string> members) => _members = members;

    /// <summary>Path → "kind" or "kind:format". The root is "$" when it is an array; an object's members are named from the root ("id", "data[].id").</summary>
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
    /// What makes <paramref name="actual"/> differ from this documented shape, as findings (paths and
    /// kinds, never values): a member the docs do not have (a notice; only the outermost one of an
    /// undocumented object), a member of another kind or encoding (null is allowed where
    /// <paramref name="nullable"/> says so), a required member missing (where its parent is present:
    /// an empty list has no items to miss fields), and, with <paramref name="optionalMissing"/>, a
    /// documented member absent that is not required (a notice).
    /// </summary>
    /// <param name="actual">The answer's shape.</param>
    /// <param name="nullable">Paths that may be null.</param>
    /// <param name="required">Paths that must be present (where their parent is).</param>
    /// <param name="optionalMissing">Report documented paths that are absent (not required) as notices.</param>
    /// <param name="conditional">Paths (with what they hold) the docs show only in some answers (a next page's link): never reported absent.</param>
    public List<DriftFinding> Findings(JsonShape actual, IEnumerable<string>? nullable = null, IEnumerable<string>? required = null, bool optionalMissing = false, IEnumerable<string>? conditional = null)
    {
        var sometimes = conditional?.ToList() ?? [];
        var nulls = new HashSet<string>(nullable ?? [], StringComparer.Ordinal);
        var findings = new List<DriftFinding>();
        foreach (var (path, kind) in actual._members)
        {
            if (!_members.TryGetValue(path, out var documented))
            {
                if (!HasUndocumentedAncestor(path, actual))
                {
                    findings.Add(new DriftFinding(path, DriftFindingKind.Undocumented, null, kind));
                }
            }
            else if (kind == "null")
            {
                if (!nulls.Contains(path) && documented != "null")
                {
                    findings.Add(new DriftFinding(path, DriftFindingKind.Type, documented, "null"));
                }
            }
            else if (!Compatible(documented, kind))
            {
                findings.Add(new DriftFinding(path, DriftFindingKind.Type, documented, kind));
            }
        }

        var requiredPaths = new HashSet<string>(required ?? [], StringComparer.Ordinal);
        foreach (var path in requiredPaths)
        {
            if (!actual._members.ContainsKey(path) && actual.Has(Parent(path)))
            {
                findings.Add(new DriftFinding(path, DriftFindingKind.Missing, _members.GetValueOrDefault(path) ?? "required", null) { IsDrift = true });
            }
        }

        if (optionalMissing)
        {
            foreach (var (path, documented) in _members)
            {
                // An array's items are not missing from an empty array; a conditional member is absent by design.
                if (!requiredPaths.Contains(path) && !path.EndsWith("[]", StringComparison.Ordinal) && !actual._members.ContainsKey(path) && actual.Has(Parent(path))
                    && !sometimes.Any(c => path == c || path.StartsWith(c + ".", StringComparison.Ordinal)))
                {
                    findings.Add(new DriftFinding(path, DriftFindingKind.Missing, documented, null) { IsDrift = false });
                }
            }
        }

        return findings;
    }

    /// <summary>
    /// The findings as sentences, for tests that hold the fake (or a request) to the docs strictly: every
    /// finding counts, an undocumented member included; a documented member that is not required may be absent.
    /// </summary>
    public IReadOnlyList<string> Problems(JsonShape actual, IEnumerable<string>? nullable = null, IEnumerable<string>? required = null) =>
        [.. Findings(actual, nullable, required).Select(f => f.ToString())];

    /// <summary>The same members with the same kinds and encodings, both ways (for a request the client builds).</summary>
    public IReadOnlyList<string> Differences(JsonShape actual)
    {
        var problems = Problems(actual).ToList();
        problems.AddRange(_members.Keys.Where(p => !actual._members.ContainsKey(p)).Select(p => $"{p}: documented ({_members[p]}), but not sent"));
        return problems;
    }

    /// <summary>The path of the object or array item that holds <paramref name="path"/> ("$" for a member of the root object).</summary>
    internal static string Parent(string path)
    {
        if (path.EndsWith("[]", StringComparison.Ordinal))
        {
            return path.Length == 2 ? "$" : path[..^2];
        }

        var dot = path.LastIndexOf('.');
        return dot < 0 ? "$" : path[..dot];
    }

    private bool Has(string path) => path == "$" || _members.ContainsKey(path);

    private bool HasUndocumentedAncestor(string path, JsonShape actual)
    {
        for (var parent = Parent(path); parent != "$"; parent = Parent(parent))
        {
            if (actual._members.ContainsKey(parent) && !_members.ContainsKey(parent))
            {
                return true;
            }
        }

        return false;
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
                    var name = NameOf(member.Name);
                    Walk(member.Value, path == "$" ? name : path + "." + name, members);
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

    /// <summary>
    /// A member's name as a path prints it: a name as APIs write them (a letter or <c>_</c>, then letters,
    /// digits, <c>_</c> and <c>-</c>, at most 64, at most four digits) as it is; any other (an object keyed by
    /// ids, phone numbers, emails or keys, whose names are values) as <c>{key}</c>, so that no path carries a
    /// value of the answer.
    /// </summary>
    internal static string NameOf(string name) =>
        name.Length is > 0 and <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            && name.Count(char.IsAsciiDigit) <= 4
            ? name
            : "{key}";

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryGetString(element) is { } text ? StringFormat(text) : "string",
        JsonValueKind.Number => element.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0 ? "number:integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    /// <summary>The string, or null when it is not valid UTF-16 (a lone surrogate, as a name cut mid-emoji): still a string, of no format.</summary>
    internal static string? TryGetString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

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
