using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;

namespace UploadClients.Tests.Infrastructure;

/// <summary>A harness plus a service provider wired to it the way an application would be.</summary>
internal sealed class TestHost : IDisposable
{
    private readonly Func<ServiceProvider>? _rebuild;
    private readonly bool _ownsHarness;

    private TestHost(UploadClientsHarness harness, ServiceProvider services, TestClock? clock, CapturingLoggerProvider logs, Func<ServiceProvider>? rebuild = null, bool ownsHarness = true)
    {
        Harness = harness;
        Services = services;
        Clock = clock;
        Logs = logs;
        _rebuild = rebuild;
        _ownsHarness = ownsHarness;
    }

    /// <summary>
    /// The application started again (a restarted worker): a new service provider with the same
    /// configuration, on the same harness. Disposing it leaves the harness running.
    /// </summary>
    public TestHost Restart() => new(Harness, _rebuild!(), Clock, Logs, _rebuild, ownsHarness: false);

    /// <summary>Every log line the SDK and IHttpClientFactory wrote, at Trace level and up.</summary>
    public CapturingLoggerProvider Logs { get; }

    public UploadClientsHarness Harness { get; }

    public ServiceProvider Services { get; }

    public TestClock? Clock { get; }

    /// <summary>The request and upload timeout on a test clock: far beyond any delay, so only <see cref="TestClock.RunPastHeldAsync"/> lets it pass.</summary>
    public static TimeSpan ClockTimeout { get; } = TimeSpan.FromDays(1);

    public IOptimalDialClient OptimalDial => Services.GetRequiredService<IOptimalDialClient>();

    public IOptimalDialWebhookEndpoints OptimalDialWebhooks => Services.GetRequiredService<IOptimalDialWebhookEndpoints>();

    public IOrbitSearchClient OrbitSearch => Services.GetRequiredService<IOrbitSearchClient>();

    public ITalkdeskClient Talkdesk => Services.GetRequiredService<ITalkdeskClient>();

    /// <summary>
    /// Starts a harness and a provider. With <paramref name="clock"/>, all SDK time (polling and
    /// retry delays) runs on it and timeouts are set far beyond any delay; without, retries use
    /// real but tiny delays. With <paramref name="talkdeskOAuth"/>, Talkdesk authenticates with OAuth
    /// client credentials against the harness's token endpoint instead of a fixed token.
    /// </summary>
    public static TestHost Start(
        TestClock? clock = null,
        Action<UploadClientsOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool talkdeskOAuth = false)
    {
        var harness = UploadClientsHarness.Start(new HarnessOptions { TimeProvider = clock ?? TimeProvider.System });
        var logs = new CapturingLoggerProvider();
        ServiceProvider Build()
        {
            var collection = new ServiceCollection();
            collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            if (clock is not null)
            {
                collection.AddSingleton<TimeProvider>(clock);
            }

            collection.AddUploadClients(o =>
            {
                harness.Configure(o);
                foreach (var provider in new UploadProviderOptions[] { o.OptimalDial, o.OrbitSearch, o.Talkdesk })
                {
                    provider.Retry.BaseDelay = TimeSpan.FromMilliseconds(clock is null ? 5 : 500);
                    provider.Retry.MaxDelay = TimeSpan.FromMilliseconds(clock is null ? 20 : 2000);
                    if (clock is not null)
                    {
                        provider.RequestTimeout = ClockTimeout;
                        provider.UploadTimeout = ClockTimeout;
                    }

                    provider.Polling = new PollingOptions
                    {
                        InitialDelay = TimeSpan.FromSeconds(1),
                        MaxDelay = TimeSpan.FromSeconds(8),
                        Timeout = TimeSpan.FromMinutes(10),
                    };
                }

                if (talkdeskOAuth)
                {
                    harness.ConfigureClientCredentials(o.Talkdesk);
                }

                configure?.Invoke(o);
            });
            services?.Invoke(collection);
            return collection.BuildServiceProvider();
        }

        return new TestHost(harness, Build(), clock, logs, Build);
    }

    public void Dispose()
    {
        Services.Dispose();
        if (_ownsHarness)
        {
            Harness.Dispose();
        }
    }
}
