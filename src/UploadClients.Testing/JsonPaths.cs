using System.Text.Json.Nodes;

namespace UploadClients.Testing;

/// <summary>Member paths as the drift check prints them (<c>data[].status</c>, <c>$[].url</c>): where a drift fault changes an answer.</summary>
internal static class JsonPaths
{
    /// <summary>Calls <paramref name="change"/> with each object that holds the path's last member, and the member's name.</summary>
    internal static void ForEach(JsonNode root, string path, Action<JsonObject, string> change)
    {
        var segments = (path.StartsWith('$') ? path[1..].TrimStart('.') : path).Split('.');
        var nodes = new List<JsonNode?> { root };
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var items = segment.EndsWith("[]", StringComparison.Ordinal);
            var name = items ? segment[..^2] : segment;
            var last = i == segments.Length - 1;
            var next = new List<JsonNode?>();
            foreach (var node in nodes)
            {
                if (last && !items)
                {
                    if (node is JsonObject parent)
                    {
                        change(parent, name);
                    }

                    continue;
                }

                var at = name.Length == 0 ? node : (node as JsonObject)?[name];
                if (items && at is JsonArray array)
                {
                    next.AddRange(array);
                }
                else if (!items)
                {
                    next.Add(at);
                }
            }

            nodes = next;
        }
    }
}
