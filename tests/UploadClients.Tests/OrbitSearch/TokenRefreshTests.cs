using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OrbitSearch;
using UploadClients.Testing;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OrbitSearch;

public class Expiring_tokens_are_refreshed_once_when_refused
{
    private sealed class RotatingTokens(params string[] tokens) : IUploadAccessTokenProvider
    {
        private int _index;

        public List<bool> Calls { get; } = [];

        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(forceRefresh);
                if (forceRefresh)
                {
                    _index = Math.Min(_index + 1, tokens.Length - 1);
                }

                return ValueTask.FromResult(tokens[_index]);
            }
        }
    }

    private static TestHost Start(IUploadAccessTokenProvider provider) => TestHost.Start(configure: o =>
    {
        o.OrbitSearch.AccessToken = null;
        o.OrbitSearch.TokenProvider = provider;
    });

    [Fact]
    public async Task A_refused_token_is_replaced_and_the_request_repeated_once()
    {
        var tokens = new RotatingTokens("expired-token-1", "fresh-token-2");
        using var host = Start(tokens);
        host.Harness.OrbitSearch.AcceptToken("fresh-token-2");

        var result = await host.OrbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(5),
        });

        Assert.Equal([false, true], tokens.Calls);
        var sent = host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv);
        Assert.Equal(["Bearer expired-token-1", "Bearer fresh-token-2"], sent.Select(e => e.Header("Authorization")));
        Assert.Equal(sent[0].FormField("idempotency_key"), sent[1].FormField("idempotency_key"));
        Assert.False(result.IsIdempotent);
    }

    [Fact]
    public async Task A_second_refusal_is_reported_not_retried_again()
    {
        var tokens = new RotatingTokens("bad-1", "bad-2", "bad-3");
        using var host = Start(tokens);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetSourceAsync(Guid.NewGuid(), Guid.NewGuid(), "src_x"));

        // OrbitSearch documents 403 invalid_api_key for a malformed, revoked, expired or unknown key.
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("invalid_api_key", ex.ErrorCode);
        Assert.Contains("TokenProvider", ex.Message);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchGetSourceStatus));
        Assert.DoesNotContain("bad-2", ex.ToString());
    }

    [Fact]
    public async Task A_spent_non_seekable_body_is_not_re_sent_with_a_fresh_token()
    {
        var tokens = new RotatingTokens("expired-token-1", "fresh-token-2");
        using var host = Start(tokens);
        host.Harness.OrbitSearch.AcceptToken("fresh-token-2");

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
            File = UploadFile.FromStream(new ForwardOnlyStream(TestCsv.Contacts(5000)), "pipe.csv"),
        }));

        // The body was read once; a repeat would send nothing or half of it. The refusal is reported.
        Assert.Equal("invalid_api_key", ex.ErrorCode);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchUploadCsv));
        Assert.Equal([false], tokens.Calls);
    }

    [Fact]
    public async Task A_401_is_a_refresh_signal_too()
    {
        var tokens = new RotatingTokens("first-token-1", "fresh-token-2");
        using var host = Start(tokens);
        host.Harness.OrbitSearch.AcceptToken("first-token-1");
        host.Harness.OrbitSearch.AcceptToken("fresh-token-2");
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetReadiness, HarnessFault.Status(401, """{"status":"failed","error":{"code":"missing_api_key","message":"No Authorization: Bearer header was provided."}}"""));

        await host.OrbitSearch.GetDirectoryReadinessAsync(host.Harness.OrbitSearch.DefaultOrganizationId, host.Harness.OrbitSearch.DefaultDirectoryId);

        Assert.Equal([false, true], tokens.Calls);
        Assert.Equal(["Bearer first-token-1", "Bearer fresh-token-2"], host.Harness.Journal.For(HarnessEndpoint.OrbitSearchGetReadiness).Select(e => e.Header("Authorization")));
    }

    [Fact]
    public async Task A_403_for_a_missing_scope_is_reported_without_a_refresh()
    {
        var tokens = new RotatingTokens("scoped-token-1", "scoped-token-2");
        using var host = Start(tokens);
        host.Harness.OrbitSearch.AcceptToken("scoped-token-1");
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetReadiness, HarnessFault.Status(403, """{"status":"failed","error":{"code":"missing_api_key_scope","message":"The key does not include the scope required for this endpoint."}}"""));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetDirectoryReadinessAsync(host.Harness.OrbitSearch.DefaultOrganizationId, host.Harness.OrbitSearch.DefaultDirectoryId));

        Assert.Equal("missing_api_key_scope", ex.ErrorCode);
        Assert.Contains("scope", ex.Message);
        Assert.Equal([false], tokens.Calls);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchGetReadiness));
    }

    [Fact]
    public async Task A_fixed_token_is_not_retried_when_refused()
    {
        using var host = TestHost.Start(configure: o => o.OrbitSearch.AccessToken = "wrong-fixed-token");

        await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetSourceAsync(Guid.NewGuid(), Guid.NewGuid(), "src_x"));

        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchGetSourceStatus));
    }

    [Fact]
    public void Neither_token_nor_provider_fails_on_resolution_naming_the_setting()
    {
        using var services = new ServiceCollection().AddUploadClients(o => o.OrbitSearch.AccessToken = null).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOrbitSearchClient>());

        Assert.Contains("UploadClients:OrbitSearch:AccessToken is not set", ex.Message);
    }

    [Fact]
    public async Task The_client_works_without_DI_too()
    {
        using var harness = UploadClientsHarness.Start();
        var client = new OrbitSearchClient(harness.CreateOrbitSearchOptions());

        var result = await client.UploadCsvAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(3),
        });

        Assert.Equal(3, result.Accepted);
        Assert.Equal("Bearer " + OrbitSearchFake.AccessToken, harness.Journal.Entries.Single().Header("Authorization"));
    }
}
