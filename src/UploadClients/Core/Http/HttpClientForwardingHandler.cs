namespace UploadClients;

/// <summary>
/// The innermost handler when a caller hands the SDK an <see cref="HttpClient"/> of their own:
/// the SDK's pipeline (retries, auth) runs first, then the caller's client sends a copy of each
/// attempt (an <see cref="HttpClient"/> refuses a request message that another client already sent).
/// The content is shared, not copied: it streams from its source on every attempt.
/// </summary>
internal sealed class HttpClientForwardingHandler(HttpClient client) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        return client.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
