using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.Testing;

namespace UploadClients.Tests.DependencyInjection;

/// <summary>
/// One customer of an integrator, as the harness knows it: an OptimalDial organization (its own key),
/// an OrbitSearch organization with a directory (its own token), a Talkdesk account with a record list
/// (its own token, and optionally its own OAuth client).
/// </summary>
internal sealed class Account
{
    private Account(string name) => Name = name;

    public string Name { get; }

    public string OptimalDialKey { get; private init; } = "";

    public string OrbitSearchToken { get; private init; } = "";

    public Guid OrbitSearchOrganization { get; private init; }

    public Guid OrbitSearchDirectory { get; private init; }

    public string TalkdeskToken { get; private init; } = "";

    public string TalkdeskClientId { get; private init; } = "";

    public string TalkdeskClientSecret { get; private init; } = "";

    public string RecordList { get; private init; } = "";

    /// <summary>
    /// What marks a request as this account's, chosen by the test or returned to this account's own
    /// clients (never read from the fake, whose view follows the credential): its organization and
    /// record-list ids, upload ids its clients got back, and its name (every file it sends is named after it).
    /// </summary>
    public ConcurrentBag<string> Markers { get; } = [];

    /// <summary>Adds the account to the harness's three fakes.</summary>
    public static Account Add(UploadClientsHarness harness, string name)
    {
        var suffix = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name));
        var organization = Guid.NewGuid();
        var optimalDialKey = "od_live_" + name + "_" + suffix;
        var orbitSearchToken = "sk_orb_" + name + "_" + suffix;
        var talkdeskToken = "td_" + name + "_" + suffix;
        var clientId = "client-" + name;
        var clientSecret = "secret-" + name + "-" + suffix;
        harness.OptimalDial.AddOrganization(optimalDialKey);
        harness.OrbitSearch.AcceptToken(orbitSearchToken, organization);
        var talkdeskAccount = harness.Talkdesk.AddAccount(talkdeskToken, clientId, clientSecret);
        var account = new Account(name)
        {
            OptimalDialKey = optimalDialKey,
            OrbitSearchToken = orbitSearchToken,
            OrbitSearchOrganization = organization,
            OrbitSearchDirectory = harness.OrbitSearch.AddDirectory(organization),
            TalkdeskToken = talkdeskToken,
            TalkdeskClientId = clientId,
            TalkdeskClientSecret = clientSecret,
            RecordList = harness.Talkdesk.AddRecordList(name + " list", talkdeskAccount),
        };
        account.Markers.Add(organization.ToString());
        account.Markers.Add(account.RecordList);
        account.Markers.Add(name + "-");
        return account;
    }

    /// <summary>Points <paramref name="options"/> at the harness with this account's credentials and quick retries and polling.</summary>
    public void Configure(UploadClientsOptions options, UploadClientsHarness harness, bool talkdeskOAuth = false)
    {
        harness.Configure(options);
        options.OptimalDial.ApiKey = OptimalDialKey;
        options.OrbitSearch.AccessToken = OrbitSearchToken;
        if (talkdeskOAuth)
        {
            harness.ConfigureClientCredentials(options.Talkdesk);
            options.Talkdesk.ClientId = TalkdeskClientId;
            options.Talkdesk.ClientSecret = TalkdeskClientSecret;
        }
        else
        {
            options.Talkdesk.AccessToken = TalkdeskToken;
        }

        foreach (var provider in new UploadProviderOptions[] { options.OptimalDial, options.OrbitSearch, options.Talkdesk })
        {
            provider.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
            provider.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
            provider.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMinutes(2) };
        }
    }

    /// <summary>Registers this account by its name.</summary>
    public IServiceCollection Register(IServiceCollection services, UploadClientsHarness harness, bool talkdeskOAuth = false) =>
        services.AddUploadClients(Name, o => Configure(o, harness, talkdeskOAuth));

    /// <summary>The credential a request to <paramref name="entry"/>'s API must carry for this account, or null when it must carry none.</summary>
    public string? ExpectedAuthorization(JournalEntry entry)
    {
        if (entry.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
        {
            return "Bearer " + OptimalDialKey;
        }

        if (entry.Path.StartsWith("/v2/organizations/", StringComparison.Ordinal))
        {
            return "Bearer " + OrbitSearchToken;
        }

        if (entry.Path.StartsWith("/record-lists", StringComparison.Ordinal))
        {
            return "Bearer " + TalkdeskToken;
        }

        if (entry.Path.StartsWith("/oauth/token", StringComparison.Ordinal))
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TalkdeskClientId + ":" + TalkdeskClientSecret));
        }

        return null; // signed URLs and download links carry their own signature
    }

    /// <summary>
    /// The requests that carried a credential other than their account's, and those no account's
    /// markers identify (or more than one's): both must be none.
    /// </summary>
    public static (List<string> Crossed, List<string> Unattributed) Audit(IEnumerable<JournalEntry> journal, IReadOnlyList<Account> accounts, Func<JournalEntry, Account, bool>? talkdeskTokenOf = null)
    {
        var crossed = new List<string>();
        var unattributed = new List<string>();
        var everyCredential = accounts.SelectMany(a => new[] { a.OptimalDialKey, a.OrbitSearchToken, a.TalkdeskToken, a.TalkdeskClientSecret }).ToList();
        foreach (var entry in journal)
        {
            var text = entry.Method + " " + entry.Path + entry.Query + " " + (entry.BodyLength < 64 * 1024 ? entry.BodyText() : string.Empty);
            var owners = accounts.Where(a => a.Markers.Any(m => text.Contains(m, StringComparison.Ordinal))).ToList();
            var describe = $"{entry.Sequence} {entry.Method} {entry.Path}";
            if (entry.Path.StartsWith("/oauth/token", StringComparison.Ordinal))
            {
                // A token request names its account by its client only: it must be some account's own client, whole.
                var basic = entry.Header("Authorization");
                if (!accounts.Any(a => basic == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(a.TalkdeskClientId + ":" + a.TalkdeskClientSecret))))
                {
                    crossed.Add(describe + " with a client that is no account's own");
                }

                continue;
            }

            if (owners.Count != 1)
            {
                unattributed.Add(describe + $" ({owners.Count} accounts' markers)");
                continue;
            }

            var owner = owners[0];
            var authorization = entry.Header("Authorization");
            if (entry.Path.StartsWith("/record-lists", StringComparison.Ordinal) && talkdeskTokenOf is not null)
            {
                if (!talkdeskTokenOf(entry, owner))
                {
                    crossed.Add(describe + " of " + owner.Name + " carried a token not issued to " + owner.Name);
                }

                continue;
            }

            var expected = owner.ExpectedAuthorization(entry);
            if (!string.Equals(authorization, expected, StringComparison.Ordinal))
            {
                var whose = accounts.FirstOrDefault(a => a != owner && authorization is not null && new[] { a.OptimalDialKey, a.OrbitSearchToken, a.TalkdeskToken }.Any(c => authorization.EndsWith(c, StringComparison.Ordinal)));
                crossed.Add(describe + " of " + owner.Name + (whose is null ? " carried " + (authorization is null ? "no credential" : "another credential") : " carried " + whose.Name + "'s credential"));
            }
            else if (expected is null && everyCredential.Any(c => text.Contains(c, StringComparison.Ordinal) || entry.Headers.Values.Any(v => v.Contains(c, StringComparison.Ordinal))))
            {
                crossed.Add(describe + " (no credential expected) carried one");
            }
        }

        return (crossed, unattributed);
    }
}
