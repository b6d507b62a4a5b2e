// OptimalDial sample: upload a CSV of phone numbers, wait for it, download the processed file.
//
//   dotnet run --project samples/OptimalDial.Sample -- upload contacts.csv --phone-column phone --wait --download out.csv
//   dotnet run --project samples/OptimalDial.Sample -- status <upload-id> [--wait]
//   dotnet run --project samples/OptimalDial.Sample -- list [--max 20]
//   dotnet run --project samples/OptimalDial.Sample -- cancel <upload-id>
//   dotnet run --project samples/OptimalDial.Sample -- webhook [--port 5099]
//   dotnet run --project samples/OptimalDial.Sample -- webhooks register https://hooks.example.com/optimaldial [--description "…"]
//   dotnet run --project samples/OptimalDial.Sample -- webhooks list | deliveries <webhook-id> [--limit 20] | delete <webhook-id>
//
// Credentials come from appsettings.json, user secrets or the environment
// (UploadClients__OptimalDial__ApiKey=od_live_…). With no key it runs against the in-process fake
// (UploadClients.Testing): no network, no credits.
using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.Testing;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddUserSecrets(typeof(WebhookReceiver).Assembly, optional: true)
    .AddEnvironmentVariables()
    .Build();
var offline = string.IsNullOrEmpty(configuration["UploadClients:OptimalDial:ApiKey"]);
// The fake and the clients are made only for a command that runs (not for --help, --version or a typo).
UploadClientsHarness? harness = null;
ServiceProvider provider = null!;
void Start(bool withJournal)
{
    harness = offline ? UploadClientsHarness.Start() : null;
    var services = new ServiceCollection().AddUploadClients(configuration);
    if (withJournal)
    {
        // Uploads with --operation-key record their steps here: run the same command again after a crash and it is not charged twice.
        // Offline runs keep a journal of their own: a record of the fake's proves nothing to OptimalDial (the SDK refuses it anyway).
        services.AddUploadJournal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "OptimalDial.Sample", offline ? "offline-journal" : "journal"));
    }

    if (harness is { } fake)
    {
        AnsiConsole.MarkupLine($"[yellow]No OptimalDial API key is configured:[/] using the offline fake at [blue]{fake.BaseAddress}[/].");
        services.PostConfigure<UploadClientsOptions>(o =>
        {
            fake.Configure(o);
            o.OptimalDial.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) };
        });
    }

    provider = services.BuildServiceProvider();
}

var fileArgument = new Argument<FileInfo?>("file") { Description = "The CSV to upload (a sample is generated when omitted).", Arity = ArgumentArity.ZeroOrOne };
var phoneColumn = new Option<string>("--phone-column") { Description = "The header of the phone-number column.", DefaultValueFactory = _ => "phone" };
var skipMobile = new Option<bool>("--skip-mobile-lookup") { Description = "Skip the mobile-carrier lookup." };
var wait = new Option<bool>("--wait") { Description = "Wait until the upload is processed." };
var download = new Option<FileInfo?>("--download") { Description = "Save the processed file here (implies --wait)." };
var operationKey = new Option<string?>("--operation-key") { Description = "A name for this upload (\"crm-export 2026-12-01\"): run the same command again after a crash and it resumes, never charged twice." };
var upload = new Command("upload", "Upload a CSV of phone numbers.") { fileArgument, phoneColumn, skipMobile, wait, download, operationKey };
upload.SetAction((parse, ct) => Run(() => UploadAsync(parse.GetValue(fileArgument), parse.GetValue(phoneColumn)!, parse.GetValue(skipMobile), parse.GetValue(wait), parse.GetValue(download), parse.GetValue(operationKey), ct)));

