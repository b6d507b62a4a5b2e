using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>Ids that are path steps or hold control characters are refused before any request.</summary>
public class Ids_that_would_escape_their_endpoint
{
    public static TheoryData<string> BadIds => ["", ".", "..", "a\nb", "a\u0000b"];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Are_refused_naming_the_parameter_and_nothing_is_sent(string bad)
    {
        using var host = TestHost.Start();
        var list = host.Harness.Talkdesk.DefaultRecordListId;
        var org = host.Harness.OrbitSearch.DefaultOrganizationId;
        var directory = host.Harness.OrbitSearch.DefaultDirectoryId;

        Assert.Equal("uploadRequestId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.StartValidationAsync(list, bad))).ParamName);
        Assert.Equal("uploadRequestId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.GetUploadRequestAsync(list, bad))).ParamName);
        Assert.Equal("uploadRequestId", Assert.ThrowsAny<ArgumentException>(() => { _ = host.Talkdesk.WaitForUploadRequestAsync(list, bad); }).ParamName);
        Assert.Equal("recordListId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.GetRecordListAsync(bad))).ParamName);
        Assert.Equal("sourceId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.OrbitSearch.GetSourceAsync(org, directory, bad))).ParamName);
        Assert.Equal("sourceId", Assert.ThrowsAny<ArgumentException>(() => { _ = host.OrbitSearch.WaitForSourceAsync(org, directory, bad); }).ParamName);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task A_slash_inside_an_id_stays_inside_its_segment()
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.GetRecordListAsync("rl/../x"));

        Assert.Equal("/record-lists/rl%2F..%2Fx", Assert.Single(host.Harness.Journal.Entries).Path);
    }
}

/// <summary>API calls follow no redirect, and credentials go only to the provider's host.</summary>
public class API_calls_follow_no_redirect
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_redirected_to_another_host_is_an_error_naming_it_and_the_other_host_sees_nothing(bool throughDI)
    {
        using var host = TestHost.Start();
        using var other = UploadClientsHarness.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        other.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503), times: 5);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Redirect(new Uri(other.BaseAddress, "/api/v1/uploads/" + id)));
        var options = host.Services.GetRequiredService<IOptions<UploadClientsOptions>>().Value.OptimalDial;
        var client = throughDI ? host.OptimalDial : new OptimalDialClient(options);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => client.GetUploadAsync(id));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, ex.StatusCode);
        Assert.Contains(other.BaseAddress.GetLeftPart(UriPartial.Authority), ex.Message);
        Assert.Empty(other.Journal.Entries);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task A_refreshed_token_never_reaches_a_redirect_target()
    {
        var tokens = new CountingTokens();
        using var host = TestHost.Start(configure: o =>
        {
            o.OrbitSearch.AccessToken = null;
            o.OrbitSearch.TokenProvider = tokens;
        });
        using var other = UploadClientsHarness.Start();
        var org = host.Harness.OrbitSearch.DefaultOrganizationId;
        var directory = host.Harness.OrbitSearch.DefaultDirectoryId;
        other.InjectFault(HarnessEndpoint.OrbitSearchGetSourceStatus, HarnessFault.Status(401), times: 5);
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetSourceStatus, HarnessFault.Redirect(new Uri(other.BaseAddress, $"/v2/organizations/{org}/directories/{directory}/sources/src-1/status")));

        await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetSourceAsync(org, directory, "src-1"));

        Assert.Empty(other.Journal.Entries);
        Assert.Equal([false], tokens.Calls);
    }

    [Fact]
    public async Task A_request_addressed_to_another_host_is_sent_without_credentials()
    {
        var seen = new List<string?>();
        using var invoker = new HttpMessageInvoker(new BearerTokenHandler(AccessTokenSource.Fixed(() => "od_live_secret"), new Uri("https://api.optimaldial.com"))
        {
            InnerHandler = new Capture(seen),
        });

        using var toApi = new HttpRequestMessage(HttpMethod.Get, "https://api.optimaldial.com/api/v1/uploads");
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "https://evil.example.com/api/v1/uploads");
        using var otherPort = new HttpRequestMessage(HttpMethod.Get, "https://api.optimaldial.com:8443/api/v1/uploads");
        using var plainHttp = new HttpRequestMessage(HttpMethod.Get, "http://api.optimaldial.com/api/v1/uploads");
        foreach (var request in new[] { toApi, elsewhere, otherPort, plainHttp })
        {
            (await invoker.SendAsync(request, default)).Dispose();
        }

        Assert.Equal(["Bearer od_live_secret", null, null, null], seen);
    }

    private sealed class Capture(List<string?> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    private sealed class CountingTokens : IUploadAccessTokenProvider
    {
        public List<bool> Calls { get; } = [];

        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(forceRefresh);
                return ValueTask.FromResult(forceRefresh ? "os_fresh_token_2" : UploadClients.Testing.OrbitSearch.OrbitSearchFake.AccessToken);
            }
        }
    }
}
