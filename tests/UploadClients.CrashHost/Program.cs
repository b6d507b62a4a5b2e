// uploadclients crash host: <optimaldial|orbitsearch> <harness base address> <journal directory> <operation key> <csv path> <step> [<organization id> <directory id>]
// Runs one upload-and-wait with an operation key against the harness of the test process. When the
// flow reaches <step> it prints "REACHED <step>" and blocks on standard input: the test kills it there
// with SIGKILL, then runs the same key again and reads the fake's ledger.
using Microsoft.Extensions.DependencyInjection;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Testing.OptimalDial;
using UploadClients.Testing.OrbitSearch;

var (provider, baseAddress, journal, key, csv, step) = (args[0], new Uri(args[1]), args[2], args[3], args[4], args[5]);
var services = new ServiceCollection();
services.AddUploadClients(o =>
{
    o.OptimalDial.BaseAddress = baseAddress;
    o.OptimalDial.ApiKey = OptimalDialFake.ApiKey;
    o.OrbitSearch.BaseAddress = baseAddress;
    o.OrbitSearch.AccessToken = OrbitSearchFake.AccessToken;
    foreach (var options in new UploadProviderOptions[] { o.OptimalDial, o.OrbitSearch })
    {
        options.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMinutes(1) };
    }
});
services.AddUploadJournal(journal);
using var provider_ = services.BuildServiceProvider();

UploadOperations.StepHook.Value = reached =>
{
    if (reached == step)
    {
        Console.WriteLine("REACHED " + reached);
        Console.Out.Flush();
        Console.In.ReadLine(); // held here until the test kills the process
    }
};

if (provider == "optimaldial")
{
    var upload = await provider_.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(
        new OptimalDialUploadRequest { File = UploadFile.FromPath(csv), PhoneColumn = "phone", OperationKey = key });
    Console.WriteLine("DONE " + upload.Id);
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