var idArgument = new Argument<Guid>("upload-id") { Description = "The upload's id." };
var status = new Command("status", "Show an upload's status (and wait for it with --wait).") { idArgument, wait };
status.SetAction((parse, ct) => Run(async () =>
{
    var client = provider.GetRequiredService<IOptimalDialClient>();
    var id = parse.GetValue(idArgument);
    Show(parse.GetValue(wait) ? await WaitWithStatusAsync(client, id, null, ct) : await client.GetUploadAsync(id, ct));
    return 0;
}));

var max = new Option<int>("--max") { Description = "How many uploads to show.", DefaultValueFactory = _ => 20 };
var list = new Command("list", "List your uploads, newest first.") { max };
list.SetAction((parse, ct) => Run(async () =>
{
    var table = new Table().AddColumns("id", "file", "status", "valid rows", "credits");
    await foreach (var u in provider.GetRequiredService<IOptimalDialClient>().ListUploadsAsync(cancellationToken: ct).Take(parse.GetValue(max)).WithCancellation(ct))
    {
        table.AddRow(u.Id.ToString(), Markup.Escape(u.OriginalFilename), u.Status.ToString(), $"{u.ValidRowCount}", $"{u.CreditsCharged}");
    }

    AnsiConsole.Write(table);
    return 0;
}));

var cancel = new Command("cancel", "Cancel an upload that has not started processing (credits are refunded).") { idArgument };
cancel.SetAction((parse, ct) => Run(async () =>
{
    var cancelled = await provider.GetRequiredService<IOptimalDialClient>().CancelUploadAsync(parse.GetValue(idArgument), ct);
    AnsiConsole.MarkupLine($"Upload [bold]{parse.GetValue(idArgument)}[/] is [yellow]{cancelled.Status}[/]: {cancelled.CreditsRefunded} credits refunded.");
    return 0;
}));

var port = new Option<int>("--port") { Description = "The local port to listen on.", DefaultValueFactory = _ => 5099 };
var webhook = new Command("webhook", "Receive OptimalDial webhooks on a local HttpListener and verify them (offline: register it, upload, list its deliveries).") { port };
webhook.SetAction((parse, ct) => Run(() => WebhookReceiver.RunAsync(configuration, harness, provider.GetRequiredService<IOptimalDialClient>(), provider.GetRequiredService<IOptimalDialWebhookEndpoints>(), parse.GetValue(port))));

var urlArgument = new Argument<Uri>("url") { Description = "The https URL OptimalDial delivers to (it must answer the registration ping with a 2xx)." };
var description = new Option<string?>("--description") { Description = "A note to tell endpoints apart (at most 500 characters)." };
var register = new Command("register", "Register a webhook endpoint; its signing secret is shown once.") { urlArgument, description };
register.SetAction((parse, ct) => Run(async () =>
{
    var created = await provider.GetRequiredService<IOptimalDialWebhookEndpoints>().CreateAsync(parse.GetValue(urlArgument)!, parse.GetValue(description), cancellationToken: ct);
    AnsiConsole.MarkupLine($"Registered [bold]{created.Endpoint.Id}[/] for {string.Join(", ", created.Endpoint.Events)}.");
    AnsiConsole.MarkupLine("[yellow]Its signing secret is shown this once; store it as UploadClients__OptimalDial__WebhookSecret where your receiver runs:[/]");
    Console.WriteLine(created.Secret);
    return 0;
}));
var listHooks = new Command("list", "List the organization's webhook endpoints.");
listHooks.SetAction((parse, ct) => Run(async () =>
{
    var table = new Table().AddColumns("id", "url", "events", "active", "failures in a row");
    foreach (var e in await provider.GetRequiredService<IOptimalDialWebhookEndpoints>().ListAsync(ct))
    {
        table.AddRow(e.Id.ToString(), Markup.Escape(e.Url?.ToString() ?? string.Empty), string.Join(", ", e.Events), e.IsActive ? "yes" : "[red]no[/]", $"{e.ConsecutiveFailures}");
    }

    AnsiConsole.Write(table);
    return 0;
}));
var webhookId = new Argument<Guid>("webhook-id") { Description = "The endpoint's id." };
var limit = new Option<int>("--limit") { Description = "How many deliveries (1 to 100).", DefaultValueFactory = _ => 20 };
var deliveries = new Command("deliveries", "List an endpoint's recent deliveries, most recent first.") { webhookId, limit };
deliveries.SetAction((parse, ct) => Run(async () =>
{
    var table = new Table().AddColumns("event", "type", "status", "attempts", "last answer", "next try");
    foreach (var d in await provider.GetRequiredService<IOptimalDialWebhookEndpoints>().ListDeliveriesAsync(parse.GetValue(webhookId), parse.GetValue(limit), ct))
    {
        table.AddRow(d.EventId ?? "?", d.EventType ?? "?", d.Status.ToString(), $"{d.AttemptCount}", $"{d.LastResponseStatus}", d.IsFinal ? "-" : $"{d.NextRetryAt:u}");
    }

    AnsiConsole.Write(table);
    return 0;
}));
var deleteHook = new Command("delete", "Remove a webhook endpoint.") { webhookId };
deleteHook.SetAction((parse, ct) => Run(async () =>
{
    await provider.GetRequiredService<IOptimalDialWebhookEndpoints>().DeleteAsync(parse.GetValue(webhookId), ct);
    AnsiConsole.MarkupLine($"Removed [bold]{parse.GetValue(webhookId)}[/].");
    return 0;
}));
var webhooks = new Command("webhooks", "Manage webhook endpoints: register, list, deliveries, delete.") { register, listHooks, deliveries, deleteHook };

