using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Testing.Talkdesk;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Talkdesk;

public class OAuth_client_credentials_get_cache_and_refresh_tokens
{
    private static TestHost StartWithCredentials(TestClock? clock = null) => TestHost.Start(clock, talkdeskOAuth: true);

    [Fact]
    public async Task The_token_request_uses_Basic_auth_and_the_documented_form()
    {
        using var host = StartWithCredentials();

        await host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId);

        var token = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskToken));
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TalkdeskFake.ClientId}:{TalkdeskFake.ClientSecret}")), token.Header("Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", token.Header("Content-Type"));
        Assert.Equal("grant_type=client_credentials&scope=record-lists%3Amanage", token.BodyText());
        var api = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList));
        Assert.StartsWith("Bearer td_tok_", api.Header("Authorization"));
    }

    [Fact]
    public async Task A_token_is_reused_until_shortly_before_it_expires()
    {
        var clock = new TestClock();
        using var host = StartWithCredentials(clock);
        host.Harness.Talkdesk.TokenLifetime = TimeSpan.FromMinutes(10);
        var listId = host.Harness.Talkdesk.DefaultRecordListId;

        await host.Talkdesk.GetRecordListAsync(listId);
        await host.Talkdesk.GetRecordListAsync(listId);
        clock.Advance(TimeSpan.FromMinutes(8));
        await host.Talkdesk.GetRecordListAsync(listId);
        Assert.Equal(1, host.Harness.Talkdesk.TokenRequests);

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await host.Talkdesk.GetRecordListAsync(listId);
        Assert.Equal(2, host.Harness.Talkdesk.TokenRequests);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        using var host = StartWithCredentials();
        var listId = host.Harness.Talkdesk.DefaultRecordListId;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => host.Talkdesk.GetRecordListAsync(listId)));

        Assert.Equal(1, host.Harness.Talkdesk.TokenRequests);
        Assert.Equal(16, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskGetRecordList));
    }

    [Fact]
    public async Task A_revoked_token_is_refreshed_once_on_401()
    {
        var clock = new TestClock();
        using var host = StartWithCredentials(clock);
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        await host.Talkdesk.GetRecordListAsync(listId);
        host.Harness.Talkdesk.RevokeIssuedTokens();
        clock.Advance(TimeSpan.FromSeconds(10));

        var list = await host.Talkdesk.GetRecordListAsync(listId);

        Assert.Equal(listId, list.Id);
        Assert.Equal(2, host.Harness.Talkdesk.TokenRequests);
        var reads = host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList);
        Assert.Equal([200, 401, 200], reads.Select(r => r.ResponseStatus));
    }

    [Fact]
    public async Task Wrong_client_credentials_give_a_clear_error_without_the_secret()
    {
        using var host = TestHost.Start(services: s => s.PostConfigure<UploadClientsOptions>(o =>
        {
            o.Talkdesk.AccessToken = null;
            o.Talkdesk.ClientId = "someone";
            o.Talkdesk.ClientSecret = "not-the-secret-123456";
        }));
        host.Services.GetRequiredService<IOptions<UploadClientsOptions>>().Value.Talkdesk.TokenEndpoint = host.Harness.Talkdesk.TokenEndpoint;

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.GetRecordListAsync("rl_x"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("get an access token", ex.Message);
        Assert.DoesNotContain("not-the-secret-123456", ex.ToString());
    }

    [Theory]
    [InlineData(TalkdeskRegion.Us, "https://api.talkdeskapp.com/", "https://acme.talkdeskid.com/oauth/token")]
    [InlineData(TalkdeskRegion.Eu, "https://api.talkdeskapp.eu/", "https://acme.talkdeskid.eu/oauth/token")]
    [InlineData(TalkdeskRegion.Ca, "https://api.talkdeskappca.com/", "https://acme.talkdeskidca.com/oauth/token")]
    public void Region_sets_the_API_base_and_the_token_host_together(TalkdeskRegion region, string api, string token)
    {
        var options = new TalkdeskOptions { Region = region, AccountName = "acme", ClientId = "c", ClientSecret = "s" };

        Assert.Equal(new Uri(api), options.BaseAddress);
        Assert.Equal(new Uri(token), options.EffectiveTokenEndpoint);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Missing_credentials_name_the_settings()
    {
        using var services = new ServiceCollection().AddUploadClients(_ => { }).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ITalkdeskClient>());

        Assert.Contains("UploadClients:Talkdesk:AccessToken is not set", ex.Message);
        Assert.Contains("UploadClients:Talkdesk:ClientId", ex.Message);
        var noAccount = new TalkdeskOptions { ClientId = "c", ClientSecret = "s" }.Validate();
        Assert.Contains("UploadClients:Talkdesk:AccountName", Assert.Single(noAccount));
    }

    [Fact]
    public void Options_print_no_secrets()
    {
        var options = new TalkdeskOptions
        {
            AccessToken = "td-secret-access-token",
            ClientSecret = "td-client-secret-value",
            BaseAddress = new Uri("https://api.talkdeskapp.eu/?X-Signature=td-signed-query"),
        };

        // The exact text: it fails when ToString falls back to object.ToString or stops redacting the address.
        Assert.Equal("TalkdeskOptions { BaseAddress = https://api.talkdeskapp.eu/?***, credentials redacted }", options.ToString());
        Assert.DoesNotContain("td-secret-access-token", options.ToString());
        Assert.DoesNotContain("td-client-secret-value", options.ToString());
    }

    [Fact]
    public async Task The_client_without_DI_uses_client_credentials_end_to_end()
    {
        using var harness = UploadClientsHarness.Start();
        var options = new TalkdeskOptions();
        harness.ConfigureClientCredentials(options);
        var client = new TalkdeskClient(options);

        var list = await client.GetRecordListAsync(harness.Talkdesk.DefaultRecordListId);

        Assert.Equal(harness.Talkdesk.DefaultRecordListId, list.Id);
        Assert.Equal(1, harness.Talkdesk.TokenRequests);
    }
}
