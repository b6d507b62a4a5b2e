// The UploadClients demo: every flow end to end against the in-process fake of the providers
// (UploadClients.Testing), so it runs offline with no credentials. Exit code 0 means every flow
// reached its terminal status.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.Testing;

using var harness = UploadClientsHarness.Start();
Console.WriteLine($"Fake provider APIs listening on {harness.BaseAddress}");

var services = new ServiceCollection()
    .AddUploadClients(options =>
    {
        harness.Configure(options);
        options.OptimalDial.Polling = new PollingOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMinutes(1),
        };
    })
    .BuildServiceProvider();

var failures = 0;
failures += await RunOptimalDialAsync(services.GetRequiredService<IOptimalDialClient>(), harness);

Console.WriteLine();
Console.WriteLine(failures == 0 ? "All flows completed." : $"{failures} flow(s) failed.");
return failures == 0 ? 0 : 1;

static async Task<int> RunOptimalDialAsync(IOptimalDialClient client, UploadClientsHarness harness)
{
    Console.WriteLine();
    Console.WriteLine("== OptimalDial: upload a CSV of phone numbers and wait for it to be processed ==");
    harness.OptimalDial.StatusScript = ["validating", "ready_for_processing", "processing", "completed"];
    var path = WriteContacts(rows: 2_000);
    try
    {
        var file = UploadFile.FromPath(path);
        Console.WriteLine($"Uploading {file}");
        var upload = await client.UploadAndWaitAsync(new OptimalDialUploadRequest
        {
            File = file,
            PhoneColumn = "phone",
            Progress = new ConsoleProgress(),
        });
        Console.WriteLine();
        Console.WriteLine($"Upload {upload.Id}: {upload.Status}; {upload.ValidRowCount} valid and {upload.InvalidRowCount} invalid rows; {upload.CreditsCharged} credits charged.");
        Console.WriteLine($"The harness saw {harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload)} upload request and {harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload)} status reads.");
        return upload.Status == OptimalDialUploadStatus.Completed ? 0 : 1;
    }
    catch (Exception ex) when (ex is UploadApiException or UploadValidationException or UploadPollingTimeoutException)
    {
        Console.Error.WriteLine($"OptimalDial flow failed: {ex.Message}");
        return 1;
    }
    finally
    {
        File.Delete(path);
    }
}

static string WriteContacts(int rows)
{
    var path = Path.Combine(Path.GetTempPath(), $"uploadclients-demo-{Guid.NewGuid():N}.csv");
    using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
    writer.Write("name,phone,city\r\n");
    for (var i = 0; i < rows; i++)
    {
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"Contact {i},+1 (415) 555-{i % 10000:0000},San Francisco\r\n"));
    }

    return path;
}

/// <summary>A one-line progress bar on the console.</summary>
internal sealed class ConsoleProgress : IProgress<UploadProgress>
{
    private readonly Lock _lock = new();

    public void Report(UploadProgress value)
    {
        lock (_lock)
        {
            var total = value.TotalBytes ?? 0;
            var fraction = total > 0 ? (double)value.BytesSent / total : 0;
            var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
            Console.Write($"\r  [{bar}] {value.BytesSent:N0} / {total:N0} bytes");
        }
    }
}
