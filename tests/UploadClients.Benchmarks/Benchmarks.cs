using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients.Benchmarks;

/// <summary>The hand-written baselines' own source-generated JSON metadata.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OptimalDialUpload))]
[JsonSerializable(typeof(OrbitSearchCsvUploadResult))]
public sealed partial class BaselineJson : JsonSerializerContext;

/// <summary>Shared set-up: the sink, a raw HttpClient, and the SDK clients on their default pipelines.</summary>
public abstract class SinkBenchmark
{
    protected const string ApiKey = "od_live_benchmark_key";

    protected Sink Sink { get; private set; } = null!;

    protected HttpClient Raw { get; private set; } = null!;

    protected OptimalDialClient OptimalDial { get; private set; } = null!;

    protected OrbitSearchClient OrbitSearch { get; private set; } = null!;

    protected TalkdeskClient Talkdesk { get; private set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Sink = await Sink.StartAsync();
        Raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = Sink.Address, Timeout = Timeout.InfiniteTimeSpan };
        Raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        OptimalDial = new OptimalDialClient(new OptimalDialOptions { ApiKey = ApiKey, BaseAddress = Sink.Address, WriteRateLimit = { Enabled = false } });
        OrbitSearch = new OrbitSearchClient(new OrbitSearchOptions { AccessToken = "bench", BaseAddress = Sink.Address });
        Talkdesk = new TalkdeskClient(new TalkdeskOptions { AccessToken = "bench", BaseAddress = Sink.Address });
        await SetupMoreAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Raw.Dispose();
        await Sink.DisposeAsync();
    }

    protected virtual Task SetupMoreAsync() => Task.CompletedTask;

    protected static MultipartFormDataContent RawMultipart(string path, params (string Name, string Value)[] fields) => RawMultipartFor(path, fields);

    /// <summary>The hand-written multipart body: the file streamed with StreamContent (81,920-byte reads), and the form fields.</summary>
    internal static MultipartFormDataContent RawMultipartFor(string path, params (string Name, string Value)[] fields)
    {
        var file = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan), 81920);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var content = new MultipartFormDataContent { { file, "file", Path.GetFileName(path) } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }
}

// 1. The 100 MB upload is ScalingUploadSize with Megabytes = 100 (Scaling.cs), beside 1 and 10 MB.

/// <summary>2. An OrbitSearch upload with an idempotency key (10 MB) vs the same hand-written POST.</summary>
[MemoryDiagnoser]
public class OrbitSearchUpload10MB : SinkBenchmark
{
    private static readonly Guid Org = Guid.Parse("6f1d2c3b-4a59-4e8f-9d7c-0b1a2c3d4e5f");
    private static readonly Guid Dir = Guid.Parse("980b04a7-4f40-4dc6-b65e-1fdb686ac28a");
    private string _path = null!;

    protected override Task SetupMoreAsync()
    {
        _path = Files.Csv(10L * 1024 * 1024);
        return Task.CompletedTask;
    }

    [Benchmark(Baseline = true)]
    public async Task<OrbitSearchCsvUploadResult?> RawHttpClient()
    {
        using var content = RawMultipart(_path, ("idempotency_key", "uc-" + Guid.NewGuid().ToString("N")));
        using var response = await Raw.PostAsync($"v2/organizations/{Org}/directories/{Dir}/sources/csv-upload", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BaselineJson.Default.OrbitSearchCsvUploadResult);
    }

    [Benchmark]
    public Task<OrbitSearchCsvUploadResult> Sdk() =>
        OrbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest { OrganizationId = Org, DirectoryId = Dir, File = UploadFile.FromPath(_path) });

    /// <summary>
    /// The same upload with an operation key (a new one each time, so it is always sent): what the
    /// journal adds, the file's SHA-256 and two records flushed to disk under the key's file lock.
    /// </summary>
    [Benchmark]
    public Task<OrbitSearchCsvUploadResult> SdkWithOperationKey() =>
        _journaled.UploadCsvAsync(new OrbitSearchCsvUploadRequest { OrganizationId = Org, DirectoryId = Dir, File = UploadFile.FromPath(_path), OperationKey = "bench-" + Guid.NewGuid().ToString("N") });

    private OrbitSearchClient _journaled = null!;
    private string _journal = null!;

    [GlobalSetup(Target = nameof(SdkWithOperationKey))]
    public async Task SetupJournaledAsync()
    {
        await SetupAsync();
        _journal = Directory.CreateTempSubdirectory("uploadclients-bench-journal-").FullName;
        _journaled = new OrbitSearchClient(new OrbitSearchOptions { AccessToken = "bench", BaseAddress = Sink.Address, Journal = new FileUploadJournal(_journal) });
    }

    [GlobalCleanup(Target = nameof(SdkWithOperationKey))]
    public async Task CleanupJournaledAsync()
    {
        await CleanupAsync();
        Directory.Delete(_journal, recursive: true);
    }
}

