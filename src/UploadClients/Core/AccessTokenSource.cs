using System.Net;

namespace UploadClients;

/// <summary>
/// A fixed token, or a provider that can refresh one. The one token path of every client.
/// </summary>
/// <remarks>
/// Refreshes are single-flight (as Azure.Core's token cache makes them): however many requests are
/// refused at once for the same token, the provider is asked for one forced refresh; the others
/// wait for it and use its token. A request refused with a token older than the one the last
/// refresh gave does not force another refresh: it is sent again with the newer token.
/// </remarks>
internal sealed class AccessTokenSource
{
    private readonly Func<string?>? _fixed;
    private readonly Func<IUploadAccessTokenProvider?>? _provider;
    private readonly Func<HttpResponseMessage, CancellationToken, ValueTask<bool>> _refused;
    private readonly Lock _lock = new();

    // The newest token the provider gave (by a plain get with no refresh since it began, or by a refresh).
    private string? _latest;
    private long _refreshes;
    private Task<string>? _refreshing;

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

    /// <summary>The fixed token, when one is set (to key a limit per credential).</summary>
    internal string? FixedToken => _fixed?.Invoke() is { Length: > 0 } token ? token : null;

    /// <summary>How many forced refreshes this source has asked its provider for.</summary>
    internal long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>The token for a request: the fixed one, or the provider's current one.</summary>
    internal ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_fixed?.Invoke() is { Length: > 0 } token)
        {
            return ValueTask.FromResult(token);
        }

        if (_provider?.Invoke() is { } provider)
        {
            return CurrentAsync(provider, cancellationToken);
        }

        throw new InvalidOperationException("No access token is configured.");
    }

    /// <summary>
    /// A token to repeat a request with after <paramref name="refusedToken"/> was refused: the token of
    /// a refresh made since that token was current, or else of one forced refresh, shared by every
    /// caller refused meanwhile. Call only when <see cref="CanRefresh"/>.
    /// </summary>
    internal Task<string> RefreshAsync(string refusedToken, CancellationToken cancellationToken)
    {
        var provider = _provider?.Invoke() ?? throw new InvalidOperationException("No token provider is configured.");
        Task<string> refresh;
        lock (_lock)
        {
            if (_refreshing is { IsCompleted: false } inFlight)
            {
                refresh = inFlight;
            }
            else if (_latest is { } latest && !string.Equals(latest, refusedToken, StringComparison.Ordinal))
            {
                // A newer token than the refused one is known: repeat with it, no refresh.
                return Task.FromResult(latest);
            }
            else
            {
                _refreshes++;
                refresh = _refreshing = ForceAsync(provider);

                // Every caller may stop waiting (cancelled) before a failure arrives: observe it.
                refresh.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return refresh.WaitAsync(cancellationToken);
    }

    private async ValueTask<string> CurrentAsync(IUploadAccessTokenProvider provider, CancellationToken cancellationToken)
    {
        long refreshesBefore;
        bool refreshRunning;
        lock (_lock)
        {
            refreshesBefore = _refreshes;
            refreshRunning = _refreshing is { IsCompleted: false };
        }

        var token = await provider.GetAccessTokenAsync(false, cancellationToken).ConfigureAwait(false);
        Redactor.Register(token);
        lock (_lock)
        {
            // A get that overlapped a refresh in any way (began during one, or before one that has
            // begun since) may return the token that refresh replaced: it is not known to be the newest.
            if (!refreshRunning && _refreshes == refreshesBefore && _refreshing is not { IsCompleted: false })
            {
                _latest = token;
            }
        }

        return token;
    }

    /// <summary>The forced refresh itself, shared by every caller that asks while it runs; not bound to any one caller's cancellation.</summary>
    private async Task<string> ForceAsync(IUploadAccessTokenProvider provider)
    {
        var token = await provider.GetAccessTokenAsync(true, CancellationToken.None).ConfigureAwait(false);
        Redactor.Register(token);
        lock (_lock)
        {
            _latest = token;
        }

        return token;
    }
}
