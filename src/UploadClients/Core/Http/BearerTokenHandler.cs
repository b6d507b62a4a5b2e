using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>
/// Puts <c>Authorization: Bearer …</c> on every request of a provider's API client. When the
/// token can be refreshed and the provider refuses it (401; for OrbitSearch also its documented
/// 403 <c>invalid_api_key</c>), it asks once for a fresh token (a refresh shared with every request
/// refused with the same token meanwhile) and repeats the request once (a
/// refused credential means the request was not processed, so repeating it cannot charge or
/// create anything twice). Credentials go only to the provider's own scheme, host and port
/// (<paramref name="apiAddress"/>): a request addressed anywhere else is sent without them.
/// </summary>
internal sealed class BearerTokenHandler(AccessTokenSource tokens, Uri apiAddress) : DelegatingHandler
{
    // The header of the fixed token, made once (as HttpClient.DefaultRequestHeaders holds one): it is immutable.
    private AuthenticationHeaderValue? _fixedHeader;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A fixed token (an API key) cannot be refreshed: nothing to do after the answer, so no async frame.
        if (tokens.FixedToken is { } token && IsApiHost(request.RequestUri))
        {
            var header = _fixedHeader;
            if (!string.Equals(header?.Parameter, token, StringComparison.Ordinal))
            {
                _fixedHeader = header = new AuthenticationHeaderValue("Bearer", token);
            }

            request.Headers.Authorization = header;
            return base.SendAsync(request, cancellationToken);
        }

        return SendRefreshingAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendRefreshingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsApiHost(request.RequestUri))
        {
            // A request rewritten to another host (a redirect followed by a caller's handler) must not
            // carry the API's credentials, on this attempt or any retry of it.
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode
            || !IsApiHost(request.RequestUri)
            || !tokens.CanRefresh
            || request.Content is IReplayableContent { CanReplay: false }
            || !await tokens.WasRefusedAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        // One refresh for every request refused with this token at once (AccessTokenSource).
        var fresh = await tokens.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        if (string.Equals(fresh, token, StringComparison.Ordinal))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private bool IsApiHost(Uri? uri) =>
        uri is { IsAbsoluteUri: true }
        && string.Equals(uri.Scheme, apiAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, apiAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == apiAddress.Port;
}
