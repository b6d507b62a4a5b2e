using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UploadClients.HealthChecks;
using UploadClients.Testing;
using UploadClients.Tests.Contract;
using UploadClients.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UploadClients.Tests.Diagnostics;

/// <summary>Found by attacking the drift check: each of these failed before its fix.</summary>
public sealed class The_drift_check_under_attack : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    private static ServiceProvider OptimalDialAt(string baseAddress, string apiKey = "od_live_stubkey")
    {
        var services = new ServiceCollection();
        services.AddUploadClients(o =>
        {
            o.OptimalDial.ApiKey = apiKey;
            o.OptimalDial.BaseAddress = new Uri(baseAddress);
            o.OptimalDial.Retry.MaxRetries = 0;
        });
        return services.BuildServiceProvider();
    }

    private void Serve(string path, string body, int status = 200, string contentType = "application/json") =>
        _server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    private static Task<ProviderDriftReport> CheckAsync(ServiceProvider services) =>
        services.GetRequiredService<IProviderDriftCheck>().CheckAsync(new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial } });

    [Fact]
    public async Task Sends_no_client_secret_to_a_token_endpoint_the_clients_would_refuse()
    {
        using var host = TestHost.Start(talkdeskOAuth: true, configure: o => o.Talkdesk.TokenEndpoint = new Uri("http://talkdesk-token.example/oauth/token"));

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(
            new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial, UploadProvider.Talkdesk } }));

        Assert.Contains(refused.Problems, p => p.StartsWith("UploadClients:Talkdesk:TokenEndpoint must use https", StringComparison.Ordinal));
        Assert.Empty(host.Harness.Journal.Entries); // not even OptimalDial's reads: every problem before any call
    }

    [Fact]
    public async Task Lists_a_token_endpoint_it_cannot_make_as_a_configuration_problem()
    {
        using var host = TestHost.Start(talkdeskOAuth: true, configure: o =>
        {
            o.Talkdesk.TokenEndpoint = null;
            o.Talkdesk.AccountName = null;
        });

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(
            new ProviderDriftCheckOptions { Providers = { UploadProvider.Talkdesk } }));

        Assert.Contains(refused.Problems, p => p.Contains("UploadClients:Talkdesk:AccountName (or UploadClients:Talkdesk:TokenEndpoint) is needed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Never_prints_a_member_named_after_the_credential()
    {
        Serve("/api/v1/uploads", """{"data":[],"next_cursor":null,"od_live_stubkey":"x"}""");
        Serve("/api/v1/webhooks", "[]");
        using var services = OptimalDialAt(_server.Url!);

        var report = await CheckAsync(services);

        var notice = Assert.Single(report.Checks[0].Findings);
        Assert.DoesNotContain("stubkey", notice.Path, StringComparison.Ordinal);
        Assert.Equal(DriftFindingKind.Undocumented, notice.Kind);
    }

    [Fact]
    public async Task Says_what_failed_in_the_transport_without_quoting_the_server()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            // Both reads (the uploads and the webhook endpoints) get the same broken answer.
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Phone +15551234567 sk_live_SECRET: y\r\nContent-Length: 2\r\n\r\n{}"));
            }
        });
        using var services = OptimalDialAt($"http://127.0.0.1:{port}/");

        var report = await CheckAsync(services);
        await serve;

        Assert.Equal(2, report.Checks.Count);
        var failed = report.Checks[0];
        Assert.Equal(ProviderCheckOutcome.Failed, failed.Outcome);
        Assert.DoesNotContain("15551234567", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", failed.Message, StringComparison.Ordinal);
        Assert.Contains("got no answer (", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_refusal_in_other_shapes_as_a_refusal_with_notices_not_drift()
    {
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Unauthorized"}"""));
        using var services = OptimalDialAt(_server.Url!);

        var report = await CheckAsync(services);

        var refused = Assert.Single(report.Checks);
        Assert.Equal(ProviderCheckOutcome.Refused, refused.Outcome);
        Assert.Contains(refused.Findings, f => f is { Path: "WWW-Authenticate", Kind: DriftFindingKind.Header, IsDrift: false });
        Assert.Contains(refused.Findings, f => f is { Path: "detail", Kind: DriftFindingKind.Missing, IsDrift: false });
        Assert.False(report.HasDrift);
        Assert.Equal(UploadClients.Cli.Cli.Refused, UploadClients.Cli.DoctorCommand.ExitCodeOf(report));
    }

    [Fact]
    public async Task Reads_an_answer_with_a_lone_surrogate_as_the_SDK_does()
    {
        Serve("/api/v1/uploads", """{"data":[],"next_cursor":null,"note":"cut \ud83d"}""");
        Serve("/api/v1/webhooks", "[]");
        using var services = OptimalDialAt(_server.Url!);

        var report = await CheckAsync(services);

        Assert.Equal(ProviderCheckOutcome.Conforms, report.Checks[0].Outcome);
        Assert.Equal(("note", DriftFindingKind.Undocumented), Assert.Single(report.Checks[0].Findings) is var f ? (f.Path, f.Kind) : default);
    }

    [Fact]
    public async Task Reads_no_answer_over_the_configured_bound()
    {
        Serve("/api/v1/uploads", "{\"data\":[],\"next_cursor\":null,\"pad\":\"" + new string('x', 8192) + "\"}");
        Serve("/api/v1/webhooks", "[]");
        var services = new ServiceCollection();
        services.AddUploadClients(o =>
        {
            o.OptimalDial.ApiKey = "od_live_stubkey";
            o.OptimalDial.BaseAddress = new Uri(_server.Url!);
            o.OptimalDial.MaxResponseBodyBytes = 2048;
        });
        using var provider = services.BuildServiceProvider();

        var report = await CheckAsync(provider);

        Assert.Equal((ProviderCheckOutcome.Failed, "OptimalDial: GET /api/v1/uploads?limit=1 got no usable answer (UploadResponseTooLargeException)."), (report.Checks[0].Outcome, report.Checks[0].Message));
        Assert.Equal(ProviderCheckOutcome.Conforms, report.Checks[1].Outcome);
    }

    [Fact]
    public async Task Keeps_at_most_a_hundred_findings_a_read()
    {
        var members = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"extra_{(char)('a' + (i / 26 % 26))}{(char)('a' + (i % 26))}_{i / 676}\":1"));
        Serve("/api/v1/uploads", "{\"data\":[],\"next_cursor\":null," + members + "}");
        Serve("/api/v1/webhooks", "[]");
        using var services = OptimalDialAt(_server.Url!);

        var report = await CheckAsync(services);

        Assert.Equal(100, report.Checks[0].Findings.Count);
        Assert.Equal(200, report.Checks[0].OmittedFindings);
    }

    [Fact]
    public async Task Follows_no_id_that_is_not_one()
    {
        Serve("/api/v1/uploads", """{"data":[{"id":".."}],"next_cursor":null}""");
        Serve("/api/v1/webhooks", """[{"id":".."}]""");
        using var services = OptimalDialAt(_server.Url!);

        var report = await CheckAsync(services);

        Assert.Equal(["GET /api/v1/uploads?limit=1", "GET /api/v1/webhooks"], report.Checks.Select(c => c.Endpoint));
        Assert.Equal(2, _server.LogEntries.Count);
    }

    [Fact]
    public async Task The_health_check_runs_again_after_a_check_that_failed_at_once()
    {
        var check = new CountingCheck();
        var health = new UploadClientsDriftHealthCheck(check, new UploadClientsDriftHealthCheckOptions { CacheFor = TimeSpan.Zero }, TimeProvider.System);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("drift", health, null, null) };

        var first = await health.CheckHealthAsync(context);
        var second = await health.CheckHealthAsync(context);

        Assert.Equal(2, check.Calls);
        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Healthy), (first.Status, second.Status));
    }

    /// <summary>Throws a configuration problem at once the first time (before any await), then conforms.</summary>
    private sealed class CountingCheck : IProviderDriftCheck
    {
        public int Calls { get; private set; }

        public Task<ProviderDriftReport> CheckAsync(ProviderDriftCheckOptions? options = null, CancellationToken cancellationToken = default) =>
            ++Calls == 1 ? throw new UploadValidationException(["not configured yet"]) : Task.FromResult(new ProviderDriftReport([]));
    }
}
