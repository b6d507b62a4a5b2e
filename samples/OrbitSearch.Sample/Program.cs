// Adds a CSV to an OrbitSearch directory as a new source, then (with --wait) waits for it.
//
//   dotnet run --project samples/OrbitSearch.Sample -- [file.csv] --org <uuid> --directory <uuid> [--key <idempotency key>] [--wait]
//
// With UploadClients__OrbitSearch__AccessToken set it talks to the real API; without it, it runs
// against the in-process fake (UploadClients.Testing), using the fake's organization and directory.
// Keep the printed idempotency key: running again with --key and the same file never makes a
// second source.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.OrbitSearch;
using UploadClients.Testing;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var valueOptions = new[] { "--org", "--directory", "--key" };
var file = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valueOptions.Contains(args[i - 1]))).FirstOrDefault();
var wait = args.Contains("--wait");

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .Build();

var offline = string.IsNullOrEmpty(configuration["UploadClients:OrbitSearch:AccessToken"]);
using var harness = offline ? UploadClientsHarness.Start() : null;
var services = new ServiceCollection().AddUploadClients(configuration);
if (harness is not null)
{
    Console.WriteLine($"UploadClients__OrbitSearch__AccessToken is not set: using the offline fake at {harness.BaseAddress}.");
    services.PostConfigure<UploadClientsOptions>(o =>
    {
        harness.Configure(o);
        o.OrbitSearch.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) };
    });
}

var organization = Option("--org") is { } o ? Guid.Parse(o) : harness?.OrbitSearch.DefaultOrganizationId;
var directory = Option("--directory") is { } d ? Guid.Parse(d) : harness?.OrbitSearch.DefaultDirectoryId;
if (organization is null || directory is null)
{
    Console.Error.WriteLine("--org and --directory are required against the real API.");
    return 2;
}

using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IOrbitSearchClient>();
var generated = file is null;
file ??= GenerateCsv();
try
{
    var request = new OrbitSearchCsvUploadRequest
    {
        OrganizationId = organization.Value,
        DirectoryId = directory.Value,
        File = UploadFile.FromPath(file),
        IdempotencyKey = Option("--key"),
        Progress = new Progress<UploadProgress>(p => Console.Write($"\rSent {p.BytesSent:N0} of {p.TotalBytes:N0} bytes")),
    };
    var result = await client.UploadCsvAsync(request);
    Console.WriteLine();
    Console.WriteLine($"Source {result.SourceId}: {result.SourceStatus}, {result.Accepted} accepted, {result.Failed} failed{(result.IsIdempotent ? " (the original upload with this key)" : string.Empty)}.");
    Console.WriteLine($"Idempotency key: {result.IdempotencyKey}  (pass --key {result.IdempotencyKey} to retry this upload safely)");
    if (wait)
    {
        var source = await client.WaitForSourceAsync(request.OrganizationId, request.DirectoryId, result.SourceId);
        Console.WriteLine($"Source {source.SourceId} is {source.SourceStatus}: {source.Accepted} accepted, {source.Failed} failed, {source.Warnings} warnings.");
        return source.SourceStatus == OrbitSearchSourceStatus.Completed ? 0 : 1;
    }

    return 0;
}
catch (UploadValidationException ex)
{
    Console.Error.WriteLine($"Not sent: {ex.Message}");
    return 2;
}
catch (UploadApiException ex)
{
    Console.Error.WriteLine($"OrbitSearch refused it ({(int)ex.StatusCode}{(ex.ErrorCode is null ? string.Empty : ", " + ex.ErrorCode)}): {ex.Message}");
    return 3;
}
catch (UploadPollingTimeoutException ex)
{
    Console.Error.WriteLine($"{ex.Message} Last status: {(ex.LastObservedState as OrbitSearchSource)?.SourceStatus}");
    return 4;
}
finally
{
    if (generated)
    {
        File.Delete(file);
    }
}

static string GenerateCsv()
{
    var path = Path.Combine(Path.GetTempPath(), $"orbitsearch-sample-{Guid.NewGuid():N}.csv");
    var sb = new StringBuilder("name,email,company\r\n");
    for (var i = 0; i < 100; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"Person {i},person{i}@example.com,Example Inc\r\n");
    }

    File.WriteAllText(path, sb.ToString());
    return path;
}
