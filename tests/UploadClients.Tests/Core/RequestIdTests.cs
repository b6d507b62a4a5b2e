using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UploadClients.Tests.Core;

/// <summary>
/// What a provider's support asks for: the request id and the headers of the failed response. No
/// provider page documents a request-id header, so the fakes send none: a WireMock server of its own
/// answers here with one, beside headers that hold secrets.
/// </summary>
public sealed class A_failed_response_keeps_its_request_id_and_headers : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    private IOptimalDialClient Client()
    {
        var services = new ServiceCollection().AddUploadClients(o =>
        {
            o.OptimalDial.BaseAddress = new Uri(_server.Url! + "/");
            o.OptimalDial.ApiKey = "od_live_secret_0001";
        }).BuildServiceProvider();
        return services.GetRequiredService<IOptimalDialClient>();
    }

    [Fact]
    public async Task An_api_error_carries_the_request_id_in_its_property_and_message_and_the_headers_redacted()
    {
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(404)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("X-Request-Id", "req-7f3a")
            .WithHeader("Set-Cookie", "session=abc123")
            .WithHeader("X-Echo", "Bearer od_live_secret_0001")
            .WithBody("{\"detail\": \"Upload not found\"}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Client().GetUploadAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("req-7f3a", ex.RequestId);
        Assert.EndsWith("(request id req-7f3a)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("req-7f3a", ex.ResponseHeaders["x-request-id"]);
        Assert.Equal("***", ex.ResponseHeaders["Set-Cookie"]);
        Assert.DoesNotContain("od_live_secret_0001", ex.ResponseHeaders["X-Echo"], StringComparison.Ordinal);
        Assert.Equal("application/json", ex.ResponseHeaders["Content-Type"]);
    }

    [Fact]
    public async Task An_unreadable_success_carries_an_s3_style_request_id()
    {
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "text/html")
            .WithHeader("x-amz-request-id", "4442587FB7D0A2F9")
            .WithBody("<html>gateway</html>"));

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => Client().GetUploadAsync(Guid.NewGuid()));

        Assert.Equal("4442587FB7D0A2F9", ex.RequestId);
        Assert.Contains("(request id 4442587FB7D0A2F9)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_one_the_message_is_unchanged_and_the_id_null()
    {
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody("{\"detail\": \"Upload not found\"}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Client().GetUploadAsync(Guid.NewGuid()));

        Assert.Null(ex.RequestId);
        Assert.DoesNotContain("request id", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ex.ResponseHeaders);
    }
}
