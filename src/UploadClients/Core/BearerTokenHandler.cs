using System.Net;
using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>
/// Puts <c>Authorization: Bearer …</c> on every request of a provider's API client. When the
/// token can be refreshed and the provider answers 401, it asks once for a fresh token and
/// repeats the request once (a 401 means the request was refused before it was processed, so
/// repeating it cannot charge or create anything twice).
/// </summary>
internal sealed class BearerTokenHandler(AccessTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized
            || !tokens.CanRefresh
            || request.Content is IReplayableContent { CanReplay: false })
        {
            return response;
        }

        var fresh = await tokens.GetAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
        if (string.Equals(fresh, token, StringComparison.Ordinal))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
