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
