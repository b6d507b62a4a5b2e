namespace UploadClients;

/// <summary>
/// The innermost handler when a caller hands the SDK an <see cref="HttpClient"/> of their own:
/// the SDK's pipeline (retries, auth) runs first, then the caller's client sends.
/// </summary>
internal sealed class HttpClientForwardingHandler(HttpClient client) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