var root = new RootCommand("OptimalDial with UploadClients: upload, wait, download, list, cancel, webhooks.") { upload, status, list, cancel, webhook, webhooks };
var parsed = root.Parse(args.Length == 0 ? ["upload", "--wait"] : args);
if (parsed.Errors.Count == 0 && parsed.Action is System.CommandLine.Invocation.AsynchronousCommandLineAction)
{
    Start(withJournal: parsed.GetValue(operationKey) is not null);
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

async Task<int> UploadAsync(FileInfo? file, string column, bool skip, bool waitForIt, FileInfo? saveTo, string? key, CancellationToken ct)
{
    var client = provider.GetRequiredService<IOptimalDialClient>();
    var path = file?.FullName ?? GenerateCsv();
    try
    {
        var uploadFile = UploadFile.FromPath(path);
        OptimalDialUpload created = null!;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask($"Uploading {Markup.Escape(uploadFile.FileName)}", maxValue: uploadFile.Length ?? 1);
                created = await client.CreateUploadAsync(new OptimalDialUploadRequest
                {
                    File = uploadFile,
                    PhoneColumn = column,
                    SkipMobileLookup = skip,
                    Progress = new Progress<UploadProgress>(p => bar.Value = p.BytesSent),
                    OperationKey = key,
                }, ct);
                bar.Value = bar.MaxValue;
            });
        Show(created);
        if (!waitForIt && saveTo is null)
        {
            return 0;
        }

        var final = await WaitWithStatusAsync(client, created.Id, created, ct, key is null ? null : new OptimalDialUploadRequest { File = uploadFile, PhoneColumn = column, SkipMobileLookup = skip, OperationKey = key });
        Show(final);
        if (saveTo is not null && final.Status == OptimalDialUploadStatus.Completed)
        {
            await using var output = saveTo.Create();
            await client.DownloadAsync(final.Id, OptimalDialFileKind.Processed, output, cancellationToken: ct);
            AnsiConsole.MarkupLine($"Saved the processed file to [blue]{Markup.Escape(saveTo.FullName)}[/] ({output.Length:N0} bytes).");
        }

        return final.Status == OptimalDialUploadStatus.Failed || final.Status == OptimalDialUploadStatus.ValidationFailed ? 1 : 0;
    }
    finally
    {
        if (file is null)
        {
            File.Delete(path);
        }
    }
}

