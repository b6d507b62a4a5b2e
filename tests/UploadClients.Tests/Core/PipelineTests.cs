using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

/// <summary>One place builds the request pipeline: DI and the non-DI constructors get the same steps.</summary>
public class One_pipeline
{
    private static readonly string[] ApiSteps = ["ResilienceHandler", "BearerTokenHandler", "BoundedResponseHandler"];
    private static readonly string[] PlainSteps = ["ResilienceHandler", "BoundedResponseHandler"];

    [Fact]
    public void DI_and_non_DI_clients_run_the_same_steps_in_the_same_order()
    {
        using var host = TestHost.Start();
        var options = host.Services.GetRequiredService<IOptions<UploadClientsOptions>>().Value;

        var di = new[]
        {
            ((OptimalDialClient)host.OptimalDial).Pipelines,
            ((OrbitSearchClient)host.OrbitSearch).Pipelines,
            ((TalkdeskClient)host.Talkdesk).Pipelines,
        };
        var direct = new[]
        {
            new OptimalDialClient(options.OptimalDial).Pipelines,
            new OrbitSearchClient(options.OrbitSearch).Pipelines,
            new TalkdeskClient(options.Talkdesk).Pipelines,
        };

        for (var provider = 0; provider < di.Length; provider++)
        {
            Assert.Equal(di[provider].Count, direct[provider].Count);
            for (var i = 0; i < di[provider].Count; i++)
            {
                var expected = i == 0 ? ApiSteps : PlainSteps;
                Assert.Equal(expected, StepsOf(di[provider][i]));
                Assert.Equal(expected, StepsOf(direct[provider][i]));
            }
        }
    }

    [Fact]
    public void A_caller_HttpClient_sits_behind_the_SDK_steps_of_the_API_client_only()
    {
        using var host = TestHost.Start();
        var options = host.Services.GetRequiredService<IOptions<UploadClientsOptions>>().Value;
        using var callers = new HttpClient();

        var pipelines = new OptimalDialClient(options.OptimalDial, callers).Pipelines;

        Assert.Equal(["ResilienceHandler", "BearerTokenHandler", "BoundedResponseHandler", "HttpClientForwardingHandler"], Chain(pipelines[0]).Select(h => h.GetType().Name));
        Assert.Equal(["ResilienceHandler", "BoundedResponseHandler", "SharedTransport"], Chain(pipelines[1]).Select(h => h.GetType().Name));
    }

    [Fact]
    public void No_provider_or_core_source_depends_on_the_DependencyInjection_folder()
    {
        var src = Path.Combine(Repository.Root, "src", "UploadClients");
        var offenders = new[] { "Core", "OptimalDial", "OrbitSearch", "Talkdesk" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(src, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => File.ReadAllText(file) is var text
                && (text.Contains("UploadClientsOptions", StringComparison.Ordinal)
                    || text.Contains("UploadClientsServiceCollectionExtensions", StringComparison.Ordinal)
                    || text.Contains("using Microsoft.Extensions.DependencyInjection", StringComparison.Ordinal)))
            .Select(file => Path.GetRelativePath(src, file))
            .ToList();

        Assert.Empty(offenders);
        Assert.True(File.Exists(Path.Combine(src, "Core", "Http", "HttpPipeline.cs")));
    }

    /// <summary>The SDK's own steps of a client's handler chain (IHttpClientFactory adds logging and lifetime handlers around them).</summary>
    private static string[] StepsOf(HttpClient client) =>
        Chain(client)
            .Where(h => h is DelegatingHandler && (h is ResilienceHandler || h.GetType().Assembly == typeof(OptimalDialClient).Assembly))
            .Select(h => h.GetType().Name)
            .ToArray();

    private static IEnumerable<HttpMessageHandler> Chain(HttpClient client)
    {
        var handler = (HttpMessageHandler?)typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(client);
        while (handler is not null)
        {
            yield return handler;
            handler = (handler as DelegatingHandler)?.InnerHandler;
        }
    }
}

/// <summary>Clients made without DI share one transport, so making many opens no sockets of their own.</summary>
public class Clients_made_without_DI
{
    [Fact]
    public async Task A_thousand_clients_share_one_transport_and_open_no_socket_each()
    {
        using var harness = UploadClients.Testing.UploadClientsHarness.Start();
        var options = new UploadClientsOptions();
        harness.Configure(options);
        var id = harness.OptimalDial.AddUpload("completed");
        var before = ConnectionsTo(harness.BaseAddress.Port);

        for (var i = 0; i < 1_000; i++)
        {
            var client = new OptimalDialClient(options.OptimalDial);
            Assert.Equal(id, (await client.GetUploadAsync(id)).Id);
        }

        // Each client owning a SocketsHttpHandler would leave 1,000 idle connections open here.
        var after = ConnectionsTo(harness.BaseAddress.Port);
        Assert.InRange(after - before, 0, 2);
        Assert.Equal(1_000, harness.Journal.Entries.Count(e => e.Path.EndsWith(id.ToString(), StringComparison.Ordinal)));
    }

    private static int ConnectionsTo(int port) =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.RemoteEndPoint.Port == port && c.State == System.Net.NetworkInformation.TcpState.Established);
}

/// <summary>Requests are built in one way for every endpoint (no Refit): the base path is kept and segments are escaped.</summary>
public class Requests_built_by_ProviderHttp
{
    [Theory]
    [InlineData("https://gw.example.com", "https://gw.example.com/record-lists/a%2Fb/upload-requests")]
    [InlineData("https://gw.example.com/", "https://gw.example.com/record-lists/a%2Fb/upload-requests")]
    [InlineData("https://gw.example.com/talkdesk", "https://gw.example.com/talkdesk/record-lists/a%2Fb/upload-requests")]
    [InlineData("https://gw.example.com/talkdesk/", "https://gw.example.com/talkdesk/record-lists/a%2Fb/upload-requests")]
    public void The_base_address_path_is_kept_and_ids_are_escaped(string baseAddress, string expected)
    {
        var http = new ProviderHttp("Talkdesk", UploadClients.Talkdesk.TalkdeskErrors.Instance, () => [], TimeProvider.System, baseAddress: new Uri(baseAddress));

        using var request = http.Request(HttpMethod.Post, "/record-lists/" + ProviderHttp.Segment("a/b") + "/upload-requests");

        Assert.Equal(expected, request.RequestUri!.AbsoluteUri);
        Assert.False(UploadResilience.IsSafeToRepeat(request));
    }

    [Fact]
    public void Only_a_request_marked_idempotent_is_a_POST_the_retry_step_may_repeat()
    {
        var http = new ProviderHttp("OrbitSearch", UploadClients.OrbitSearch.OrbitSearchErrors.Instance, () => [], TimeProvider.System, baseAddress: new Uri("https://api.example.com"));

        using var marked = http.Request(HttpMethod.Post, "/x", idempotent: true);
        using var plain = http.Request(HttpMethod.Post, "/x");

        Assert.True(UploadResilience.IsSafeToRepeat(marked));
        Assert.False(UploadResilience.IsSafeToRepeat(plain));
    }
}
