// Talkdesk sample: upload a CSV (at most 20,000 bytes, a name of at most 35 characters) into a
// record list: create an upload request, PUT the file to its S3 signed URL, start validation, wait.
//
//   dotnet run --project samples/Talkdesk.Sample -- upload contacts.csv --record-list <id> [--callback <url>] [--no-wait]
//   dotnet run --project samples/Talkdesk.Sample -- record-list <id>
//   dotnet run --project samples/Talkdesk.Sample -- new-list "April cohort" [contacts.csv]
//   dotnet run --project samples/Talkdesk.Sample -- lists [--max 20]
//
// Credentials: UploadClients__Talkdesk__AccessToken, or __ClientId, __ClientSecret and
// __AccountName (OAuth client credentials, scope record-lists:manage), and __Region (Us, Eu, Ca),
// from the environment, user secrets or appsettings.json. With none it runs against the
// in-process fake (UploadClients.Testing) using OAuth against the fake's token endpoint.
using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using UploadClients;
using UploadClients.Talkdesk;
using UploadClients.Testing;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddUserSecrets(typeof(Program).Assembly, optional: true)
    .AddEnvironmentVariables()
    .Build();
var offline = string.IsNullOrEmpty(configuration["UploadClients:Talkdesk:AccessToken"]) && string.IsNullOrEmpty(configuration["UploadClients:Talkdesk:ClientId"]);
// The fake and the clients are made only for a command that runs (not for --help, --version or a typo).
UploadClientsHarness? harness = null;
ServiceProvider provider = null!;
ITalkdeskClient client = null!;
void Start()
{
    harness = offline ? UploadClientsHarness.Start() : null;
    var services = new ServiceCollection().AddUploadClients(configuration);
    if (harness is { } fake)
    {
        AnsiConsole.MarkupLine($"[yellow]No Talkdesk credentials are configured:[/] using the offline fake at [blue]{fake.BaseAddress}[/].");
        services.PostConfigure<UploadClientsOptions>(o =>
        {
            fake.ConfigureClientCredentials(o.Talkdesk);
            o.Talkdesk.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) };
        });
    }

    provider = services.BuildServiceProvider();
    client = provider.GetRequiredService<ITalkdeskClient>();
}

var recordList = new Option<string?>("--record-list") { Description = "The record list's id (the fake's when offline)." };
var fileArgument = new Argument<FileInfo?>("file") { Description = "The CSV (a sample is generated when omitted).", Arity = ArgumentArity.ZeroOrOne };
var callback = new Option<Uri?>("--callback") { Description = "A URL Talkdesk POSTs to when validation ends." };
var noWait = new Option<bool>("--no-wait") { Description = "Start validation and return without waiting." };

var upload = new Command("upload", "Upload a CSV into a record list.") { fileArgument, recordList, callback, noWait };
upload.SetAction((parse, ct) => Run(async () =>
{
    var listId = parse.GetValue(recordList) ?? harness?.Talkdesk.DefaultRecordListId ?? throw new ArgumentException("--record-list is required against the real API.");
    var file = parse.GetValue(fileArgument);
    var path = file?.FullName ?? GenerateCsv();
    try
    {
        var uploadFile = UploadFile.FromPath(path, file is null ? "sample-list.csv" : null);
        var request = new TalkdeskCreateUploadRequest
        {
            File = uploadFile,
            CallbackAction = parse.GetValue(callback) is { } url ? new TalkdeskCallbackAction { Endpoint = url, Method = "POST" } : null,
        };

        var created = await AnsiConsole.Status().StartAsync("Creating the upload request (MD5, size, name)…", _ => client.CreateUploadRequestAsync(listId, request, ct));
        AnsiConsole.MarkupLine($"Upload request [bold]{created.Id}[/] created (MD5 {created.ChecksumMd5}).");
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).StartAsync(async context =>
        {
            var bar = context.AddTask("PUT to the signed URL", maxValue: uploadFile.Length ?? 1);
            await client.UploadToSignedUrlAsync(created, uploadFile, new Progress<UploadProgress>(p => bar.Value = p.BytesSent), ct);
            bar.Value = bar.MaxValue;
        });
        var started = await client.StartValidationAsync(listId, created.Id, ct);
        AnsiConsole.MarkupLine($"Validation started ({started.Status}).");
        if (parse.GetValue(noWait))
        {
            return 0;
        }

        var configured = provider.GetRequiredService<IOptions<UploadClientsOptions>>().Value.Talkdesk.Polling;
        var final = await AnsiConsole.Status().StartAsync("Validating…", async context =>
        {
            var polling = configured.WithProgress(new Progress<TalkdeskUploadRequest>(s => context.Status($"Validating: {s.Status}")));
            return await client.WaitForUploadRequestAsync(listId, created.Id, polling, ct);
        });
        var color = final.Status == TalkdeskStatus.Accepted ? "green" : "red";
        AnsiConsole.MarkupLine($"Upload request [bold]{final.Id}[/] ended [{color}]{final.Status}[/].");
        return final.Status == TalkdeskStatus.Accepted ? 0 : 1;
    }
    finally
    {
        if (file is null)
        {
            File.Delete(path);
        }
    }
}));

