using System.Text;
using BenchmarkDotNet.Attributes;
using UploadClients.OptimalDial;

namespace UploadClients.Benchmarks;

/// <summary>
/// 5c. What the drift scan while working (WorkingDrift, issue 34) adds to reading a status answer: the
/// documented Upload read into the model as the SDK reads it, with and without the scan of its
/// top-level members. Run with StatusGetClientSide in one run for the raw-HttpClient baseline.
/// </summary>
[MemoryDiagnoser]
public class DriftScan
{
    private byte[] _body = null!;
    private ProviderHttp _http = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(Sink.UploadJson);
        _http = new ProviderHttp("OptimalDial", OptimalDialErrors.Instance, () => [], TimeProvider.System);
    }

    [Benchmark(Baseline = true)]
    public OptimalDialUpload? Read() => System.Text.Json.JsonSerializer.Deserialize(_body, OptimalDialJsonContext.Default.OptimalDialUpload);

    [Benchmark]
    public OptimalDialUpload? ReadAndScan()
    {
        var upload = System.Text.Json.JsonSerializer.Deserialize(_body, OptimalDialJsonContext.Default.OptimalDialUpload);
        WorkingDrift.Observe(_http, typeof(OptimalDialUpload), _body);
        return upload;
    }

    [Benchmark]
    public void ScanOnly() => WorkingDrift.Observe(_http, typeof(OptimalDialUpload), _body);
}
