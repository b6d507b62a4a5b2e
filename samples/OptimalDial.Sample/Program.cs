// Uploads a CSV of phone numbers to OptimalDial, (with --wait) waits until it is processed, and
// (with --download <file>) saves the processed CSV. With --webhook it instead receives OptimalDial
// webhooks on a local HttpListener (no ASP.NET Core) and verifies their signatures.
//
//   dotnet run --project samples/OptimalDial.Sample -- [path/to/file.csv] [--phone-column phone] [--wait] [--download out.csv]
//   dotnet run --project samples/OptimalDial.Sample -- --webhook [--port 5099]
//
// With UploadClients__OptimalDial__ApiKey set (environment or appsettings.json) it talks to the
// real API and is charged credits; without it, it runs against the in-process fake
// (UploadClients.Testing) and generates a CSV if none is given.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.Testing;

var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(args, a));
var phoneColumn = OptionValue(args, "--phone-column") ?? "phone";
var download = OptionValue(args, "--download");
var wait = args.Contains("--wait") || download is not null;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .Build();

var offline = string.IsNullOrEmpty(configuration["UploadClients:OptimalDial:ApiKey"]);
using var harness = offline ? UploadClientsHarness.Start() : null;
var services = new ServiceCollection().AddUploadClients(configuration);
if (harness is not null)
{
    Console.WriteLine($"UploadClients__OptimalDial__ApiKey is not set: using the offline fake at {harness.BaseAddress}.");
    services.PostConfigure<UploadClientsOptions>(o =>
    {
        harness.Configure(o);
        o.OptimalDial.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) };
    });
}

using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IOptimalDialClient>();
if (args.Contains("--webhook"))
{
    return await WebhookReceiver.RunAsync(configuration, harness, client, int.Parse(OptionValue(args, "--port") ?? "5099", CultureInfo.InvariantCulture));
}

var generated = file is null;
file ??= GenerateCsv();
try
{
    var request = new OptimalDialUploadRequest
    {
        File = UploadFile.FromPath(file),
        PhoneColumn = phoneColumn,
        Progress = new Progress<UploadProgress>(p => Console.Write($"\rSent {p.BytesSent:N0} of {p.TotalBytes:N0} bytes")),
    };
    var upload = wait ? await client.UploadAndWaitAsync(request) : await client.CreateUploadAsync(request);
    Console.WriteLine();
    Console.WriteLine($"Upload {upload.Id} is {upload.Status}: {upload.ValidRowCount} valid rows, {upload.CreditsCharged} credits charged.");
    if (upload.Status == OptimalDialUploadStatus.AwaitingConfirmation)
    {
        Console.WriteLine("Confirm it in the OptimalDial app to start processing.");
    }

    if (download is not null && upload.Status == OptimalDialUploadStatus.Completed)
    {
        await using var output = File.Create(download);
        await client.DownloadAsync(upload.Id, OptimalDialFileKind.Processed, output);
        Console.WriteLine($"Saved the processed file to {download} ({output.Length:N0} bytes).");
    }

    return upload.Status is OptimalDialUploadStatus.Failed or OptimalDialUploadStatus.ValidationFailed ? 1 : 0;
}
catch (UploadValidationException ex)
{
    Console.Error.WriteLine($"Not sent (nothing charged): {ex.Message}");
    return 2;
}
catch (UploadApiException ex)
{
    Console.Error.WriteLine($"OptimalDial refused it ({(int)ex.StatusCode}{(ex.ErrorCode is null ? string.Empty : ", " + ex.ErrorCode)}): {ex.Message}");
    return 3;
}
catch (UploadPollingTimeoutException ex)
{
    Console.Error.WriteLine($"{ex.Message} Last status: {(ex.LastObservedState as OptimalDialUpload)?.Status}");
    return 4;
}
finally
{
    if (generated)
    {
        File.Delete(file);
    }
}

static string? OptionValue(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static bool IsOptionValue(string[] args, string value)
{
    var i = Array.IndexOf(args, value);
    return i > 0 && args[i - 1] is "--phone-column" or "--download" or "--port";
}

static string GenerateCsv()
{
    var path = Path.Combine(Path.GetTempPath(), $"optimaldial-sample-{Guid.NewGuid():N}.csv");
    var sb = new StringBuilder("name,phone\r\n");
    for (var i = 0; i < 250; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"Contact {i},(212) 555-{i:0000}\r\n");
    }

    File.WriteAllText(path, sb.ToString());
    return path;
}
