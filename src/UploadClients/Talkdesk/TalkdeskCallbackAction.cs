using System.Text;
using System.Text.Json.Nodes;

namespace UploadClients.Talkdesk;

/// <summary>What Talkdesk calls when validation of the upload finishes (<c>callback_action</c>).</summary>
public sealed record TalkdeskCallbackAction
{
    /// <summary><c>endpoint</c>: the URL Talkdesk calls.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary><c>method</c>: the HTTP method of the call, e.g. POST.</summary>
    public required string Method { get; init; }

    /// <summary><c>body</c>: the JSON body of the call.</summary>
    public JsonObject? Body { get; init; }

    /// <summary><c>headers</c>: headers of the call. Treated as secrets: never logged or printed.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Redactor.RedactUrl(Endpoint))
            .Append(", Method = ").Append(Method)
            .Append(", Body = ").Append(Body is null ? "null" : "{…}")
            .Append(", Headers = ").Append(Headers is null ? "null" : $"[{string.Join(", ", Headers.Keys)}: values redacted]");
        return true;
    }
}
