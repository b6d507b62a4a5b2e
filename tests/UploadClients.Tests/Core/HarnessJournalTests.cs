using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

public class The_harness_journals_a_request_before_its_answer_arrives
{
    [Fact]
    public async Task A_client_holding_its_answer_always_finds_its_request()
    {
        using var host = TestHost.Start();
        var ids = Enumerable.Range(0, 8).Select(_ => host.Harness.OptimalDial.AddUpload("processing")).ToList();

        // Eight clients at once, so the server is busy when each answer arrives; each checks at once.
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            for (var i = 1; i <= 150; i++)
            {
                await host.OptimalDial.GetUploadAsync(id);
                Assert.Equal(i, host.Harness.Journal.For(HarnessEndpoint.OptimalDialGetUpload).Count(e => e.Path.EndsWith(id.ToString(), StringComparison.Ordinal)));
            }
        })));
    }
}

public class A_dropped_connection_after_the_fake_handled_it
{
    [Fact]
    public async Task Takes_effect_at_the_fake_and_loses_only_the_answer()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection().AfterTheFakeHandledIt());

        await Assert.ThrowsAsync<UploadOutcomeUnknownException>(() => host.OptimalDial.CreateUploadAsync(new UploadClients.OptimalDial.OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Single(host.Harness.OptimalDial.UploadIds); // created and charged, as the fault's documentation says
        Assert.Equal(150, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task Before_reading_the_body_takes_no_effect()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.DropConnection(afterReadingBody: false));

        await Assert.ThrowsAnyAsync<Exception>(() => host.OptimalDial.CreateUploadAsync(new UploadClients.OptimalDial.OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Empty(host.Harness.OptimalDial.UploadIds);
    }
}
