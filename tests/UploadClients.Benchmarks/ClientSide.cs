using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;

namespace UploadClients.Benchmarks;

/// <summary>
/// A handler that answers every request with the same canned response from memory: no server, no
/// socket, so a benchmark over it counts the client's own allocations only.
/// </summary>
public sealed class CannedHandler(byte[] body) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}

/// <summary>
/// 5b. One status GET counted on the client alone: the SDK resolved through AddUploadClients (default
/// options) and a hand-written HttpClient GET with source-generated System.Text.Json, both over a
/// <see cref="CannedHandler"/> answering the documented Upload.
/// </summary>
[MemoryDiagnoser]
public class StatusGetClientSide
{
    internal static readonly Guid Id = Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a");
    private const string ApiKey = "od_live_benchmark_key";
    private ServiceProvider _services = null!;
    private IOptimalDialClient _sdk = null!;
    private HttpClient _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = Encoding.UTF8.GetBytes(Sink.UploadJson);
        var services = new ServiceCollection().AddUploadClients(o => o.OptimalDial.ApiKey = ApiKey);
        services.AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new CannedHandler(body));
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IOptimalDialClient>();
        _handBuilt = new ProviderHttp("OptimalDial", OptimalDialErrors.Instance, () => [ApiKey], TimeProvider.System, null, ((OptimalDialClient)_sdk).Pipelines[0], OptimalDialOptions.DefaultBaseAddress);
        _raw = new HttpClient(new CannedHandler(body)) { BaseAddress = OptimalDialOptions.DefaultBaseAddress };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        _bare = new HttpClient(new CannedHandler(body)) { BaseAddress = OptimalDialOptions.DefaultBaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _bare.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<OptimalDialUpload?> RawHttpClient() => _raw.GetFromJsonAsync($"api/v1/uploads/{Id}", BaselineJson.Default.OptimalDialUpload);

    [Benchmark]
    public Task<OptimalDialUpload> Sdk() => _sdk.GetUploadAsync(Id);

    /// <summary>
    /// The same GET as the SDK sent it before its Refit interface (issue 33): the request built by hand
    /// (<c>$"{base}/api/v1/uploads/{id:D}"</c> in one string) and sent through the same client's pipeline
    /// and facade helper. <see cref="Sdk"/> against it is what Refit costs, measured in one run.
    /// </summary>
    [Benchmark]
    public Task<OptimalDialUpload> SdkHandBuiltRequest() =>
        _handBuilt.SendAsync(
            "GetUpload",
            "read upload " + Id.ToString("D", System.Globalization.CultureInfo.InvariantCulture),
            new HttpRequestMessage(HttpMethod.Get, new Uri($"{HandBuiltBase}/api/v1/uploads/{Id:D}", UriKind.Absolute)),
            OptimalDialJsonContext.Default.OptimalDialUpload,
            CancellationToken.None);

    private static readonly string HandBuiltBase = OptimalDialOptions.DefaultBaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
    private ProviderHttp _handBuilt = null!;

    /// <summary>The hand-written call stripped further: no Authorization header, no HttpClient timeout (a request without either is not one a real client sends).</summary>
    [Benchmark]
    public Task<OptimalDialUpload?> RawHttpClientBare() => _bare.GetFromJsonAsync($"api/v1/uploads/{Id}", BaselineJson.Default.OptimalDialUpload);

    private HttpClient _bare = null!;

    /// <summary>
    /// <c>--alloc-profile</c>: bytes per call of both, then where the SDK's bytes go, by type, from the
    /// runtime's allocation tick events (one sample per ~100 KB allocated).
    /// </summary>
    public static async Task ProfileAsync(int calls)
    {
        var bench = new StatusGetClientSide();
        bench.Setup();
        for (var i = 0; i < 2_000; i++)
        {
            await bench.Sdk();
            await bench.RawHttpClient();
        }

        long PerCall(Func<Task> call)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < calls; i++)
            {
                call().GetAwaiter().GetResult();
            }

            return (GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
        }

        var raw = PerCall(bench.RawHttpClient);
        var bare = PerCall(bench.RawHttpClientBare);
        var sdk = PerCall(bench.Sdk);
        var handBuilt = PerCall(bench.SdkHandBuiltRequest);
        Console.WriteLine($"status GET, client side, {calls:N0} calls each: raw {raw:N0} B/call, SDK {sdk:N0} B/call ({(double)sdk / raw:F2}x); raw without Authorization and timeout {bare:N0} B/call ({(double)sdk / bare:F2}x); the SDK's hand-built request (before Refit) {handBuilt:N0} B/call (Refit: {sdk - handBuilt:+#;-#;0} B, {(double)sdk / handBuilt:F3}x)");
        foreach (var (name, call) in new (string, Func<Task>)[] { ("SDK", bench.Sdk), ("SDK, hand-built request", bench.SdkHandBuiltRequest), ("raw", bench.RawHttpClient) })
        {
            using var listener = new AllocationTicks();
            for (var i = 0; i < calls * 5; i++)
            {
                call().GetAwaiter().GetResult();
            }

            listener.Dispose();
            var total = listener.ByType.Values.Sum();
            Console.WriteLine($"== {name}: {total} allocation ticks; share of bytes by type (top 40)");
            foreach (var (type, count) in listener.ByType.OrderByDescending(p => p.Value).Take(40))
            {
                Console.WriteLine($"{100.0 * count / total,6:F1}%  {type}");
            }
        }

        bench.Cleanup();
        Console.WriteLine(await ScalingTenThousandPolls.GrowthAsync());
    }

    private sealed class AllocationTicks : EventListener
    {
        public Dictionary<string, long> ByType { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
            {
                return;
            }

            var type = eventData.Payload?[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            lock (ByType)
            {
                ByType[type] = ByType.GetValueOrDefault(type) + 1;
            }
        }
    }
}
