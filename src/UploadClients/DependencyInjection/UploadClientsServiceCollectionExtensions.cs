using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the UploadClients SDK.</summary>
public static class UploadClientsServiceCollectionExtensions
{
    /// <summary>The name of the OptimalDial <see cref="HttpClient"/> in IHttpClientFactory (to add handlers of your own).</summary>
    public const string OptimalDialHttpClientName = "UploadClients.OptimalDial";

    /// <summary>The name of the <see cref="HttpClient"/> that fetches OptimalDial download links: retries, no credentials, no base address.</summary>
    public const string OptimalDialStorageHttpClientName = "UploadClients.OptimalDial.Storage";

    /// <summary>The name of the OrbitSearch <see cref="HttpClient"/> in IHttpClientFactory.</summary>
    public const string OrbitSearchHttpClientName = "UploadClients.OrbitSearch";

    /// <summary>The name of the Talkdesk API <see cref="HttpClient"/> in IHttpClientFactory.</summary>
    public const string TalkdeskHttpClientName = "UploadClients.Talkdesk";

    /// <summary>
    /// The name of the <see cref="HttpClient"/> for Talkdesk's S3 signed URLs and its OAuth token
    /// endpoint: it has retries but no Talkdesk credentials and no base address.
    /// </summary>
    public const string TalkdeskSignedUrlHttpClientName = "UploadClients.Talkdesk.SignedUrl";

    /// <summary>
    /// Registers <see cref="IOptimalDialClient"/> (and <see cref="IOptimalDialWebhookEndpoints"/>), <see cref="IOrbitSearchClient"/> and
    /// <see cref="ITalkdeskClient"/>, each on its own named <see cref="HttpClient"/> with the SDK's retry rules. A missing
    /// credential fails when that provider's client is first resolved, naming the setting.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddUploadClients(this IServiceCollection services, Action<UploadClientsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<UploadClientsOptions>().Configure(configure).ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>
    /// Registers the clients with options bound from <paramref name="configuration"/>: either the
    /// root (which has an <c>UploadClients</c> section) or that section itself.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root, or its <c>UploadClients</c> section.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddUploadClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(UploadClientsOptions.SectionName);
        services.AddOptions<UploadClientsOptions>().Bind(section.Exists() ? section : configuration).ValidateOnStart();
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        // A second AddUploadClients only adds configuration; the clients and pipelines exist once.
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadClientsOptions>, SettingsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        AddProviderHttpClient(services, OptimalDialHttpClientName, o => o.OptimalDial, (_, o) => AccessTokenSource.Fixed(() => o.OptimalDial.ApiKey));
        AddProviderHttpClient(services, OptimalDialStorageHttpClientName, o => o.OptimalDial, token: null);
        services.TryAddSingleton<IOptimalDialClient>(sp =>
        {
            var options = Resolve(sp, o => o.OptimalDial);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new OptimalDialClient(options, factory.CreateClient(OptimalDialHttpClientName), factory.CreateClient(OptimalDialStorageHttpClientName), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton<IOptimalDialWebhookEndpoints>(sp => new OptimalDialWebhookEndpoints(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OptimalDialHttpClientName),
            Resolve(sp, o => o.OptimalDial),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));

        AddProviderHttpClient(services, OrbitSearchHttpClientName, o => o.OrbitSearch, (_, o) => OrbitSearchClient.TokensOf(o.OrbitSearch));
        services.TryAddSingleton<IOrbitSearchClient>(sp =>
        {
            var options = Resolve(sp, o => o.OrbitSearch);
            return new OrbitSearchClient(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient(OrbitSearchHttpClientName), sp.GetService<ILoggerFactory>());
        });

        AddProviderHttpClient(services, TalkdeskSignedUrlHttpClientName, o => o.Talkdesk, token: null);
        AddProviderHttpClient(
            services,
            TalkdeskHttpClientName,
            o => o.Talkdesk,
            (sp, o) => TalkdeskClient.TokensOf(o.Talkdesk, () => o.Talkdesk.UsesClientCredentials ? sp.GetRequiredService<TalkdeskOAuthTokenProvider>() : null));
        services.TryAddSingleton(sp => new TalkdeskOAuthTokenProvider(
            Resolve(sp, o => o.Talkdesk),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(TalkdeskSignedUrlHttpClientName),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITalkdeskClient>(sp =>
        {
            var options = Resolve(sp, o => o.Talkdesk);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new TalkdeskClient(options, factory.CreateClient(TalkdeskHttpClientName), factory.CreateClient(TalkdeskSignedUrlHttpClientName), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>());
        });
        return services;
    }

    private static void AddProviderHttpClient(
        IServiceCollection services,
        string name,
        Func<UploadClientsOptions, UploadProviderOptions> select,
        Func<IServiceProvider, UploadClientsOptions, AccessTokenSource>? token)
    {
        var http = services.AddHttpClient(name, (sp, client) =>
            {
                var options = select(sp.GetRequiredService<IOptions<UploadClientsOptions>>().Value);
                client.BaseAddress = token is null ? null : options.BaseAddress; // no base: signed URLs are absolute
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline's timeouts govern
            })
            .ConfigurePrimaryHttpMessageHandler(() => HttpPipeline.CreatePrimaryHandler(followRedirects: token is null))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan); // the client is a singleton; PooledConnectionLifetime handles DNS changes

        // The SDK's steps come from the one place that builds them (HttpPipeline), as they do for clients made without DI.
        http.ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
        {
            var all = sp.GetRequiredService<IOptions<UploadClientsOptions>>().Value;
            var steps = HttpPipeline.CreateSteps(
                select(all),
                token?.Invoke(sp, all),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
            foreach (var step in steps)
            {
                handlers.Add(step);
            }
        });
    }

    /// <summary>Marks that the clients are registered.</summary>
    private sealed class Registered;

    /// <summary>
    /// Checks every provider's settings other than credentials (https addresses, timeouts, polling)
    /// when the options are first read, and at host start (ValidateOnStart). Credentials are checked
    /// when a provider's client is first resolved, so an app that uses one provider need not
    /// configure the others.
    /// </summary>
    private sealed class SettingsValidator : IValidateOptions<UploadClientsOptions>
    {
        public ValidateOptionsResult Validate(string? name, UploadClientsOptions options)
        {
            var problems = new UploadProviderOptions[] { options.OptimalDial, options.OrbitSearch, options.Talkdesk }
                .Where(p => p is not null)
                .SelectMany(p => p.ValidateSettings())
                .ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private static T Resolve<T>(IServiceProvider sp, Func<UploadClientsOptions, T> select)
        where T : UploadProviderOptions
    {
        var options = select(sp.GetRequiredService<IOptions<UploadClientsOptions>>().Value);
        options.ThrowIfInvalid();
        return options;
    }
}