async Task<OptimalDialUpload> WaitWithStatusAsync(IOptimalDialClient client, Guid id, OptimalDialUpload? start, CancellationToken ct, OptimalDialUploadRequest? keyed = null)
{
    // The SDK polls (backoff, Retry-After, timeout); Progress shows each state it reads, adding no request.
    var configured = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadClientsOptions>>().Value.OptimalDial.Polling;
    return await AnsiConsole.Status().StartAsync($"Waiting for {id}: {start?.Status}", async context =>
    {
        var polling = configured.WithProgress(new Progress<OptimalDialUpload>(upload => context.Status($"Waiting for {id}: {upload.Status}")));
        // With an operation key, UploadAndWaitAsync waits for the upload created above (it is recorded) and records
        // the final status, so a rerun prints it without sending anything.
        return keyed is null ? await client.WaitForUploadAsync(id, polling, ct) : await client.UploadAndWaitAsync(keyed, polling, ct);
    });
}

static void Show(OptimalDialUpload u)
{
    // A status is an extensible value (a new one from OptimalDial is kept, not lost): switch with `when`.
    var color = u.Status switch
    {
        var s when s == OptimalDialUploadStatus.Completed => "green",
        var s when s == OptimalDialUploadStatus.Failed || s == OptimalDialUploadStatus.ValidationFailed => "red",
        var s when s == OptimalDialUploadStatus.AwaitingConfirmation => "yellow",
        _ => "blue",
    };
    AnsiConsole.MarkupLine($"Upload [bold]{u.Id}[/] is [{color}]{u.Status}[/]: {u.ValidRowCount} valid rows, {u.InvalidRowCount} invalid, {u.CreditsCharged} credits charged{(u.CreditsRefunded > 0 ? $", {u.CreditsRefunded} refunded" : string.Empty)}.");
    if (u.Status == OptimalDialUploadStatus.AwaitingConfirmation)
    {
        AnsiConsole.MarkupLine("[yellow]Confirm it in the OptimalDial app to start processing.[/]");
    }

    if (u.ErrorMessage is { } error)
    {
        AnsiConsole.MarkupLine($"[red]{Markup.Escape(error)}[/]");
    }
}

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
        AnsiConsole.MarkupLine("[red]Not sent, nothing charged:[/]");
        foreach (var problem in ex.Problems)
        {
            AnsiConsole.MarkupLine($"  • {Markup.Escape(problem)}");
        }

        return 2;
    }
    catch (UploadApiException ex)
    {
        AnsiConsole.MarkupLine($"[red]OptimalDial answered {(int)ex.StatusCode}{(ex.ErrorCode is null ? string.Empty : " (" + Markup.Escape(ex.ErrorCode) + ")")}:[/] {Markup.Escape(ex.Message)}");
        return 3;
    }
    catch (UploadPollingTimeoutException<OptimalDialUpload> ex)
    {
        AnsiConsole.MarkupLine($"[yellow]Upload {ex.Id} is still {ex.LastState?.Status.ToString() ?? "processing"}:[/] the wait ran out, the upload did not. Follow it with [blue]status {ex.Id} --wait[/].");
        return 4;
    }
    catch (UploadWaitCanceledException<OptimalDialUpload> ex)
    {
        // Only the wait stopped (Ctrl+C): the upload goes on at OptimalDial, credits charged.
        AnsiConsole.MarkupLine($"[yellow]Stopped waiting; upload {ex.Id} is still {ex.LastState?.Status.ToString() ?? "processing"} at OptimalDial.[/] Follow it with [blue]status {ex.Id} --wait[/].");
        return 130;
    }
    catch (UploadOutcomeUnknownException ex)
    {
        // Sent, then no answer: it may have been accepted and charged. Never re-send blindly.
        AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ex.Message)}[/]");
        return 6;
    }
    catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
    {
        AnsiConsole.MarkupLine($"[red]Could not reach OptimalDial:[/] {Markup.Escape(ex.Message)}");
        return 5;
    }
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
