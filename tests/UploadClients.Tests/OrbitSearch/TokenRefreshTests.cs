using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OrbitSearch;
using UploadClients.Testing;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OrbitSearch;

public class Expiring_tokens_are_refreshed_once_on_401
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
    public async Task A_second_401_is_reported_not_retried_again()
    {
        var tokens = new RotatingTokens("bad-1", "bad-2", "bad-3");
        using var host = Start(tokens);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetSourceAsync(Guid.NewGuid(), Guid.NewGuid(), "src_x"));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("TokenProvider", ex.Message);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchGetSourceStatus));
        Assert.DoesNotContain("bad-2", ex.ToString());
    }

    [Fact]
    public async Task A_fixed_token_is_not_retried_on_401()
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
