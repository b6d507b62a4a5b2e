// UploadClients benchmarks (BenchmarkDotNet). Each class pairs the SDK with its hand-written
// baseline, measured in the same run against the same in-process Kestrel sink.
//
//   dotnet run -c Release --project tests/UploadClients.Benchmarks -- --filter '*'            full run
//   dotnet run -c Release --project tests/UploadClients.Benchmarks -- --filter '*' --quick    a few minutes
//   dotnet run -c Release --project tests/UploadClients.Benchmarks -- --alloc-profile         where a status GET's bytes go
//   dotnet run -c Release --project tests/UploadClients.Benchmarks -- --plot                  docs/benchmarks-scaling.svg from the last run
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

if (args.Contains("--alloc-profile"))
{
    await UploadClients.Benchmarks.StatusGetClientSide.ProfileAsync(20_000);
    return;
}

if (args.Length > 0 && args[0] == "--plot")
{
    UploadClients.Benchmarks.Plot.Write(args.ElementAtOrDefault(1) ?? "BenchmarkDotNet.Artifacts/results", args.ElementAtOrDefault(2) ?? "docs/benchmarks-scaling.svg");
    return;
}

var quick = args.Contains("--quick");
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
if (quick)
{
    config = config.AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithId("Quick"));
}

BenchmarkSwitcher.FromAssembly(typeof(UploadClients.Benchmarks.Sink).Assembly).Run([.. args.Where(a => a != "--quick")], config);
