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

    [Fact]
    public void No_source_file_is_over_600_lines_so_each_flow_reads_in_a_file_of_its_own()
    {
        var root = Repository.Root;
        var tooLong = new[] { "src", "tests", "samples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(file => (File: Path.GetRelativePath(root, file), Lines: File.ReadLines(file).Count()))
            .Where(f => f.Lines > 600)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();

        // Before the split: TalkdeskClient.cs 1,047, TalkdeskFake.cs 765, OptimalDialFake.cs 754, OptimalDialClient.cs 699.
        Assert.Empty(tooLong);
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

/// <summary>
/// Each provider's API is an internal Refit interface generated at build time, on the pipeline client:
/// the base address's path is kept, ids are escaped, and only a request marked idempotent is a POST
/// the retry step may repeat.
/// </summary>
public class Requests_built_by_the_provider_interfaces
{
    /// <summary>Answers 200 and keeps each request as sent (its URI and options).</summary>
    private sealed class Recorder : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request });
        }
    }

    [Theory]
    [InlineData("https://gw.example.com", "https://gw.example.com/record-lists/a%2Fb/upload-requests")]
    [InlineData("https://gw.example.com/", "https://gw.example.com/record-lists/a%2Fb/upload-requests")]
    [InlineData("https://gw.example.com/talkdesk", "https://gw.example.com/talkdesk/record-lists/a%2Fb/upload-requests")]
    [InlineData("https://gw.example.com/talkdesk/", "https://gw.example.com/talkdesk/record-lists/a%2Fb/upload-requests")]
    public async Task The_base_address_path_is_kept_and_ids_are_escaped(string baseAddress, string expected)
    {
        var recorder = new Recorder();
        using var client = new HttpClient(recorder) { BaseAddress = new Uri(baseAddress) };
        var api = ProviderApi.For<UploadClients.Talkdesk.ITalkdeskApi>(client);
        using var body = new StringContent("{}");

        using var response = await api.CreateUploadRequestAsync("a/b", body, CancellationToken.None);

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal(expected, sent.RequestUri!.AbsoluteUri);
        Assert.False(UploadResilience.IsSafeToRepeat(sent));
    }

    [Fact]
    public async Task Only_a_request_marked_idempotent_is_a_POST_the_retry_step_may_repeat()
    {
        var recorder = new Recorder();
        using var client = new HttpClient(recorder) { BaseAddress = new Uri("https://api.example.com") };
        using var body = new StringContent("{}");

        using var marked = await ProviderApi.For<UploadClients.OrbitSearch.IOrbitSearchApi>(client).UploadCsvAsync(Guid.NewGuid(), Guid.NewGuid(), body, idempotent: true, CancellationToken.None);
        using var plain = await ProviderApi.For<UploadClients.OptimalDial.IOptimalDialApi>(client).CreateUploadAsync(body, CancellationToken.None);

        Assert.True(UploadResilience.IsSafeToRepeat(recorder.Requests[0]));
        Assert.False(UploadResilience.IsSafeToRepeat(recorder.Requests[1]));
    }

    [Fact]
    public async Task A_status_answer_is_returned_as_it_is_and_a_transport_failure_is_not_wrapped()
    {
        using var failing = new HttpClient(new Failing()) { BaseAddress = new Uri("https://api.example.com") };
        var api = ProviderApi.For<UploadClients.OptimalDial.IOptimalDialApi>(failing);

        // Refit would wrap it in its ApiRequestException; the facade tells a refused connection from the rest by its type.
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => api.GetUploadAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
    }

    private sealed class Failing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
    }
}
