// Several customers in one process: one named account per customer, each with its own OptimalDial
// key, uploading at the same time through IUploadClientFactory.
//
//   dotnet run --project samples/MultiAccount.Sample -- [contacts.csv]
//
// Accounts come from configuration: UploadClients:Accounts:{name}:OptimalDial:ApiKey (appsettings.json,
// user secrets, or environment variables such as UploadClients__Accounts__acme__OptimalDial__ApiKey).
// With none it runs against the in-process fake with two accounts, acme and globex, each an
// organization of its own there, and shows that every request carried its own account's key.
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
    .AddUserSecrets(typeof(Program).Assembly, optional: true)
    .AddEnvironmentVariables()
    .Build();

using var harness = configuration.GetSection("UploadClients:Accounts").GetChildren().Any() ? null : UploadClientsHarness.Start();
if (harness is not null)
{
    // Offline: two organizations in the fake, and configuration for them, as appsettings.json would hold it.
    var keys = new Dictionary<string, string> { ["acme"] = "od_live_acme_sample_0001", ["globex"] = "od_live_globex_sample_0002" };
    var settings = new Dictionary<string, string?>();
    foreach (var (name, key) in keys)
    {
        harness.OptimalDial.AddOrganization(key);
        settings[$"UploadClients:Accounts:{name}:OptimalDial:ApiKey"] = key;
        settings[$"UploadClients:Accounts:{name}:OptimalDial:BaseAddress"] = harness.BaseAddress.ToString();
        settings[$"UploadClients:Accounts:{name}:OptimalDial:Polling:InitialDelay"] = "00:00:00.200";
        settings[$"UploadClients:Accounts:{name}:OptimalDial:Polling:MaxDelay"] = "00:00:01";
    }

    configuration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
    AnsiConsole.MarkupLine($"[yellow]No accounts are configured:[/] using the offline fake at [blue]{harness.BaseAddress}[/] with accounts [bold]acme[/] and [bold]globex[/].");
}

// One registration per account found in configuration: each gets its own pipeline, key, token cache and write limit.
var services = new ServiceCollection();
foreach (var account in configuration.GetSection("UploadClients:Accounts").GetChildren())
{
    services.AddUploadClients(account.Key, account);
}

using var provider = services.BuildServiceProvider();
var clients = provider.GetRequiredService<IUploadClientFactory>();

var given = args.FirstOrDefault();
var results = await Task.WhenAll(clients.AccountNames.Select(async name =>
{
    // Each customer's list; the same generated one for all when no file is given.
    var file = given is not null ? UploadFile.FromPath(given) : UploadFile.FromBytes(GenerateCsv(name), name + "-contacts.csv");
    try
    {
        var upload = await clients.GetOptimalDial(name).UploadAndWaitAsync(new OptimalDialUploadRequest { File = file, PhoneColumn = "phone" });
        return (Name: name, Upload: upload, Error: (string?)null);
    }
    catch (UploadClientsException ex)
    {
        return (Name: name, Upload: (OptimalDialUpload?)null, Error: ex.Message);
    }
}));

var table = new Table().AddColumns("account", "upload", "status", "valid rows", "requests (offline: whose key)");
foreach (var (name, upload, error) in results)
{
    table.AddRow(
        Markup.Escape(name),
        upload?.Id.ToString() ?? "-",
        upload is null ? $"[red]{Markup.Escape(error ?? "failed")}[/]" : upload.Status.ToString(),
        upload?.ValidRowCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
        harness is null ? "-" : Markup.Escape(WhoseKeys(harness, configuration, name, upload?.Id)));
}

AnsiConsole.Write(table);
return results.All(r => r.Upload?.Status == OptimalDialUploadStatus.Completed) ? 0 : 1;

// Offline only: the keys the fake received with this account's requests (its file's POST and its upload's
// status reads), each shown by the name of the account it belongs to.
static string WhoseKeys(UploadClientsHarness harness, IConfiguration configuration, string name, Guid? uploadId)
{
    var owners = configuration.GetSection("UploadClients:Accounts").GetChildren()
        .ToDictionary(a => "Bearer " + a["OptimalDial:ApiKey"], a => a.Key);
    var mine = harness.Journal.Entries
        .Where(e => e.Path.StartsWith("/api/v1/uploads", StringComparison.Ordinal) && (e.BodyText().Contains(name + "-contacts.csv", StringComparison.Ordinal) || (uploadId is { } id && e.Path.Contains(id.ToString(), StringComparison.Ordinal))))
        .Select(e => owners.GetValueOrDefault(e.Header("Authorization") ?? string.Empty, "another key"))
        .ToList();
    return $"{mine.Count}, all {string.Join(", ", mine.Distinct())}'s";
}

static byte[] GenerateCsv(string account)
{
    var csv = new StringBuilder("name,phone\n");
    for (var i = 0; i < 150; i++)
    {
        csv.Append(account).Append(" contact ").Append(i).Append(",(212) 555-").Append((1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
    }

    return Encoding.UTF8.GetBytes(csv.ToString());
}
