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
        AccountsOf(services).HasDefault = true;
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
        var source = section.Exists() ? section : configuration;
        services.AddOptions<UploadClientsOptions>().Configure(options => CheckedBinding.Bind(source, options, UploadClientsOptions.SectionName)).ValidateOnStart();
        // What OptionsConfigurationServiceCollectionExtensions.Configure(section) adds beside its binding:
        // IOptionsMonitor binds again when the configuration reloads.
        services.AddSingleton<IOptionsChangeTokenSource<UploadClientsOptions>>(new ConfigurationChangeTokenSource<UploadClientsOptions>(Options.Options.DefaultName, source));
        AccountsOf(services).HasDefault = true;
        return AddCore(services);
    }

    /// <summary>
    /// Registers a named account beside the default one: its clients come from
    /// <see cref="IUploadClientFactory"/> (<c>GetOptimalDial(name)</c> and so on), each on pipelines,
    /// a token cache and a rate limiter of its own. Its settings are checked at host start, in
    /// messages that name it (<c>UploadClients:Accounts:acme:OptimalDial:ApiKey</c>): it must set the
    /// credential of at least one provider, and every credential it sets must be valid.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The account's name: letters, digits, '.', '_' and '-', at most 100 characters; compared ignoring case.</param>
    /// <param name="configure">Sets the account's options (a fresh <see cref="UploadClientsOptions"/>: nothing is inherited from the default account).</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid account name, or differs only in case from a registered one.</exception>
    public static IServiceCollection AddUploadClients(this IServiceCollection services, string name, Action<UploadClientsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var account = AccountsOf(services).Register(name);
        services.AddOptions<UploadClientsOptions>(account.Name).Configure(configure).ValidateOnStart();
        AddCore(services);
        AddAccount(services, account);
        return services;
    }

    /// <summary>
    /// Registers a named account whose options bind from configuration: <paramref name="configuration"/>
    /// is the root or any section holding <c>UploadClients:Accounts:{name}</c>, the <c>UploadClients</c>
    /// section (holding <c>Accounts:{name}</c>), or the account's own section (whose key is the name).
    /// An account missing from the configuration fails at host start, naming it.
    /// See <see cref="AddUploadClients(IServiceCollection, string, Action{UploadClientsOptions})"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The account's name: letters, digits, '.', '_' and '-', at most 100 characters; compared ignoring case.</param>
    /// <param name="configuration">Where the account's section is.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid account name, or differs only in case from a registered one.</exception>
    public static IServiceCollection AddUploadClients(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var account = AccountsOf(services).Register(name);
        account.Configurations.Add(configuration);
        var accountName = account.Name;
        services.AddOptions<UploadClientsOptions>(accountName)
            .Configure(options =>
            {
                // Located when the options are made, not now: configuration sources may still be added.
                if (UploadClientAccounts.Locate(configuration, accountName) is { } section)
                {
                    CheckedBinding.Bind(section, options, "UploadClients:Accounts:" + accountName);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<UploadClientsOptions>>(new ConfigurationChangeTokenSource<UploadClientsOptions>(accountName, configuration));
        AddCore(services);
        AddAccount(services, account);
        return services;
    }

    /// <summary>
    /// The name in IHttpClientFactory of a named account's <see cref="HttpClient"/> (to add handlers
    /// of your own to one account's pipeline): <c>"UploadClients.OptimalDial:acme"</c> for
    /// <see cref="OptimalDialHttpClientName"/> and "acme". For the default account (an empty name) it is
    /// <paramref name="clientName"/> itself.
    /// </summary>
    /// <param name="clientName">One of the <c>…HttpClientName</c> constants.</param>
    /// <param name="accountName">The account's name as registered, or the empty string for the default account.</param>
    /// <returns>The HttpClient name.</returns>
    public static string GetHttpClientName(string clientName, string accountName)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(accountName);
        return accountName.Length == 0 ? clientName : clientName + ":" + accountName;
    }

    private static UploadClientAccounts AccountsOf(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(UploadClientAccounts))?.ImplementationInstance is UploadClientAccounts existing)
        {
            return existing;
        }

        var accounts = new UploadClientAccounts();
        services.AddSingleton(accounts);
        return accounts;
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        // A second AddUploadClients only adds configuration; the clients and pipelines exist once.
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        AccountsOf(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadClientsOptions>, SettingsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadClientsOptions>, AccountValidator>());
        services.PostConfigure<UploadClientsOptions>(Options.Options.DefaultName, o => AssignAccount(o, null));
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.TryAddSingleton<UploadClientFactory>();
        services.TryAddSingleton<AccountTransports>();
        services.TryAddSingleton<IUploadClientFactory>(sp => sp.GetRequiredService<UploadClientFactory>());
        AddHttpClients(services, Options.Options.DefaultName);
        services.TryAddSingleton(sp => sp.GetRequiredService<UploadClientFactory>().Default().OptimalDial);
        services.TryAddSingleton(sp => sp.GetRequiredService<UploadClientFactory>().Default().OptimalDialWebhookEndpoints);
        services.TryAddSingleton(sp => sp.GetRequiredService<UploadClientFactory>().Default().OrbitSearch);
        services.TryAddSingleton(sp => sp.GetRequiredService<UploadClientFactory>().Default().Talkdesk);
        services.TryAddSingleton(sp => sp.GetRequiredService<UploadClientFactory>().Default().DriftCheck);
        return services;
    }

    /// <summary>A named account's registrations, once per account.</summary>
    private static void AddAccount(IServiceCollection services, UploadClientAccounts.Registration account)
    {
        if (account.ServicesAdded)
        {
            return;
        }

        account.ServicesAdded = true;
        var name = account.Name;
        services.PostConfigure<UploadClientsOptions>(name, o => AssignAccount(o, name));
        AddHttpClients(services, name);
    }

    private static void AssignAccount(UploadClientsOptions options, string? account)
    {
        options.OptimalDial?.AssignAccount(account);
        options.OrbitSearch?.AssignAccount(account);
        options.Talkdesk?.AssignAccount(account);
    }

    /// <summary>An account's named HttpClients: each provider's API pipeline, and those that carry no credentials.</summary>
    private static void AddHttpClients(IServiceCollection services, string account)
    {
        AddProviderHttpClient(services, OptimalDialHttpClientName, account, o => o.OptimalDial, (_, o) => AccessTokenSource.Fixed(() => o.OptimalDial.ApiKey));
        AddProviderHttpClient(services, OptimalDialStorageHttpClientName, account, o => o.OptimalDial, token: null);
        AddProviderHttpClient(services, OrbitSearchHttpClientName, account, o => o.OrbitSearch, (_, o) => OrbitSearchClient.TokensOf(o.OrbitSearch));
        AddProviderHttpClient(services, TalkdeskSignedUrlHttpClientName, account, o => o.Talkdesk, token: null);
        AddProviderHttpClient(
            services,
            TalkdeskHttpClientName,
            account,
            o => o.Talkdesk,
            (sp, o) => TalkdeskClient.TokensOf(o.Talkdesk, () => o.Talkdesk.UsesClientCredentials ? sp.GetRequiredService<UploadClientFactory>().For(account).TalkdeskOAuth : null));
    }

    private static void AddProviderHttpClient(
        IServiceCollection services,
        string clientName,
        string account,
        Func<UploadClientsOptions, UploadProviderOptions> select,
        Func<IServiceProvider, UploadClientsOptions, AccessTokenSource>? token)
    {
        var http = services.AddHttpClient(GetHttpClientName(clientName, account), (sp, client) =>
            {
                var options = select(UploadClientFactory.OptionsOf(sp, account));
                client.BaseAddress = token is null ? null : options.BaseAddress; // no base: signed URLs are absolute
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline's timeouts govern
            })
            // Named accounts share one connection pool per kind of client (connections carry no credentials:
            // each request has its own account's); the default account keeps IHttpClientFactory's own handler.
            .ConfigurePrimaryHttpMessageHandler(sp => account.Length == 0
                ? HttpPipeline.CreatePrimaryHandler(followRedirects: token is null)
                : sp.GetRequiredService<AccountTransports>().Create(followRedirects: token is null))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan) // the client is a singleton; PooledConnectionLifetime handles DNS changes
            // The SDK logs every call itself (categories UploadClients.<Provider>); IHttpClientFactory's
            // own request logging cost 0.5 KB a call (docs/benchmarks.md). AddDefaultLogger() brings it back.
            .RemoveAllLoggers();

        // The SDK's steps come from the one place that builds them (HttpPipeline), as they do for clients made without DI.
        http.ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
        {
            var all = UploadClientFactory.OptionsOf(sp, account);
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
    /// when the options are first read, and at host start (ValidateOnStart). Credentials of the
    /// default account are checked when a provider's client is first resolved, so an app that uses one
    /// provider need not configure the others.
    /// </summary>
    private sealed class SettingsValidator : IValidateOptions<UploadClientsOptions>
    {
        public ValidateOptionsResult Validate(string? name, UploadClientsOptions options)
        {
            // Everything at once: values that did not bind, every setting, and credentials that are set but malformed
            // (a missing one waits for the provider's first resolve: an app that uses one provider need not configure the others).
            var providers = new UploadProviderOptions[] { options.OptimalDial, options.OrbitSearch, options.Talkdesk }.Where(p => p is not null).ToList();
            var problems = options.ConfigurationProblems
                .Concat(providers.SelectMany(p => p.ValidateSettings()))
                .Concat(providers.SelectMany(p => p.CredentialTextProblems()))
                .ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    /// <summary>
    /// Checks a named account at host start: its configuration section exists (when registered from
    /// configuration), it sets a credential for at least one provider, and every provider it configures
    /// has valid credentials. Messages name the account's keys.
    /// </summary>
    private sealed class AccountValidator(UploadClientAccounts accounts) : IValidateOptions<UploadClientsOptions>
    {
        public ValidateOptionsResult Validate(string? name, UploadClientsOptions options)
        {
            if (string.IsNullOrEmpty(name) || accounts.Find(name) is not { } account)
            {
                return ValidateOptionsResult.Skip;
            }

            var prefix = "UploadClients:Accounts:" + account.Name;
            var problems = new List<string>();
            var sections = account.Configurations.Select(c => UploadClientAccounts.Locate(c, account.Name)).ToList();
            if (sections.Any(s => s is null))
            {
                problems.Add(
                    $"{prefix} is not in the configuration: account '{account.Name}' is registered with AddUploadClients(\"{account.Name}\", configuration) but has no settings " +
                    $"(an appsettings section {prefix}, or environment variables such as {prefix.Replace(":", "__", StringComparison.Ordinal)}__OptimalDial__ApiKey).");
                return ValidateOptionsResult.Fail(problems);
            }

            var providers = new UploadProviderOptions?[] { options.OptimalDial, options.OrbitSearch, options.Talkdesk }.OfType<UploadProviderOptions>().ToList();
            if (!providers.Any(p => p.HasCredentials))
            {
                problems.Add(
                    $"{prefix} sets no credential for any provider: set {prefix}:OptimalDial:ApiKey, {prefix}:OrbitSearch:AccessToken, or {prefix}:Talkdesk:AccessToken " +
                    $"(or {prefix}:Talkdesk:ClientId and ClientSecret).");
            }

            foreach (var provider in providers)
            {
                // A provider is configured when it has a credential, or when a section of its own is in the account's configuration.
                var configured = provider.HasCredentials || sections.Any(s => s!.GetSection(provider.ProviderName).Exists());
                if (configured)
                {
                    problems.AddRange(provider.ValidateCredentials());
                }
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
