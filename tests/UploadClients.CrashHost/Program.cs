// uploadclients crash host: <optimaldial|orbitsearch|talkdesk|talkdesk-list> <harness base address> <journal directory> <operation key> <csv path> <step> [<organization id> <directory id> | <record list id> | <new list name>]
//                            journal <journal directory> <operation key> <step>
// Runs one upload-and-wait with an operation key against the harness of the test process. When the
// flow reaches <step> it prints "REACHED <step>" and blocks on standard input: the test kills it there
// with SIGKILL, then runs the same key again and reads the fake's ledger.
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing.OptimalDial;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Testing.Talkdesk;

if (args[0] == "journal")
{
    // Records Sending, then Created: the test kills it inside the second write and reads the first.
    var fileJournal = new FileUploadJournal(args[1]);
    var sending = new UploadOperation
    {
        Key = args[2], Provider = "OptimalDial", FileName = "contacts.csv", FileLength = 1234, FileSha256 = new string('a', 64),
        Step = UploadOperationStep.Sending, StartedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };
    await fileJournal.SaveAsync(sending);
    HoldAt(args[3]);
    await fileJournal.SaveAsync(sending with { Step = UploadOperationStep.Created, ProviderId = "f3c9b8a7-1234-4abc-9def-0123456789ab" });
    Console.WriteLine("DONE");
    return;
}

var (provider, baseAddress, journal, key, csv, step) = (args[0], new Uri(args[1]), args[2], args[3], args[4], args[5]);
var services = new ServiceCollection();
services.AddUploadClients(o =>
{
    o.OptimalDial.BaseAddress = baseAddress;
    o.OptimalDial.ApiKey = OptimalDialFake.ApiKey;
    o.OrbitSearch.BaseAddress = baseAddress;
    o.OrbitSearch.AccessToken = OrbitSearchFake.AccessToken;
    o.Talkdesk.BaseAddress = baseAddress;
    o.Talkdesk.AccessToken = TalkdeskFake.AccessToken;
    foreach (var options in new UploadProviderOptions[] { o.OptimalDial, o.OrbitSearch, o.Talkdesk })
    {
        options.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMinutes(1) };
    }
});
services.AddUploadJournal(journal);
using var provider_ = services.BuildServiceProvider();

HoldAt(step);

if (provider == "optimaldial")
{
    var upload = await provider_.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(
        new OptimalDialUploadRequest { File = UploadFile.FromPath(csv), PhoneColumn = "phone", OperationKey = key });
    Console.WriteLine("DONE " + upload.Id);
}
else if (provider == "talkdesk-list")
{
    var list = await provider_.GetRequiredService<ITalkdeskClient>().CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = args[6], File = UploadFile.FromPath(csv), OperationKey = key });
    Console.WriteLine("DONE " + list.Id);
}
else if (provider == "talkdesk")
{
    var uploaded = await provider_.GetRequiredService<ITalkdeskClient>().UploadAndWaitAsync(args[6], new TalkdeskCreateUploadRequest { File = UploadFile.FromPath(csv), OperationKey = key });
    Console.WriteLine("DONE " + uploaded.Id);
}
else
{
    var source = await provider_.GetRequiredService<IOrbitSearchClient>().UploadAndWaitAsync(new OrbitSearchCsvUploadRequest
    {
        OrganizationId = Guid.Parse(args[6]),
        DirectoryId = Guid.Parse(args[7]),
        File = UploadFile.FromPath(csv),
        OperationKey = key,
    });
    Console.WriteLine("DONE " + source.SourceId);
}

// Prints "REACHED <step>" when the flow reaches it, and blocks there until the test kills the process.
static void HoldAt(string step) => UploadOperations.StepHook.Value = reached =>
{
    if (reached == step)
    {
        Console.WriteLine("REACHED " + reached);
        Console.Out.Flush();
        Console.In.ReadLine();
    }
};
