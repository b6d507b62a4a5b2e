using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

/// <summary>Many requests refused at once for one expired token cause one forced refresh, not one each.</summary>
public class One_refresh_per_expired_token
{
    /// <summary>A token service: hands out its current token, mints a new one (accepted by the harness) on a forced refresh.</summary>
    private sealed class IssuingTokens(Action<string> accept) : IUploadAccessTokenProvider
    {
        private readonly Lock _lock = new();
        private string _current = "expired-token-0";
        private int _forced;

        public int Forced => Volatile.Read(ref _forced);

        public async ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (!forceRefresh)
            {
                lock (_lock)
                {
                    return _current;
                }
            }

            var n = Interlocked.Increment(ref _forced);
            await Task.Yield(); // a real token service answers later, while other callers are refused too
            var fresh = $"fresh-token-{n}";
            accept(fresh);
            lock (_lock)
            {
                _current = fresh;
            }

            return fresh;
        }
    }

    /// <summary>A host whose <paramref name="provider"/> gets its tokens from an <see cref="IssuingTokens"/> the harness trusts.</summary>
    private static (TestHost Host, IssuingTokens Tokens) Start(Func<UploadClientsOptions, UploadProviderOptions> provider, Func<UploadClientsHarness, Action<string>> accept)
    {
        Action<string>? trust = null;
        var tokens = new IssuingTokens(t => trust!(t));
        var host = TestHost.Start(configure: o =>
        {
            switch (provider(o))
            {
                case UploadClients.OrbitSearch.OrbitSearchOptions orbit:
                    orbit.AccessToken = null;
                    orbit.TokenProvider = tokens;
                    break;
                case TalkdeskOptions talkdesk:
                    talkdesk.AccessToken = null;
                    talkdesk.TokenProvider = tokens;
                    break;
            }
        });
        trust = accept(host.Harness);
        return (host, tokens);
    }

    [Fact]
    public async Task Fifty_concurrent_OrbitSearch_calls_after_an_expiry_ask_the_token_provider_once()
    {
        var (host, tokens) = Start(o => o.OrbitSearch, h => h.OrbitSearch.AcceptToken);
        using var disposeHost = host;
        var orbit = host.Harness.OrbitSearch;

        var calls = Enumerable.Range(0, 50).Select(_ => host.OrbitSearch.GetDirectoryReadinessAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId)).ToList();
        await Task.WhenAll(calls);

        Assert.Equal(1, tokens.Forced);
        var sent = host.Harness.Journal.For(HarnessEndpoint.OrbitSearchGetReadiness);
        Assert.Equal(100, sent.Count); // each call: refused once, repeated once
        Assert.Equal(50, sent.Count(e => e.Header("Authorization") == "Bearer fresh-token-1"));
    }

    [Fact]
    public async Task Fifty_concurrent_Talkdesk_calls_with_a_token_provider_ask_it_once()
    {
        var (host, tokens) = Start(o => o.Talkdesk, h => h.Talkdesk.AcceptToken);
        using var disposeHost = host;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId)));

        Assert.Equal(1, tokens.Forced);
        Assert.Equal(100, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskGetRecordList));
    }

    [Fact]
    public async Task Fifty_concurrent_Talkdesk_calls_after_the_OAuth_token_is_revoked_fetch_one_token()
    {
        using var host = TestHost.Start(talkdeskOAuth: true);
        await host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId);
        Assert.Equal(1, host.Harness.Talkdesk.TokenRequests);
        host.Harness.Talkdesk.RevokeIssuedTokens();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId)));

        var tokenRequests = host.Harness.Journal.For(HarnessEndpoint.TalkdeskToken);
        Assert.True(host.Harness.Talkdesk.TokenRequests == 2, "token requests: " + string.Join(", ", tokenRequests.Select(e => $"{e} at {e.ReceivedAt:HH:mm:ss.fff}")) +
            "; reads: " + string.Join(", ", host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList).GroupBy(e => (e.ResponseStatus, e.Header("Authorization")![^6..])).Select(g => $"{g.Key} x{g.Count()}")));
    }

    [Fact]
    public async Task A_request_refused_with_a_token_older_than_the_last_refresh_is_repeated_without_another_refresh()
    {
        var (host, tokens) = Start(o => o.OrbitSearch, h => h.OrbitSearch.AcceptToken);
        using var disposeHost = host;
        var orbit = host.Harness.OrbitSearch;
        await host.OrbitSearch.GetDirectoryReadinessAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId);
        host.Harness.OrbitSearch.RevokeToken("fresh-token-1");

        await host.OrbitSearch.GetDirectoryReadinessAsync(orbit.DefaultOrganizationId, orbit.DefaultDirectoryId);

        // fresh-token-1 was the newest when it was refused: one more refresh, and only one.
        Assert.Equal(2, tokens.Forced);
    }
}

/// <summary>The token source's own rule, step by step: a get that overlapped a refresh is never taken for the newest token.</summary>
public class A_token_read_during_a_refresh_is_not_taken_for_the_newest
{
    /// <summary>Each call waits until the test answers it.</summary>
    private sealed class ScriptedTokens : IUploadAccessTokenProvider
    {
        public Queue<TaskCompletionSource<string>> Plain { get; } = new();

        public Queue<TaskCompletionSource<string>> Forced { get; } = new();

        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (this)
            {
                (forceRefresh ? Forced : Plain).Enqueue(answer);
            }

            return new ValueTask<string>(answer.Task);
        }
    }

    [Fact]
    public async Task A_stale_token_returned_after_the_refresh_ended_does_not_cause_a_second_refresh()
    {
        var tokens = new ScriptedTokens();
        var source = AccessTokenSource.FixedOrProvider(() => null, () => tokens);

        var first = source.GetAsync(CancellationToken.None).AsTask();
        tokens.Plain.Dequeue().SetResult("token-1");
        Assert.Equal("token-1", await first);

        var refresh = source.RefreshAsync("token-1", CancellationToken.None);   // token-1 was refused
        var during = source.GetAsync(CancellationToken.None).AsTask();          // a request starts meanwhile
        tokens.Forced.Dequeue().SetResult("token-2");
        Assert.Equal("token-2", await refresh);
        tokens.Plain.Dequeue().SetResult("token-1");                             // its answer: the cache's old token
        Assert.Equal("token-1", await during);

        // That request is refused with token-1: token-2 is newer, so no second refresh (the answer is
        // at hand; a second refresh would wait for the provider, which this test never answers).
        var again = source.RefreshAsync("token-1", CancellationToken.None);
        Assert.Equal(1, source.Refreshes);
        Assert.Empty(tokens.Forced);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal("token-2", await again);
    }
}
