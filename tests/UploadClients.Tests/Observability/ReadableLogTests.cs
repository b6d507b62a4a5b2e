using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Observability;

public class A_default_Information_log_of_one_upload
{
    [Fact]
    public async Task Is_a_few_lines_each_naming_the_provider_once()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        var information = host.Logs.Lines.Where(l => l.StartsWith("Information ", StringComparison.Ordinal) || l.StartsWith("Warning ", StringComparison.Ordinal) || l.StartsWith("Error ", StringComparison.Ordinal)).ToList();
        Assert.InRange(information.Count, 3, 6); // sent, each status change, the end; IHttpClientFactory's lines are off by default
        Assert.All(information, l => Assert.StartsWith("Information UploadClients.OptimalDial: ", l, StringComparison.Ordinal));
        foreach (var line in information)
        {
            var message = line["Information UploadClients.OptimalDial: ".Length..];
            message = message[..message.IndexOf(" [", StringComparison.Ordinal)]; // the capture appends the structured state
            Assert.True(message.Split("OptimalDial").Length <= 2, "the provider is named more than once in: " + message);
        }

        Assert.Contains(information, l => l.Contains(" is now processing (was validating)", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(information, l => l.Contains(" ended ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_retries_has_one_warning_per_retry_from_the_sdk_and_nothing_from_polly_or_httpclient()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503), times: 2);

        await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        // Every line at any level comes from the SDK's own category: Polly's telemetry is not enabled
        // and IHttpClientFactory's request logging is off, so nothing repeats what the SDK says.
        var categories = host.Logs.Lines.Select(l => l.Split(' ')[1].TrimEnd(':')).Distinct().ToList();
        Assert.Equal([UploadClientsDiagnostics.OptimalDialLogCategory], categories);
        var warnings = host.Logs.Lines.Where(l => l.StartsWith("Warning ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, l => Assert.Matches(@"^Warning UploadClients\.OptimalDial: OptimalDial GET \S+/api/v1/uploads/\S+: retry [12] in ", l));
    }
}
