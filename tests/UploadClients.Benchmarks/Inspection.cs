using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace UploadClients.Benchmarks;

/// <summary>
/// I1. The offline inspection of a whole CSV (CsvInspector, OptimalDial rules) of 1, 10 and 100 MB
/// (about 49,000, 460,000 and 4.4 million rows): throughput against the cheapest read of the same
/// bytes (StreamReader.ReadLine over every line, no parsing), and allocations that must not grow with
/// the file when duplicates are not looked for.
/// </summary>
[MemoryDiagnoser]
public class InspectionThroughput
{
    private string _path = null!;

    [Params(1, 10, 100)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup() => _path = Files.PhoneRows(Megabytes * 1024L * 1024);

    [Benchmark(Baseline = true)]
    public async Task<long> StreamReaderLines()
    {
        using var reader = new StreamReader(_path, new FileStreamOptions { Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
        long lines = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            lines++;
        }

        return lines;
    }

    [Benchmark]
    public async Task<long> InspectWithoutDuplicates() =>
        (await CsvInspector.InspectAsync(UploadFile.FromPath(_path), new CsvInspectionOptions { Rules = CsvInspectionRules.OptimalDial, PhoneColumn = "phone", FindDuplicates = false })).PhoneNumbers.ValidUsCanada;

    [Benchmark]
    public async Task<long> InspectWithDuplicates() =>
        (await CsvInspector.InspectAsync(UploadFile.FromPath(_path), new CsvInspectionOptions { Rules = CsvInspectionRules.OptimalDial, PhoneColumn = "phone" })).PhoneNumbers.ValidUsCanada;
}

/// <summary>
/// I1b. The same inspection of a file with no foreign numbers (their rows are North American
/// numbers instead): every value takes the fast path, so allocations stay flat from 1 to 100 MB.
/// </summary>
[MemoryDiagnoser]
public class InspectionNorthAmericanOnly
{
    private string _path = null!;

    [Params(1, 10, 100)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup() => _path = Files.PhoneRows(Megabytes * 1024L * 1024, foreign: false);

    [Benchmark]
    public async Task<long> InspectWithoutDuplicates() =>
        (await CsvInspector.InspectAsync(UploadFile.FromPath(_path), new CsvInspectionOptions { Rules = CsvInspectionRules.OptimalDial, PhoneColumn = "phone", FindDuplicates = false })).PhoneNumbers.ValidUsCanada;
}

/// <summary>
/// I2. Why the fast path: 10,000 phone values in the shapes of the file above classified by the
/// inspection's classifier (NANP fast path) and by libphonenumber alone (parse + IsValidNumber + region).
/// </summary>
[MemoryDiagnoser]
public class PhoneClassification
{
    private string[] _values = null!;

    [GlobalSetup]
    public void Setup() => _values = [.. Enumerable.Range(0, 10_000).Select(Files.PhoneValue)];

    [Benchmark(Baseline = true)]
    public int Libphonenumber()
    {
        var valid = 0;
        foreach (var value in _values)
        {
            valid += PhoneNumberClassifier.ClassifySlow(value, out _) == PhoneNumberKind.ValidUsCanada ? 1 : 0;
        }

        return valid;
    }

    [Benchmark]
    public int FastPath()
    {
        var valid = 0;
        foreach (var value in _values)
        {
            valid += PhoneNumberClassifier.Classify(value, out _) == PhoneNumberKind.ValidUsCanada ? 1 : 0;
        }

        return valid;
    }
}
