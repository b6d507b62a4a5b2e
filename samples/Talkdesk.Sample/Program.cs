// Uploads a CSV (at most 20,000 bytes, a name of at most 35 characters) into a Talkdesk record
// list: create an upload request, PUT the file to its S3 signed URL, start validation, wait.
//
//   dotnet run --project samples/Talkdesk.Sample -- [file.csv] [--record-list <id>] [--callback <url>] [--no-wait]
//
// Credentials: UploadClients__Talkdesk__AccessToken, or UploadClients__Talkdesk__ClientId,
// __ClientSecret and __AccountName (OAuth client credentials, scope record-lists:manage), plus
// __Region (Us, Eu, Ca). With none of them it runs against the in-process fake (UploadClients.Testing).
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.Talkdesk;
using UploadClients.Testing;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var valueOptions = new[] { "--record-list", "--callback" };
var file = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valueOptions.Contains(args[i - 1]))).FirstOrDefault();

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .Build();

var offline = string.IsNullOrEmpty(configuration["UploadClients:Talkdesk:AccessToken"]) && string.IsNullOrEmpty(configuration["UploadClients:Talkdesk:ClientId"]);
using var harness = offline ? UploadClientsHarness.Start() : null;
var services = new ServiceCollection().AddUploadClients(configuration);
if (harness is not null)
{
    Console.WriteLine($"No Talkdesk credentials are configured: using the offline fake at {harness.BaseAddress}.");
    services.PostConfigure<UploadClientsOptions>(o =>
    {
        harness.ConfigureClientCredentials(o.Talkdesk);
        o.Talkdesk.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) };
    });
}

var recordList = Option("--record-list") ?? harness?.Talkdesk.DefaultRecordListId;
if (recordList is null)
{
    Console.Error.WriteLine("--record-list is required against the real API.");
    return 2;
}

using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<ITalkdeskClient>();
var generated = file is null;
file ??= GenerateCsv();
try
{
    var request = new TalkdeskCreateUploadRequest
    {
        File = UploadFile.FromPath(file, generated ? "sample-list.csv" : null),
        CallbackAction = Option("--callback") is { } callback ? new TalkdeskCallbackAction { Endpoint = new Uri(callback), Method = "POST" } : null,
        Progress = new Progress<UploadProgress>(p => Console.Write($"\rSent {p.BytesSent:N0} of {p.TotalBytes:N0} bytes")),
    };

    if (args.Contains("--no-wait"))
    {
        var created = await client.CreateUploadRequestAsync(recordList, request);
        await client.UploadToSignedUrlAsync(created, request.File, request.Progress);
        var started = await client.StartValidationAsync(recordList, created.Id);
        Console.WriteLine();
        Console.WriteLine($"Upload request {started.Id}: {started.Status}. Validation has started; Talkdesk calls your callback when it ends.");
        return 0;
    }

    var result = await client.UploadCsvAsync(recordList, request);
    Console.WriteLine();
    Console.WriteLine($"Upload request {result.Id} ended {result.Status} (MD5 {result.ChecksumMd5}).");
    return result.Status == TalkdeskStatus.Accepted ? 0 : 1;
}
catch (UploadValidationException ex)
{
    Console.Error.WriteLine($"Not sent: {ex.Message}");
    return 2;
}
catch (UploadApiException ex)
{
    Console.Error.WriteLine($"Talkdesk refused it ({(int)ex.StatusCode}{(ex.ErrorCode is null ? string.Empty : ", " + ex.ErrorCode)}): {ex.Message}");
    foreach (var field in ex.FieldErrors)
    {
        Console.Error.WriteLine($"  {field.Name}: {field.Description}");
    }

    return 3;
}
catch (UploadPollingTimeoutException ex)
{
    Console.Error.WriteLine($"{ex.Message} Last status: {(ex.LastObservedState as TalkdeskUploadRequest)?.Status}");
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
    var path = Path.Combine(Path.GetTempPath(), $"talkdesk-sample-{Guid.NewGuid():N}.csv");
    var sb = new StringBuilder("name,phone_number\r\n");
    for (var i = 0; i < 100; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"Contact {i},+1415555{i:0000}\r\n");
    }

    File.WriteAllText(path, sb.ToString());
    return path;
}