/// <summary>3. Talkdesk: MD5 + PUT of a 20,000-byte file to a signed URL vs MD5.HashData + PutAsync.</summary>
[MemoryDiagnoser]
public class TalkdeskPut20KB : SinkBenchmark
{
    private byte[] _bytes = null!;
    private Uri _url = null!;

    protected override Task SetupMoreAsync()
    {
        _bytes = File.ReadAllBytes(Files.Csv(40_000))[..20_000];
        _url = new Uri(Sink.Address, "s3/bucket/list.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123");
        return Task.CompletedTask;
    }

    [Benchmark(Baseline = true)]
    public async Task RawHttpClient()
    {
        using var content = new ByteArrayContent(_bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Headers.ContentMD5 = MD5.HashData(_bytes);
        using var request = new HttpRequestMessage(HttpMethod.Put, _url) { Content = content };
        using var plain = await Raw.SendAsync(request);
        plain.EnsureSuccessStatusCode();
    }

    [Benchmark]
    public Task Sdk() =>
        Talkdesk.UploadToSignedUrlAsync(new TalkdeskUploadRequest { Id = "u", RecordListId = "rl", SignedUrl = _url }, UploadFile.FromBytes(_bytes, "list.csv"));
}

/// <summary>4. The SDK's streaming MD5 (one pass, pooled buffer) over 100 MB vs MD5.HashData over the same file.</summary>
[MemoryDiagnoser]
public class Md5Over100MB
{
    private string _path = null!;

    [GlobalSetup]
    public void Setup() => _path = Files.Csv((100L * 1024 * 1024) - 4096);

    [Benchmark(Baseline = true)]
    public byte[] MD5HashData()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        return MD5.HashData(stream);
    }

    [Benchmark]
    public async Task<byte[]> SdkFileDigest() => (await FileDigest.ComputeAsync(UploadFile.FromPath(_path), long.MaxValue, 0, default)).Md5;
}

/// <summary>5. One status GET: GetUploadAsync vs HttpClient + source-generated System.Text.Json.</summary>
[MemoryDiagnoser]
public class StatusGet : SinkBenchmark
{
    private static readonly Guid Id = Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a");

    [Benchmark(Baseline = true)]
    public Task<OptimalDialUpload?> RawHttpClient() => Raw.GetFromJsonAsync($"api/v1/uploads/{Id}", BaselineJson.Default.OptimalDialUpload);

    [Benchmark]
    public Task<OptimalDialUpload> Sdk() => OptimalDial.GetUploadAsync(Id);

    /// <summary>The SDK with its default options: the write limit's step is in the pipeline (a read passes it without a permit).</summary>
    [Benchmark]
    public Task<OptimalDialUpload> SdkWithWriteLimit() => _limited.GetUploadAsync(Id);

    private OptimalDialClient _limited = null!;

    /// <summary>The hand-written call sent through the SDK's handler chain (resilience + auth), to attribute the SDK's cost.</summary>
    [Benchmark]
    public Task<OptimalDialUpload?> RawThroughSdkPipeline() => _piped.GetFromJsonAsync($"api/v1/uploads/{Id}", BaselineJson.Default.OptimalDialUpload);

    private HttpClient _piped = null!;

    protected override Task SetupMoreAsync()
    {
        var options = new OptimalDialOptions { ApiKey = ApiKey, BaseAddress = Sink.Address, WriteRateLimit = { Enabled = false } };
        _piped = HttpPipeline.Create(options, AccessTokenSource.Fixed(() => ApiKey), null, TimeProvider.System, null);
        _limited = new OptimalDialClient(new OptimalDialOptions { ApiKey = ApiKey, BaseAddress = Sink.Address });
        return Task.CompletedTask;
    }
}

/// <summary>6. The header check of a 100 MB file: the SDK reads one buffer; a hand-written StreamReader.ReadLine reads one too.</summary>
[MemoryDiagnoser]
public class HeaderCheck100MB
{
    private string _path = null!;
    private long _sdkBytes;
    private long _readerBytes;

    [GlobalSetup]
    public void Setup() => _path = Files.Csv((100L * 1024 * 1024) - 4096);

    [GlobalCleanup]
    public void Report() =>
        Console.WriteLine($"// bytes read per header check of a {new FileInfo(_path).Length:N0}-byte file: SDK {_sdkBytes:N0}, StreamReader.ReadLine {_readerBytes:N0}");

    [Benchmark(Baseline = true)]
    public string? StreamReaderReadLine()
    {
        using var stream = new Counting(File.OpenRead(_path));
        using var reader = new StreamReader(stream);
        var line = reader.ReadLine();
        _readerBytes = stream.BytesRead;
        return line;
    }

    [Benchmark]
    public async Task<int> SdkCsvHeader()
    {
        using var stream = new Counting(File.OpenRead(_path));
        var header = await CsvHeader.ReadAsync(UploadFile.FromStream(stream, "big.csv", leaveOpen: true), default);
        _sdkBytes = stream.BytesRead;
        return header.Columns.Count;
    }

    /// <summary>A read-only stream that counts the bytes read through it.</summary>
    internal sealed class Counting(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