var listArgument = new Argument<string>("record-list-id") { Description = "The record list's id." };
var show = new Command("record-list", "Show a record list.") { listArgument };
show.SetAction((parse, ct) => Run(async () =>
{
    var list = await client.GetRecordListAsync(parse.GetValue(listArgument)!, ct);
    AnsiConsole.MarkupLine($"Record list [bold]{Markup.Escape(list.Name ?? list.Id)}[/]: {list.Status}, {list.RecordsCount} records.");
    return 0;
}));

var nameArgument = new Argument<string>("name") { Description = "The new list's name (1 to 120 characters)." };
var newList = new Command("new-list", "Create a record list from a CSV: POST /record-lists, PUT to the signed URL, start validation, wait.") { nameArgument, fileArgument };
newList.SetAction((parse, ct) => Run(async () =>
{
    var file = parse.GetValue(fileArgument);
    var path = file?.FullName ?? GenerateCsv();
    try
    {
        var configured = provider.GetRequiredService<IOptions<UploadClientsOptions>>().Value.Talkdesk.Polling;
        var list = await AnsiConsole.Status().StartAsync("Creating the list, uploading its file, validating…", async context =>
        {
            try
            {
                return await client.CreateRecordListAsync(
                    new TalkdeskCreateRecordListRequest { Name = parse.GetValue(nameArgument)!, File = UploadFile.FromPath(path, file is null ? "sample-list.csv" : null) },
                    configured.WithProgress(new Progress<TalkdeskRecordList>(l => context.Status($"Validating list {l.Id}: {l.Status}"))),
                    ct);
            }
            catch (Exception ex) when (ex.Data[TalkdeskClient.RecordListIdKey] is string emptyList)
            {
                // The list exists but its file was not validated: fill it rather than creating another.
                AnsiConsole.MarkupLine($"[yellow]Record list {emptyList} was created but stays empty; send the file into it with `upload --record-list {emptyList}`.[/]");
                throw;
            }
        });
        var color = list.Status == TalkdeskStatus.Accepted ? "green" : "red";
        AnsiConsole.MarkupLine($"Record list [bold]{Markup.Escape(list.Name ?? list.Id)}[/] ({list.Id}) ended [{color}]{list.Status}[/] with {list.RecordsCount} records.");
        return list.Status == TalkdeskStatus.Accepted ? 0 : 1;
    }
    finally
    {
        if (file is null)
        {
            File.Delete(path);
        }
    }
}));

var max = new Option<int>("--max") { Description = "How many lists to show.", DefaultValueFactory = _ => 20 };
var lists = new Command("lists", "List the account's record lists (pages are read as they are shown).") { max };
lists.SetAction((parse, ct) => Run(async () =>
{
    var table = new Table().AddColumns("id", "name", "status", "records", "created");
    await foreach (var l in client.ListRecordListsAsync(cancellationToken: ct).Take(parse.GetValue(max)).WithCancellation(ct))
    {
        table.AddRow(l.Id, Markup.Escape(l.Name ?? string.Empty), l.Status?.ToString() ?? "?", $"{l.RecordsCount}", $"{l.CreatedAt:u}");
    }

    AnsiConsole.Write(table);
    return 0;
}));

var root = new RootCommand("Talkdesk record lists with UploadClients: upload request, S3 PUT, validation; new lists; listing.") { upload, show, newList, lists };
var parsed = root.Parse(args.Length == 0 ? ["upload"] : args);
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
        AnsiConsole.MarkupLine("[red]Not sent:[/]");
        foreach (var problem in ex.Problems)
        {
            AnsiConsole.MarkupLine($"  • {Markup.Escape(problem)}");
        }

        return 2;
    }
    catch (UploadApiException ex)
    {
        AnsiConsole.MarkupLine($"[red]Talkdesk answered {(int)ex.StatusCode}{(ex.ErrorCode is null ? string.Empty : " (" + Markup.Escape(ex.ErrorCode) + ")")}:[/] {Markup.Escape(ex.Message)}");
        foreach (var field in ex.FieldErrors)
        {
            AnsiConsole.MarkupLine($"  • {Markup.Escape(field.Name)}: {Markup.Escape(field.Description)}");
        }

        return 3;
    }
    catch (UploadPollingTimeoutException ex)
    {
        AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ex.Message)}[/]");
        return 4;
    }
    catch (UploadOutcomeUnknownException ex)
    {
        AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ex.Message)}[/]");
        return 6;
    }
    catch (Exception ex) when (ex is HttpRequestException or TimeoutException or ArgumentException)
    {
        AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
        return 5;
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
