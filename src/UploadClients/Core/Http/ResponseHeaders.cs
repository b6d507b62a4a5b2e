using System.Collections.Frozen;
using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>What a provider's support asks for from a failed response: its headers (secrets redacted) and its request id.</summary>
internal static class ResponseHeaders
{
    /// <summary>The headers that carry a request id, in the order they are looked for: the providers' APIs, then S3.</summary>
    internal static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id", "x-amz-request-id"];

    internal static readonly IReadOnlyDictionary<string, string> None = FrozenDictionary<string, string>.Empty;

    /// <summary>Headers whose value is never kept, whatever it holds.</summary>
    private static readonly string[] SecretWords = ["cookie", "authorization", "authenticate", "token", "secret", "signature", "api-key", "apikey", "password", "credential"];

    /// <summary>
    /// The response's headers (its content's included), each value redacted with <paramref name="redact"/>
    /// (the known secrets, bearer tokens, URL queries); a header whose name says it holds a secret is "***".
    /// </summary>
    internal static IReadOnlyDictionary<string, string> Of(HttpResponseMessage response, Func<string, string> redact)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(headers, response.Headers, redact);
        if (response.Content is { } content)
        {
            Add(headers, content.Headers, redact);
        }

        return headers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The first request id among <see cref="RequestIdHeaders"/>, or null.</summary>
    internal static string? RequestIdOf(IReadOnlyDictionary<string, string> headers)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }

    private static void Add(Dictionary<string, string> into, HttpHeaders headers, Func<string, string> redact)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            var value = string.Join(", ", values);
            into[name] = SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase))
                ? "***"
                : name.EndsWith("Location", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(value, UriKind.Absolute, out var url)
                    ? Redactor.RedactUrl(url)
                    : redact(value);
        }
    }
}
