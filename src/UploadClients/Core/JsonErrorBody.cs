using System.Text.Json;

namespace UploadClients;

/// <summary>
/// Reads the usual shapes of a JSON error body: <c>code</c>/<c>error</c>/<c>error_code</c> for the
/// code; <c>message</c>, <c>description</c>, <c>detail</c>, <c>error_description</c> (or an
/// <c>error</c> object's <c>message</c>) for the text; <c>fields</c>/<c>errors</c> arrays of
/// <c>{name|field, description|message}</c> for field errors. Talkdesk's documented
/// <c>{code, message, description, fields}</c> is one of them, OrbitSearch's documented
/// <c>{"status": "failed", "error": {"code", "message", …}}</c> another; the error object's
/// other members are kept as <see cref="Parsed.Details"/>.
/// </summary>
internal static class JsonErrorBody
{
    internal sealed record Parsed(string? Code, string? Detail, IReadOnlyList<UploadFieldError> Fields)
    {
        /// <summary>The error object's other fields (not code, message, description, fields), as sent.</summary>
        internal IReadOnlyDictionary<string, JsonElement> Details { get; init; } = new Dictionary<string, JsonElement>();
    }

    /// <summary>The members of <paramref name="obj"/> other than <paramref name="known"/>, cloned so they outlive the document.</summary>
    internal static Dictionary<string, JsonElement> Extras(JsonElement obj, params string[] known)
    {
        var extras = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in obj.EnumerateObject())
        {
            if (!known.Contains(member.Name, StringComparer.Ordinal))
            {
                extras[member.Name] = member.Value.Clone();
            }
        }

        return extras;
    }

    private static readonly string[] KnownErrorMembers = ["code", "error_code", "error", "message", "detail", "error_description", "title", "description", "fields", "errors", "status"];

    internal static Parsed Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new Parsed(null, null, []);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Parsed(null, null, []);
            }

            if (root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object)
            {
                // OrbitSearch's documented shape: {"status": "failed", "error": {"code", "message", …extras}}.
                var inner = ParseObject(nested);
                var outer = ParseObject(root);
                return new Parsed(inner.Code ?? outer.Code, inner.Detail ?? outer.Detail, inner.Fields.Count > 0 ? inner.Fields : outer.Fields)
                {
                    Details = inner.Details,
                };
            }

            return ParseObject(root);
        }
        catch (JsonException)
        {
            return new Parsed(null, null, []);
        }
    }

    private static Parsed ParseObject(JsonElement obj)
    {
        var code = String(obj, "code") ?? String(obj, "error_code") ?? String(obj, "error");
        var message = String(obj, "message") ?? String(obj, "detail") ?? String(obj, "error_description") ?? String(obj, "title");
        var description = String(obj, "description");
        var detail = (message, description) switch
        {
            (null, null) => null,
            ({ } m, null) => m,
            (null, { } d) => d,
            ({ } m, { } d) when d.Contains(m, StringComparison.Ordinal) => d,
            ({ } m, { } d) => $"{m.TrimEnd('.')}. {d}",
        };

        var fields = new List<UploadFieldError>();
        foreach (var name in (string[])["fields", "errors"])
        {
            if (obj.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        fields.Add(new UploadFieldError(
                            String(item, "name") ?? String(item, "field") ?? String(item, "path") ?? "(request)",
                            String(item, "description") ?? String(item, "message") ?? item.GetRawText()));
                    }
                }
            }
        }

        return new Parsed(code, detail, fields) { Details = Extras(obj, KnownErrorMembers) };
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
