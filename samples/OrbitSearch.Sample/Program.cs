// OrbitSearch sample: add a CSV to a directory as a new source, idempotently, and wait for it.
//
//   dotnet run --project samples/OrbitSearch.Sample -- upload contacts.csv --org <uuid> --directory <uuid> [--key <key>] [--wait]
//   dotnet run --project samples/OrbitSearch.Sample -- status <source-id> --org <uuid> --directory <uuid> [--wait]
//   dotnet run --project samples/OrbitSearch.Sample -- readiness --org <uuid> --directory <uuid>
//
// Credentials: UploadClients__OrbitSearch__AccessToken (environment, user secrets or
// appsettings.json). With none it runs against the in-process fake (UploadClients.Testing),
// whose organization and directory are used when --org and --directory are omitted.
using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using UploadClients;
using UploadClients.OrbitSearch;
using UploadClients.Testing;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddUserSecrets(typeof(Program).Assembly, optional: true)
    .AddEnvironmentVariables()
    .Build();
var offline = string.IsNullOrEmpty(configuration["UploadClients:OrbitSearch:AccessToken"]);
// The fake and the clients are made only for a command that runs (not for --help, --version or a typo).
UploadClientsHarness? harness = null;
ServiceProvider provider = null!;
IOrbitSearchClient client = null!;
void Start()
{
    harness = offline ? UploadClientsHarness.Start() : null;
    var services = new ServiceCollection().AddUploadClients(configuration);
    if (harness is { } fake)
    {
        AnsiConsole.MarkupLine($"[yellow]No OrbitSearch access token is configured:[/] using the offline fake at [blue]{fake.BaseAddress}[/].");
        services.PostConfigure<UploadClientsOptions>(o =>
        {
            fake.Configure(o);
            o.OrbitSearch.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) };
        });
    }

    provider = services.BuildServiceProvider();
    client = provider.GetRequiredService<IOrbitSearchClient>();
}

var org = new Option<Guid?>("--org") { Description = "The organization's id (the fake's when offline)." };
var directory = new Option<Guid?>("--directory") { Description = "The directory's id (the fake's when offline)." };
var wait = new Option<bool>("--wait") { Description = "Wait until the source is completed or failed." };
var fileArgument = new Argument<FileInfo?>("file") { Description = "The CSV (a sample is generated when omitted).", Arity = ArgumentArity.ZeroOrOne };
var key = new Option<string?>("--key") { Description = "An idempotency key; the SDK makes one when omitted. Reuse it to retry safely." };

var upload = new Command("upload", "Upload a CSV as a new source of a directory.") { fileArgument, org, directory, key, wait };
upload.SetAction((parse, ct) => Run(async () =>
{
    var (organizationId, directoryId) = Ids(parse);
    var file = parse.GetValue(fileArgument);
    var path = file?.FullName ?? GenerateCsv();
    try
    {
        var uploadFile = UploadFile.FromPath(path);
        OrbitSearchCsvUploadResult result = null!;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).StartAsync(async context =>
        {
            var bar = context.AddTask($"Uploading {Markup.Escape(uploadFile.FileName)}", maxValue: uploadFile.Length ?? 1);
            result = await client.UploadCsvAsync(new OrbitSearchCsvUploadRequest
            {
                OrganizationId = organizationId,
                DirectoryId = directoryId,
                File = uploadFile,
                IdempotencyKey = parse.GetValue(key),
                Progress = new Progress<UploadProgress>(p => bar.Value = p.BytesSent),
            }, ct);
            bar.Value = bar.MaxValue;
        });
        AnsiConsole.MarkupLine($"Source [bold]{Markup.Escape(result.SourceId)}[/]: {result.SourceStatus}, {result.Accepted} accepted, {result.Failed} failed{(result.IsIdempotent ? " [yellow](the original upload with this key)[/]" : string.Empty)}.");
        AnsiConsole.MarkupLine($"Idempotency key [bold]{Markup.Escape(result.IdempotencyKey)}[/]: pass [blue]--key {Markup.Escape(result.IdempotencyKey)}[/] to retry this upload safely.");
        return parse.GetValue(wait) ? await WaitAsync(organizationId, directoryId, result.SourceId, ct) : 0;
    }
    finally
    {
        if (file is null)
        {
            File.Delete(path);
        }
    }
}));

