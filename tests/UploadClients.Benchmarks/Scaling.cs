using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;

namespace UploadClients.Benchmarks;

/// <summary>S1. One upload of 1, 10 and 100 MB: wall time and allocations (flat memory: the file is streamed).</summary>
[MemoryDiagnoser]
public class ScalingUploadSize : SinkBenchmark
{
    private string _path = null!;

    [Params(1, 10, 100)]
    public int Megabytes { get; set; }

    protected override Task SetupMoreAsync()
    {
        _path = Files.Csv((Megabytes * 1024L * 1024) - 4096);
        return Task.CompletedTask;
    }

    [Benchmark(Baseline = true)]
    public async Task<OptimalDialUpload?> RawHttpClient()
    {
        using var content = RawMultipart(_path, ("phone_column", "phone"), ("skip_mobile_lookup", "false"));
        using var response = await Raw.PostAsync("api/v1/uploads", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BaselineJson.Default.OptimalDialUpload);
    }

    [Benchmark]
    public Task<OptimalDialUpload> Sdk() =>
        OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromPath(_path), PhoneColumn = "phone" });
}

/// <summary>S2. 1, 16, 64 and 256 uploads of 1 MB at once through one client: throughput against the same raw POSTs at once.</summary>
[MemoryDiagnoser]
public class ScalingConcurrentUploads : SinkBenchmark
{
    private string _path = null!;

    [Params(1, 16, 64, 256)]
    public int Concurrent { get; set; }

    protected override Task SetupMoreAsync()
    {
        _path = Files.Csv((1024L * 1024) - 4096);
        return Task.CompletedTask;
    }

    [Benchmark(Baseline = true)]
    public Task RawHttpClient() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
    {
        using var content = RawMultipart(_path, ("phone_column", "phone"), ("skip_mobile_lookup", "false"));
        using var response = await Raw.PostAsync("api/v1/uploads", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BaselineJson.Default.OptimalDialUpload);
    }));

    [Benchmark]
    public Task Sdk() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ =>
        OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromPath(_path), PhoneColumn = "phone" })));
}

