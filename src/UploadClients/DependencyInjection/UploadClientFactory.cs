using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using Names = Microsoft.Extensions.DependencyInjection.UploadClientsServiceCollectionExtensions;

namespace UploadClients;

/// <summary>
/// Makes and keeps every account's clients, the default account's included (the DI registrations of
/// <see cref="IOptimalDialClient"/> and the others resolve through <see cref="Default"/>).
/// </summary>
internal sealed class UploadClientFactory(IServiceProvider services, UploadClientAccounts accounts) : IUploadClientFactory
{
    private readonly ConcurrentDictionary<string, AccountClients> _clients = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<string> AccountNames => accounts.Names;

    /// <inheritdoc />
    public IOptimalDialClient GetOptimalDial(string name) => For(name).OptimalDial;

    /// <inheritdoc />
    public IOptimalDialWebhookEndpoints GetOptimalDialWebhookEndpoints(string name) => For(name).OptimalDialWebhookEndpoints;

    /// <inheritdoc />
    public IOrbitSearchClient GetOrbitSearch(string name) => For(name).OrbitSearch;

    /// <inheritdoc />
    public ITalkdeskClient GetTalkdesk(string name) => For(name).Talkdesk;

    /// <inheritdoc />
    public IProviderDriftCheck GetDriftCheck(string name) => For(name).DriftCheck;

    /// <summary>The default account's clients; throws when only named accounts are registered.</summary>
    internal AccountClients Default()
    {
        if (!accounts.HasDefault)
        {
            throw new InvalidOperationException(
                "No default UploadClients account is registered: only named accounts are (" + Listed(accounts.Names) + "). " +
                "Resolve IUploadClientFactory and ask it for an account's client (GetOptimalDial(name) and so on), or register a default account with AddUploadClients(configure) or AddUploadClients(configuration).");
        }

        return _clients.GetOrAdd(Options.DefaultName, n => new AccountClients(services, n));
    }

    /// <summary>The clients of <paramref name="name"/>; the empty name is the default account.</summary>
    internal AccountClients For(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return Default();
        }

        var account = accounts.Find(name) ?? throw new InvalidOperationException(
            $"No UploadClients account is named '{new string([.. name.Take(UploadClientAccounts.MaxNameLength).Select(c => char.IsControl(c) ? '?' : c)])}'. " +
            $"Registered accounts: {Listed(accounts.Names)}{(accounts.HasDefault ? ", and the default account (the empty name)" : string.Empty)}. " +
            "Register it with services.AddUploadClients(name, configure) or services.AddUploadClients(name, configuration).");
        return _clients.GetOrAdd(account.Name, n => new AccountClients(services, n));
    }

    /// <summary>The options of <paramref name="account"/> (the empty name: the default account, as <see cref="IOptions{TOptions}"/> gives them).</summary>
    internal static UploadClientsOptions OptionsOf(IServiceProvider services, string account) =>
        account.Length == 0
            ? services.GetRequiredService<IOptions<UploadClientsOptions>>().Value
            : services.GetRequiredService<IOptionsMonitor<UploadClientsOptions>>().Get(account);

    private static string Listed(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    /// <summary>
    /// One account's clients, each made on first use. A client whose making fails (a missing
    /// credential) is not kept: the next request tries again, as a DI factory would.
    /// </summary>
    internal sealed class AccountClients(IServiceProvider services, string account)
    {
        private readonly Lock _lock = new();
        private IOptimalDialClient? _optimalDial;
        private IOptimalDialWebhookEndpoints? _webhooks;
        private IOrbitSearchClient? _orbitSearch;
        private ITalkdeskClient? _talkdesk;
        private TalkdeskOAuthTokenProvider? _oauth;
        private IProviderDriftCheck? _drift;

        internal IOptimalDialClient OptimalDial => Once(ref _optimalDial, () => new OptimalDialClient(
            Resolve(o => o.OptimalDial),
            Http(Names.OptimalDialHttpClientName),
            Http(Names.OptimalDialStorageHttpClientName),
            Time,
            Logs));

        internal IOptimalDialWebhookEndpoints OptimalDialWebhookEndpoints => Once(ref _webhooks, () => new OptimalDialWebhookEndpoints(
            Http(Names.OptimalDialHttpClientName),
            Resolve(o => o.OptimalDial),
            Time,
            Logs));

        internal IOrbitSearchClient OrbitSearch => Once(ref _orbitSearch, () => new OrbitSearchClient(
            Resolve(o => o.OrbitSearch),
            Time,
            Http(Names.OrbitSearchHttpClientName),
            Logs));

        internal ITalkdeskClient Talkdesk => Once(ref _talkdesk, () => new TalkdeskClient(
            Resolve(o => o.Talkdesk),
            Http(Names.TalkdeskHttpClientName),
            Http(Names.TalkdeskSignedUrlHttpClientName),
            Time,
            Logs));

        /// <summary>The account's one OAuth token cache (client credentials), shared by its Talkdesk pipeline.</summary>
        internal TalkdeskOAuthTokenProvider TalkdeskOAuth => Once(ref _oauth, () => new TalkdeskOAuthTokenProvider(
            Resolve(o => o.Talkdesk),
            Http(Names.TalkdeskSignedUrlHttpClientName),
            Time));

        /// <summary>The account's drift check, on its clients' own pipelines (made only for the providers it checks).</summary>
        internal IProviderDriftCheck DriftCheck => Once(ref _drift, () => new ProviderDriftCheck(
            () => OptionsOf(services, account),
            provider => provider switch
            {
                UploadProvider.OptimalDial => ((OptimalDialClient)OptimalDial).Pipelines[0],
                UploadProvider.OrbitSearch => ((OrbitSearchClient)OrbitSearch).Pipelines[0],
                _ => ((TalkdeskClient)Talkdesk).Pipelines[0],
            },
            () => Http(Names.TalkdeskSignedUrlHttpClientName)));

        private TimeProvider Time => services.GetRequiredService<TimeProvider>();

        private ILoggerFactory? Logs => services.GetService<ILoggerFactory>();

        private HttpClient Http(string clientName) =>
            services.GetRequiredService<IHttpClientFactory>().CreateClient(Names.GetHttpClientName(clientName, account));

        private T Resolve<T>(Func<UploadClientsOptions, T> select)
            where T : UploadProviderOptions
        {
            var options = select(OptionsOf(services, account));
            options.ThrowIfInvalid();
            return options;
        }

        private T Once<T>(ref T? field, Func<T> make)
            where T : class
        {
            if (Volatile.Read(ref field) is { } made)
            {
                return made;
            }

            lock (_lock)
            {
                return field ??= make();
            }
        }
    }
}
