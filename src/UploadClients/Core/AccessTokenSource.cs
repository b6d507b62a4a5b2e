namespace UploadClients;

/// <summary>A fixed token, or a provider that can refresh one. The one token path of every client.</summary>
internal sealed class AccessTokenSource
{
    private readonly Func<string?>? _fixed;
    private readonly Func<IUploadAccessTokenProvider?>? _provider;

    private AccessTokenSource(Func<string?>? fixedToken, Func<IUploadAccessTokenProvider?>? provider)
    {
        _fixed = fixedToken;
        _provider = provider;
    }

    /// <summary>Whether asking again can give a different token (a provider, and no fixed token set).</summary>
    internal bool CanRefresh => string.IsNullOrEmpty(_fixed?.Invoke()) && _provider?.Invoke() is not null;

    /// <summary>A fixed token read from options on each call (so options reloads apply).</summary>
    internal static AccessTokenSource Fixed(Func<string?> token) => new(token, null);

    /// <summary>A fixed token when set (it wins), else the provider.</summary>
    internal static AccessTokenSource FixedOrProvider(Func<string?> token, Func<IUploadAccessTokenProvider?> provider) => new(token, provider);

    internal ValueTask<string> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (_fixed?.Invoke() is { Length: > 0 } token)
        {
            return ValueTask.FromResult(token);
        }

        if (_provider?.Invoke() is { } provider)
        {
            return provider.GetAccessTokenAsync(forceRefresh, cancellationToken);
        }

        throw new InvalidOperationException("No access token is configured.");
    }
}