/// <summary>
/// S3. 10,000 polls of one upload, client side (a <see cref="CannedHandler"/> that answers
/// "validating" 9,999 times, then "completed"; delays on a clock that fires at once): the SDK's
/// <c>WaitForUploadAsync</c> against a hand-written loop of GET and Task.Delay on the same clock.
/// Allocated ÷ 10,000 is the cost of a poll; <c>--alloc-profile</c> shows it does not grow.
/// </summary>
[MemoryDiagnoser]
public class ScalingTenThousandPolls
{
    internal const int Polls = 10_000;
    private static readonly PollingOptions Polling = new() { InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromHours(1) };
    private ServiceProvider _services = null!;
    private IOptimalDialClient _sdk = null!;
    private HttpClient _raw = null!;
    private ScriptedHandler _sdkHandler = null!;
    private ScriptedHandler _rawHandler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sdkHandler = new ScriptedHandler();
        _rawHandler = new ScriptedHandler();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(InstantClock.Instance).AddUploadClients(o => o.OptimalDial.ApiKey = "od_live_benchmark_key");
        services.AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName).ConfigurePrimaryHttpMessageHandler(() => _sdkHandler);
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IOptimalDialClient>();
        _raw = new HttpClient(_rawHandler) { BaseAddress = OptimalDialOptions.DefaultBaseAddress };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "od_live_benchmark_key");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<OptimalDialUpload?> RawHttpClient()
    {
        _rawHandler.Reset();
        while (true)
        {
            var upload = await _raw.GetFromJsonAsync($"api/v1/uploads/{StatusGetClientSide.Id}", BaselineJson.Default.OptimalDialUpload);
            if (upload!.Status == OptimalDialUploadStatus.Completed || upload.Status == OptimalDialUploadStatus.Failed)
            {
                return upload;
            }

            await Task.Delay(Polling.InitialDelay, InstantClock.Instance);
        }
    }

    [Benchmark]
    public Task<OptimalDialUpload> Sdk()
    {
        _sdkHandler.Reset();
        return _sdk.WaitForUploadAsync(StatusGetClientSide.Id, Polling);
    }

    /// <summary>Bytes allocated per poll in each block of 1,000 polls of one wait (flat: a wait holds no growing state).</summary>
    public static async Task<string> GrowthAsync()
    {
        var bench = new ScalingTenThousandPolls();
        bench.Setup();
        await bench.Sdk(); // warm
        var marks = new long[Polls / 1_000];
        bench._sdkHandler.Marks = marks;
        var start = GC.GetTotalAllocatedBytes(precise: true);
        await bench.Sdk();
        bench.Cleanup();
        var perPoll = marks.Select((m, i) => (m - (i == 0 ? start : marks[i - 1])) / 1_000);
        return "10,000 polls of one wait (WaitForUploadAsync), bytes per poll in each block of 1,000: " + string.Join(", ", perPoll.Select(b => b.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Answers the documented Upload, "validating" until the 10,000th request of a run, then "completed".</summary>
    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        private static readonly byte[] Validating = Encoding.UTF8.GetBytes(Sink.UploadJson);
        private static readonly byte[] Completed = Encoding.UTF8.GetBytes(Sink.UploadJson.Replace("\"validating\"", "\"completed\"", StringComparison.Ordinal));
        private static readonly MediaTypeHeaderValue Json = new("application/json");
        private int _count;

        public int Count => Volatile.Read(ref _count);

        /// <summary>When set, the process's allocated bytes at every 1,000th request (for <c>--alloc-profile</c>).</summary>
        public long[]? Marks { get; set; }

        public void Reset() => Volatile.Write(ref _count, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var count = Interlocked.Increment(ref _count);
            if (Marks is { } marks && count % 1_000 == 0 && count / 1_000 <= marks.Length)
            {
                marks[(count / 1_000) - 1] = GC.GetTotalAllocatedBytes(precise: true);
            }

            var content = new ByteArrayContent(count >= Polls ? Completed : Validating);
            content.Headers.ContentType = Json;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A clock whose timers fire at once (on the thread pool): the waits cost their machinery, not their time.</summary>
    internal sealed class InstantClock : TimeProvider
    {
        public static readonly InstantClock Instance = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Fired();
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
            }

            return timer;
        }

        private sealed class Fired : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// S4. A 100,000-row CSV (about 4.6 MB) through the checks made before an upload: the header check
/// and the MD5, against StreamReader.ReadLine and MD5.HashData over the same file. Bytes read are
/// printed at the end (the header check reads one buffer, the MD5 the file once).
/// </summary>
[MemoryDiagnoser]
public class ScalingCsv100kRows
{
    private string _path = null!;
    private long _sdkBytes;
    private long _rawBytes;

    [GlobalSetup]
    public void Setup() => _path = Files.Rows(100_000);

    [GlobalCleanup]
    public void Report()
    {
        // BenchmarkDotNet runs each method in a process of its own: each reports its own count.
        var length = new FileInfo(_path).Length;
        if (_sdkBytes > 0)
        {
            Console.WriteLine($"// bytes read for the header check and the MD5 of a {length:N0}-byte, 100,000-row file: SDK {_sdkBytes:N0}");
        }

        if (_rawBytes > 0)
        {
            Console.WriteLine($"// bytes read for the header check and the MD5 of a {length:N0}-byte, 100,000-row file: StreamReader.ReadLine + MD5.HashData {_rawBytes:N0}");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<int> ReadLineAndMD5HashData()
    {
        long read = 0;
        string? header;
        using (var stream = new HeaderCheck100MB.Counting(File.OpenRead(_path)))
        using (var reader = new StreamReader(stream))
        {
            header = await reader.ReadLineAsync();
            read += stream.BytesRead;
        }

        using var whole = new HeaderCheck100MB.Counting(File.OpenRead(_path));
        var md5 = await MD5.HashDataAsync(whole);
        _rawBytes = read + whole.BytesRead;
        return header!.Length + md5.Length;
    }

    [Benchmark]
    public async Task<int> SdkHeaderCheckAndDigest()
    {
        using var stream = new HeaderCheck100MB.Counting(File.OpenRead(_path));
        var file = UploadFile.FromStream(stream, "rows.csv", leaveOpen: true);
        var header = await CsvHeader.ReadAsync(file, default);
        stream.Position = 0;
        var digest = await FileDigest.ComputeAsync(file, long.MaxValue, 0, default);
        _sdkBytes = stream.BytesRead;
        return header.Columns.Count + digest.Md5.Length;
    }
}

/// <summary>
/// S1b. The upload sizes of S1 counted on the client alone: both sides send to a
/// <see cref="DrainingHandler"/> that reads the whole body from memory and answers the documented
/// Upload, so the loopback server's share of the two cores (the noise of S1 and S2) is out of the figure.
/// </summary>
[MemoryDiagnoser]
public class ScalingUploadSizeClientSide
{
    private string _path = null!;
    private ServiceProvider _services = null!;
    private IOptimalDialClient _sdk = null!;
    private HttpClient _raw = null!;

    [Params(1, 10, 100)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Files.Csv((Megabytes * 1024L * 1024) - 4096);
        var services = new ServiceCollection().AddUploadClients(o =>
        {
            o.OptimalDial.ApiKey = "od_live_benchmark_key";
            o.OptimalDial.WriteRateLimit.Enabled = false; // more than 60 uploads a minute
        });
        services.AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new DrainingHandler());
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IOptimalDialClient>();
        _raw = new HttpClient(new DrainingHandler()) { BaseAddress = OptimalDialOptions.DefaultBaseAddress };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "od_live_benchmark_key");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<OptimalDialUpload?> RawHttpClient()
    {
        using var content = SinkBenchmark.RawMultipartFor(_path, ("phone_column", "phone"), ("skip_mobile_lookup", "false"));
        using var response = await _raw.PostAsync("api/v1/uploads", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BaselineJson.Default.OptimalDialUpload);
    }

    [Benchmark]
    public Task<OptimalDialUpload> Sdk() =>
        _sdk.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromPath(_path), PhoneColumn = "phone" });

    /// <summary>Reads the request body to its end with a pooled buffer (as a server would), then answers the documented Upload.</summary>
    internal sealed class DrainingHandler : HttpMessageHandler
    {
        private static readonly byte[] Body = Encoding.UTF8.GetBytes(Sink.UploadJson);
        private static readonly MediaTypeHeaderValue Json = new("application/json");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } body)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken);
            }

            var content = new ByteArrayContent(Body);
            content.Headers.ContentType = Json;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
