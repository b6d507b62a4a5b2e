using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>Puts <c>Authorization: Bearer …</c> on every request of a provider's API client.</summary>
internal sealed class BearerTokenHandler(Func<CancellationToken, ValueTask<string>> token) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var value = await token(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
