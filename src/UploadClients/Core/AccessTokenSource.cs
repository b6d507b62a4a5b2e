using System.Net;

namespace UploadClients;

/// <summary>A fixed token, or a provider that can refresh one. The one token path of every client.</summary>
internal sealed class AccessTokenSource
{
    private readonly Func<string?>? _fixed;
    private readonly Func<IUploadAccessTokenProvider?>? _provider;
    private readonly Func<HttpResponseMessage, CancellationToken, ValueTask<bool>> _refused;

    private AccessTokenSource(Func<string?>? fixedToken, Func<IUploadAccessTokenProvider?>? provider, Func<HttpResponseMessage, CancellationToken, ValueTask<bool>>? refused = null)
    {
        _fixed = fixedToken;
        _provider = provider;
        _refused = refused ?? ((response, _) => ValueTask.FromResult(response.StatusCode == HttpStatusCode.Unauthorized));
    }

    /// <summary>Whether asking again can give a different token (a provider, and no fixed token set).</summary>
    internal bool CanRefresh => string.IsNullOrEmpty(_fixed?.Invoke()) && _provider?.Invoke() is not null;

    /// <summary>
    /// A fixed token read from the options object on each call: a change to that object applies to
    /// the next request. Under DI the options are a snapshot taken when the client's pipeline is
    /// built, so a configuration reload does not reach a running client (restart, or use a TokenProvider).
    /// </summary>
    internal static AccessTokenSource Fixed(Func<string?> token) => new(token, null);

    /// <summary>A fixed token when set (it wins), else the provider.</summary>
    /// <param name="token">The fixed token.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="refused">Whether an answer says the token was refused (a refresh signal); 401 when null.</param>
    internal static AccessTokenSource FixedOrProvider(
        Func<string?> token,
        Func<IUploadAccessTokenProvider?> provider,
        Func<HttpResponseMessage, CancellationToken, ValueTask<bool>>? refused = null) => new(token, provider, refused);

    /// <summary>Whether <paramref name="response"/> says the token it carried was refused.</summary>
    internal ValueTask<bool> WasRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken) => _refused(response, cancellationToken);

    internal ValueTask<string> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (_fixed?.Invoke() is { Length: > 0 } token)
        {
            return ValueTask.FromResult(token);
        }

        if (_provider?.Invoke() is { } provider)
        {
            return Obtained(provider.GetAccessTokenAsync(forceRefresh, cancellationToken));
        }

        throw new InvalidOperationException("No access token is configured.");
    }

    /// <summary>A token from a provider is a secret the options do not know: the redactor learns it before it is used.</summary>
    private static async ValueTask<string> Obtained(ValueTask<string> pending)
    {
        var token = await pending.ConfigureAwait(false);
        Redactor.Register(token);
        return token;
    }
}