var sourceArgument = new Argument<string>("source-id") { Description = "The source's id." };
var status = new Command("status", "Show a source's status.") { sourceArgument, org, directory, wait };
status.SetAction((parse, ct) => Run(async () =>
{
    var (organizationId, directoryId) = Ids(parse);
    if (parse.GetValue(wait))
    {
        return await WaitAsync(organizationId, directoryId, parse.GetValue(sourceArgument)!, ct);
    }

    Show(await client.GetSourceAsync(organizationId, directoryId, parse.GetValue(sourceArgument)!, ct));
    return 0;
}));

var readiness = new Command("readiness", "Show whether a directory is ready for searches.") { org, directory };
readiness.SetAction((parse, ct) => Run(async () =>
{
    var (organizationId, directoryId) = Ids(parse);
    var r = await client.GetDirectoryReadinessAsync(organizationId, directoryId, ct);
    AnsiConsole.MarkupLine($"Directory ready: [bold]{r.IsReady?.ToString() ?? "unknown"}[/] ({Markup.Escape(r.Status ?? "no status")}, {r.PendingSources?.ToString(CultureInfo.InvariantCulture) ?? "?"} sources pending).");
    return 0;
}));

var root = new RootCommand("OrbitSearch with UploadClients: idempotent CSV sources, status, readiness.") { upload, status, readiness };
var parsed = root.Parse(args.Length == 0 ? ["upload", "--wait"] : args);
if (parsed.Errors.Count == 0 && parsed.Action is System.CommandLine.Invocation.AsynchronousCommandLineAction)
{
    Start();
}

try
{
    return await parsed.InvokeAsync();
}
finally
{
    provider?.Dispose();
    harness?.Dispose();
}

(Guid Organization, Guid Directory) Ids(ParseResult parse) =>
    (parse.GetValue(org) ?? harness?.OrbitSearch.DefaultOrganizationId ?? throw new ArgumentException("--org is required against the real API."),
     parse.GetValue(directory) ?? harness?.OrbitSearch.DefaultDirectoryId ?? throw new ArgumentException("--directory is required against the real API."));

async Task<int> WaitAsync(Guid organizationId, Guid directoryId, string sourceId, CancellationToken ct)
{
    var configured = provider.GetRequiredService<IOptions<UploadClientsOptions>>().Value.OrbitSearch.Polling;
    var final = await AnsiConsole.Status().StartAsync($"Waiting for {sourceId}", async context =>
    {
        var polling = configured.WithProgress(new Progress<OrbitSearchSource>(s => context.Status($"Waiting for {sourceId}: {s.SourceStatus}")));
        return await client.WaitForSourceAsync(organizationId, directoryId, sourceId, polling, ct);
    });
    Show(final);
    return final.SourceStatus == OrbitSearchSourceStatus.Completed ? 0 : 1;
}

static void Show(OrbitSearchSource s) =>
    AnsiConsole.MarkupLine($"Source [bold]{Markup.Escape(s.SourceId)}[/] is [{(s.SourceStatus == OrbitSearchSourceStatus.Failed ? "red" : "green")}]{s.SourceStatus}[/]: {s.Accepted} accepted, {s.Failed} failed, {s.Warnings} with warnings.");

static async Task<int> Run(Func<Task<int>> action)
{
    try
    {
        return await action();
    }
    catch (FileNotFoundException ex)
    {
        AnsiConsole.MarkupLine($"[red]Not sent:[/] {Markup.Escape(ex.Message)}");
        return 2;
    }
    catch (UploadValidationException ex)
    {
        AnsiConsole.MarkupLine("[red]Not sent:[/] " + Markup.Escape(string.Join(" ", ex.Problems)));
        return 2;
    }
    catch (UploadApiException ex)
    {
        AnsiConsole.MarkupLine($"[red]OrbitSearch answered {(int)ex.StatusCode}{(ex.ErrorCode is null ? string.Empty : " (" + Markup.Escape(ex.ErrorCode) + ")")}:[/] {Markup.Escape(ex.Message)}");
        return 3;
    }
    catch (UploadPollingTimeoutException ex)
    {
        AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ex.Message)}[/]");
        return 4;
    }
    catch (Exception ex) when (ex is HttpRequestException or TimeoutException or ArgumentException)
    {
        AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
        return 5;
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
