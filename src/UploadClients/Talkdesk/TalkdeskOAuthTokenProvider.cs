using System.Net.Http.Headers;
using System.Text;

namespace UploadClients.Talkdesk;

/// <summary>
/// OAuth 2 client credentials for Talkdesk: POSTs <c>grant_type=client_credentials</c> and the
/// scope to the account's token endpoint with HTTP Basic <c>client_id:client_secret</c>, caches the
/// token until shortly before <c>expires_in</c>, and makes concurrent callers share one fetch and its outcome.
/// </summary>
internal sealed class TalkdeskOAuthTokenProvider : IUploadAccessTokenProvider
{
    /// <summary>A token is renewed this long before it expires (or at half its life, if shorter).</summary>
    internal static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    private readonly TalkdeskOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ProviderHttp _calls;
    private readonly Lock _fetchLock = new();
    private Task<string>? _fetch;
    // An immutable object in a volatile field: a reader outside the lock sees a whole token or none
    // (a nullable tuple of three fields can be read torn while another caller writes it).
    private volatile CachedToken? _current;

    internal TalkdeskOAuthTokenProvider(TalkdeskOptions options, HttpClient http, TimeProvider time)
    {
        _options = options;
        _http = http;
        _time = time;
        _calls = new ProviderHttp(options.ProviderName, TalkdeskErrors.Instance, () => options.Secrets, time, account: options.Account).SuccessBodiesHoldSecrets();
    }

    public async ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (Usable(forceRefresh) is { } cached)
        {
            return cached;
        }

        Task<string> fetch;
        lock (_fetchLock)
        {
            // Another caller may have fetched one while this one waited for the lock.
            if (Usable(forceRefresh) is { } fresh)
            {
                return fresh;
            }

            // Callers share the fetch in flight and its outcome, a failure included: ten callers
            // against a failing endpoint make one fetch, not ten in a row. A fetch that has ended
            // (failed) is not reused: the next caller starts another.
            if (_fetch is not { IsCompleted: false })
            {
                _fetch = FetchAsync(CancellationToken.None);

                // Every waiter may have stopped waiting (cancelled) before a failure arrives: observe it.
                _fetch.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            fetch = _fetch;
        }

        // Each caller stops waiting when its own token fires; the shared fetch runs on (bounded by
        // the pipeline's timeouts) for the others.
        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private string? Usable(bool forceRefresh)
    {
        var now = _time.GetUtcNow();
        // A forced refresh always fetches: the client's token source (AccessTokenSource) already makes
        // the requests refused with one token share one refresh, and a token revoked moments after it
        // was fetched must still be replaced.
        return _current is { } c && !forceRefresh && now < c.RenewAt ? c.Token : null;
    }

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        _ = _options.EffectiveTokenEndpoint ?? throw new InvalidOperationException("No Talkdesk token endpoint is configured.");
        var wire = await _calls.SendAsync(
            "GetAccessToken",
            "get an access token",
            ct => SendAndDisposeAsync(TokenRequest(_options), ct),
            TalkdeskJsonContext.Default.TokenWire,
            cancellationToken).ConfigureAwait(false);
        Redactor.Register(wire.AccessToken);
        var now = _time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(wire.ExpiresIn is > 0 ? wire.ExpiresIn.Value : 300);
        var margin = lifetime / 2 < RenewBefore ? lifetime / 2 : RenewBefore;
        _current = new CachedToken(wire.AccessToken, now + lifetime - margin);
        return wire.AccessToken;
    }

    /// <summary>The documented token request (cc-basic): HTTP Basic client_id:client_secret, the client-credentials form with the scope.</summary>
    internal static HttpRequestMessage TokenRequest(TalkdeskOptions options)
    {
        var endpoint = options.EffectiveTokenEndpoint ?? throw new InvalidOperationException("No Talkdesk token endpoint is configured.");
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", options.Scope)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}")));

        // A token request creates nothing: safe to repeat after a transient failure.
        request.Options.Set(UploadResilience.IdempotentRequest, true);
        return request;
    }

    private async Task<HttpResponseMessage> SendAndDisposeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A fetched token and its times (a class, not a record: nothing prints the token).</summary>
    private sealed class CachedToken(string token, DateTimeOffset renewAt)
    {
        public string Token { get; } = token;

        public DateTimeOffset RenewAt { get; } = renewAt;
    }
}
