using System.Net;
using UploadClients.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

/// <summary>One base for the SDK's exceptions; .NET's transport exceptions keep what they carry.</summary>
public class SDK_exceptions
{
    [Fact]
    public void Every_exception_the_SDK_defines_derives_from_UploadClientsException()
    {
        var defined = typeof(UploadClientsException).Assembly.GetExportedTypes()
            .Where(t => typeof(Exception).IsAssignableFrom(t))
            .ToList();

        Assert.Contains(typeof(OptimalDialWebhookSignatureException), defined);
        Assert.True(defined.Count >= 7, string.Join(", ", defined));
        // One exception by contract derives from OperationCanceledException instead (a cancelled wait that
        // keeps the upload's id): existing catch (OperationCanceledException) blocks must go on handling it.
        var cancelled = defined.Where(typeof(UploadWaitCanceledException).IsAssignableFrom).ToList();
        Assert.Equal([typeof(UploadWaitCanceledException), typeof(UploadWaitCanceledException<>)], cancelled.OrderBy(t => t.Name.Length));
        Assert.All(cancelled, t => Assert.True(typeof(OperationCanceledException).IsAssignableFrom(t)));
        Assert.All(defined.Except(cancelled), t => Assert.True(typeof(UploadClientsException).IsAssignableFrom(t), t.Name + " does not derive from UploadClientsException"));
    }

    [Fact]
    public async Task A_forward_only_failure_is_explained_and_keeps_HttpRequestError_status_and_cause()
    {
        var file = await ForwardOnlyFileAlreadySentAsync();
        var original = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.", null, HttpStatusCode.BadGateway);

        Assert.True(ProviderHttp.WasNotRetriedForwardOnly(original, file));
        var explained = Assert.IsType<HttpRequestException>(ProviderHttp.ExplainForwardOnly(original, file, "send it again from a seekable source."));

        Assert.Equal(HttpRequestError.ResponseEnded, explained.HttpRequestError);
        Assert.Equal(HttpStatusCode.BadGateway, explained.StatusCode);
        Assert.Same(original, explained.InnerException);
        Assert.Contains("non-seekable stream that was already sent", explained.Message);
    }

    [Fact]
    public async Task A_connection_that_was_never_made_is_not_called_already_sent()
    {
        var file = await ForwardOnlyFileAlreadySentAsync();
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        Assert.False(ProviderHttp.WasNotRetriedForwardOnly(refused, file));
    }

    private static async Task<UploadFile> ForwardOnlyFileAlreadySentAsync()
    {
        var file = UploadFile.FromStream(new ForwardOnlyStream(new byte[200_000]), "big.csv");
        using var content = new UploadFileContent(file, null, "OptimalDial");
        await content.CopyToAsync(Stream.Null);
        Assert.False(file.IsReplayable);
        Assert.False(file.CanReopen);
        return file;
    }
}

public class An_unreachable_provider_is_named_with_its_setting
{
    [Fact]
    public async Task The_HttpRequestException_names_the_provider_the_address_and_the_setting()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.BaseAddress = new Uri("http://127.0.0.1:1/"));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => clock.RunAsync(host.OptimalDial.GetUploadAsync(Guid.NewGuid())));

        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.StartsWith("OptimalDial could not be reached at http://127.0.0.1:1/ (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("check UploadClients:OptimalDial:BaseAddress and the network.", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(3, clock.Delays.Count); // retried as before: the first try and 3 retries
    }
}
