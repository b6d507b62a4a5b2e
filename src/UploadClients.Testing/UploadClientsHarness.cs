using Microsoft.AspNetCore.Builder;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing.OptimalDial;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Testing.Talkdesk;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace UploadClients.Testing;

/// <summary>
/// An in-process fake of the providers' APIs on a loopback port (WireMock.Net), for tests, the
/// samples' offline mode and your own tests. Point the SDK at it with <c>Configure</c>.
/// </summary>
/// <example>
/// <code>
/// using var harness = UploadClientsHarness.Start();
/// services.AddUploadClients(harness.Configure);
/// harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503));
/// </code>
/// </example>
public sealed class UploadClientsHarness : IDisposable
{
    private readonly WireMockServer _server;
    private readonly HarnessMiddleware _middleware;

    private UploadClientsHarness(HarnessOptions options)
    {
        Journal = new RequestJournal();
        _middleware = new HarnessMiddleware(Journal, options);
        // Port 0: the OS picks a free port while binding, and the harness reads it back (choosing a
        // free port first and binding it later races with every other process on the machine).
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["http://127.0.0.1:0"],
            StartAdminInterface = false,
            MaxRequestLogCount = 16,
            Logger = new WireMockNullLogger(),
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use((context, next) => _middleware.InvokeAsync(context, () => next())),
        });
        var port = _server.Ports.Count > 0 && _server.Ports[0] > 0
            ? _server.Ports[0]
            : throw new InvalidOperationException("The harness could not read back the port it was bound to.");
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        OptimalDial = new OptimalDialFake(_server, options.TimeProvider, BaseAddress);
        OrbitSearch = new OrbitSearchFake(_server);
        Talkdesk = new TalkdeskFake(_server, BaseAddress, options.TimeProvider);
    }

    /// <summary>The harness's address (http on 127.0.0.1).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every request received, for assertions and waiting.</summary>
    public RequestJournal Journal { get; }

    /// <summary>The OptimalDial fake: its state, scripts and credit accounting.</summary>
    public OptimalDialFake OptimalDial { get; }

    /// <summary>The OrbitSearch fake: directories, sources, idempotency keys and tokens.</summary>
    public OrbitSearchFake OrbitSearch { get; }

    /// <summary>The Talkdesk fake: record lists, upload requests, the signed URL and the token endpoint.</summary>
    public TalkdeskFake Talkdesk { get; }

    /// <summary>Starts a harness on a free loopback port.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <returns>The running harness; dispose it to stop.</returns>
    public static UploadClientsHarness Start(HarnessOptions? options = null) => new(options ?? new HarnessOptions());

    /// <summary>Points every provider of <paramref name="options"/> at this harness, with credentials it accepts.</summary>
    /// <param name="options">The SDK options to change.</param>
    public void Configure(UploadClientsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Configure(options.OptimalDial);
        Configure(options.OrbitSearch);
        Configure(options.Talkdesk);
    }

    /// <summary>Points Talkdesk options at this harness with the fixed token it accepts.</summary>
    /// <param name="options">The options to change.</param>
    public void Configure(TalkdeskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = BaseAddress;
        options.AccessToken = TalkdeskFake.AccessToken;
    }

    /// <summary>Points Talkdesk options at this harness with OAuth client credentials (no fixed token).</summary>
    /// <param name="options">The options to change.</param>
    public void ConfigureClientCredentials(TalkdeskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = BaseAddress;
        options.AccessToken = null;
        options.ClientId = TalkdeskFake.ClientId;
        options.ClientSecret = TalkdeskFake.ClientSecret;
        options.TokenEndpoint = Talkdesk.TokenEndpoint;
    }

    /// <summary>New Talkdesk options pointing at this harness.</summary>
    /// <returns>The options.</returns>
    public TalkdeskOptions CreateTalkdeskOptions()
    {
        var options = new TalkdeskOptions();
        Configure(options);
        return options;
    }

    /// <summary>Points OrbitSearch options at this harness with the token it accepts.</summary>
    /// <param name="options">The options to change.</param>
    public void Configure(OrbitSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = BaseAddress;
        options.AccessToken = OrbitSearchFake.AccessToken;
    }

    /// <summary>New OrbitSearch options pointing at this harness.</summary>
    /// <returns>The options.</returns>
    public OrbitSearchOptions CreateOrbitSearchOptions()
    {
        var options = new OrbitSearchOptions();
        Configure(options);
        return options;
    }

    /// <summary>Points OptimalDial options at this harness with the key it accepts.</summary>
    /// <param name="options">The options to change.</param>
    public void Configure(OptimalDialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = BaseAddress;
        options.ApiKey = OptimalDialFake.ApiKey;
    }

    /// <summary>New OptimalDial options pointing at this harness.</summary>
    /// <returns>The options.</returns>
    public OptimalDialOptions CreateOptimalDialOptions()
    {
        var options = new OptimalDialOptions();
        Configure(options);
        return options;
    }

    /// <summary>Applies <paramref name="fault"/> to the next <paramref name="times"/> requests to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">A <see cref="HarnessEndpoint"/> name.</param>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it hits.</param>
    public void InjectFault(string endpoint, HarnessFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        _middleware.Inject(endpoint, fault, times);
    }

    /// <summary>How many injected faults are still waiting for requests to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">A <see cref="HarnessEndpoint"/> name.</param>
    /// <returns>The count.</returns>
    public int PendingFaults(string endpoint) => _middleware.Pending(endpoint);

    /// <summary>Removes every injected fault not yet applied.</summary>
    public void ClearFaults() => _middleware.ClearFaults();

    /// <summary>Stops the server.</summary>
    public void Dispose() => _server.Stop();
}
