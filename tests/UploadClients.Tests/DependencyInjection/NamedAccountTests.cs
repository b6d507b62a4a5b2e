using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.DependencyInjection;

public class Named_accounts_keep_every_credential_to_its_own_account
{
    private static readonly string[] Names = ["acme", "globex", "initech", "umbrella", "hooli"];

    [Fact]
    public async Task Two_accounts_uploading_to_all_three_providers_at_once_each_send_only_their_own_credentials()
    {
        using var harness = UploadClientsHarness.Start();
        var accounts = Names.Take(2).Select(n => Account.Add(harness, n)).ToList();
        var services = new ServiceCollection();
        accounts.ForEach(a => a.Register(services, harness));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();

        // Each account: an OptimalDial upload, an OrbitSearch upload and a Talkdesk upload flow, the six at once, three times over.
        var work = Enumerable.Range(0, 3).SelectMany(round => accounts.SelectMany(a => new[]
        {
            UploadOptimalDialAsync(factory, a, round),
            UploadOrbitSearchAsync(factory, a, round),
            UploadTalkdeskAsync(factory, a, round),
        }));
        await Task.WhenAll(work);

        var (crossed, unattributed) = Account.Audit(harness.Journal.Entries, accounts);
        Assert.Empty(crossed);
        Assert.Empty(unattributed);
        Assert.All(accounts, a => Assert.Equal(3 * 150, harness.OptimalDial.CreditsChargedTo(a.OptimalDialKey)));
        Assert.All(accounts, a => Assert.Equal(3, harness.OrbitSearch.SourceCount(a.OrbitSearchDirectory)));
        Assert.Equal(0, harness.OptimalDial.CreditsChargedTo(OptimalDialFake.ApiKey));
        Assert.True(harness.Journal.Entries.Count >= 6 * 3 * 3, "every flow made its requests");
    }

    [Fact]
    public async Task A_hundred_concurrent_uploads_over_five_accounts_send_no_request_with_another_accounts_credentials()
    {
        using var harness = UploadClientsHarness.Start();
        var accounts = Names.Select(n => Account.Add(harness, n)).ToList();
        var services = new ServiceCollection();
        accounts.ForEach(a => a.Register(services, harness));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();

        // Upload n goes to account n % 5 and provider n % 3: every account uses every provider.
        var uploads = Enumerable.Range(0, 100).Select(n => (n % 3) switch
        {
            0 => UploadOptimalDialAsync(factory, accounts[n % 5], n),
            1 => UploadOrbitSearchAsync(factory, accounts[n % 5], n),
            _ => UploadTalkdeskAsync(factory, accounts[n % 5], n),
        }).ToList();
        await Task.WhenAll(uploads);

        var (crossed, unattributed) = Account.Audit(harness.Journal.Entries, accounts);
        Assert.Empty(unattributed);
        Assert.Empty(crossed); // the measure: 0 requests with another account's credentials
        var perAccount = Enumerable.Range(0, 100).Where(n => n % 3 == 0).GroupBy(n => n % 5).ToDictionary(g => g.Key, g => g.Count());
        for (var i = 0; i < accounts.Count; i++)
        {
            Assert.Equal(perAccount[i] * 150, harness.OptimalDial.CreditsChargedTo(accounts[i].OptimalDialKey));
            Assert.Equal(Enumerable.Range(0, 100).Count(n => n % 3 == 1 && n % 5 == i), harness.OrbitSearch.SourceCount(accounts[i].OrbitSearchDirectory));
        }

        Assert.Equal(34 * 150, harness.OptimalDial.CreditsCharged);
        Assert.True(harness.Journal.Entries.Count >= 100 * 2);
    }

    [Fact]
    public async Task A_talkdesk_token_refresh_for_one_account_never_touches_the_other()
    {
        using var harness = UploadClientsHarness.Start();
        var accounts = Names.Take(2).Select(n => Account.Add(harness, n)).ToList();
        var services = new ServiceCollection();
        accounts.ForEach(a => a.Register(services, harness, talkdeskOAuth: true));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        var (a, b) = (accounts[0], accounts[1]);

        await Task.WhenAll(accounts.Select(x => factory.GetTalkdesk(x.Name).GetRecordListAsync(x.RecordList)));
        Assert.Equal(1, harness.Talkdesk.TokenRequestsBy(a.TalkdeskClientId));
        Assert.Equal(1, harness.Talkdesk.TokenRequestsBy(b.TalkdeskClientId));
        var bToken = harness.Journal.Entries.Last(e => e.Path == "/record-lists/" + b.RecordList).Header("Authorization");

        // A's tokens expire: A's next calls refresh once; B's go on with B's token and ask for none.
        harness.Talkdesk.RevokeIssuedTokens(a.TalkdeskClientId);
        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => accounts.Select(x => factory.GetTalkdesk(x.Name).GetRecordListAsync(x.RecordList))));

        Assert.Equal(2, harness.Talkdesk.TokenRequestsBy(a.TalkdeskClientId));
        Assert.Equal(1, harness.Talkdesk.TokenRequestsBy(b.TalkdeskClientId));
        var bReads = harness.Journal.Entries.Where(e => e.Path == "/record-lists/" + b.RecordList).ToList();
        Assert.Equal(11, bReads.Count); // none refused, none repeated
        Assert.All(bReads, e => Assert.Equal(bToken, e.Header("Authorization")));
        var tokenRequests = harness.Journal.Entries.Where(e => e.Path == "/oauth/token").ToList();
        Assert.Equal(3, tokenRequests.Count);
        var (crossed, _) = Account.Audit(tokenRequests, accounts);
        Assert.Empty(crossed);
    }

    [Fact]
    public async Task An_orbitsearch_token_provider_refresh_for_one_account_never_asks_the_others()
    {
        using var harness = UploadClientsHarness.Start();
        var accounts = Names.Take(2).Select(n => Account.Add(harness, n)).ToList();
        var tokens = accounts.ToDictionary(a => a.Name, a => new CountingTokenProvider(a.OrbitSearchToken));
        var services = new ServiceCollection();
        foreach (var account in accounts)
        {
            services.AddUploadClients(account.Name, o =>
            {
                account.Configure(o, harness);
                o.OrbitSearch.AccessToken = null;
                o.OrbitSearch.TokenProvider = tokens[account.Name];
            });
        }

        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        var (a, b) = (accounts[0], accounts[1]);
        harness.OrbitSearch.AcceptToken(a.OrbitSearchToken + "-2", a.OrbitSearchOrganization);

        harness.OrbitSearch.RevokeToken(a.OrbitSearchToken);
        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => accounts.Select(x => factory.GetOrbitSearch(x.Name).GetDirectoryReadinessAsync(x.OrbitSearchOrganization, x.OrbitSearchDirectory))));

        Assert.Equal(1, tokens[a.Name].ForcedRefreshes);
        Assert.Equal(0, tokens[b.Name].ForcedRefreshes);
        Assert.All(harness.Journal.Entries.Where(e => e.Path.Contains(b.OrbitSearchDirectory.ToString(), StringComparison.Ordinal)), e => Assert.Equal("Bearer " + b.OrbitSearchToken, e.Header("Authorization")));
        Assert.Equal(10, harness.Journal.Entries.Count(e => e.Path.Contains(b.OrbitSearchDirectory.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Each_account_has_its_own_write_rate_limiter_even_without_a_fixed_credential()
    {
        // Two accounts on token providers (no fixed credential to tell their limiters apart), one write a minute each, no queue.
        using var harness = UploadClientsHarness.Start();
        var accounts = Names.Take(2).Select(n => Account.Add(harness, n)).ToList();
        var services = new ServiceCollection();
        foreach (var account in accounts)
        {
            services.AddUploadClients(account.Name, o =>
            {
                account.Configure(o, harness);
                o.OrbitSearch.AccessToken = null;
                o.OrbitSearch.TokenProvider = new CountingTokenProvider(account.OrbitSearchToken);
                o.OrbitSearch.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 1, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
            });
        }

        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        OrbitSearchCsvUploadRequest Request(Account a) => new() { OrganizationId = a.OrbitSearchOrganization, DirectoryId = a.OrbitSearchDirectory, File = TestCsv.File(5, a.Name + "-x.csv") };

        await factory.GetOrbitSearch(accounts[0].Name).UploadCsvAsync(Request(accounts[0]));
        await Assert.ThrowsAsync<UploadRateLimitRejectedException>(() => factory.GetOrbitSearch(accounts[0].Name).UploadCsvAsync(Request(accounts[0])));
        await factory.GetOrbitSearch(accounts[1].Name).UploadCsvAsync(Request(accounts[1]));

        Assert.Equal(1, harness.OrbitSearch.SourceCount(accounts[1].OrbitSearchDirectory));
    }

    [Fact]
    public async Task Fifty_accounts_share_one_connection_pool_each_request_with_its_own_key()
    {
        using var harness = UploadClientsHarness.Start();
        var accounts = Enumerable.Range(0, 50).Select(i => Account.Add(harness, "customer" + i)).ToList();
        var services = new ServiceCollection();
        accounts.ForEach(a => a.Register(services, harness));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        var before = ConnectionsTo(harness.BaseAddress.Port);

        foreach (var account in accounts)
        {
            Assert.Empty(await factory.GetOptimalDial(account.Name).ListUploadsAsync().ToListAsync());
        }

        // A pool per account would leave 50 idle connections open here.
        Assert.InRange(ConnectionsTo(harness.BaseAddress.Port) - before, 0, 2);
        Assert.Equal(accounts.Select(a => "Bearer " + a.OptimalDialKey), harness.Journal.Entries.Select(e => e.Header("Authorization")));
    }

    private static int ConnectionsTo(int port) =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.RemoteEndPoint.Port == port && c.State == System.Net.NetworkInformation.TcpState.Established);

    private static async Task UploadOptimalDialAsync(IUploadClientFactory factory, Account account, int n)
    {
        var upload = await factory.GetOptimalDial(account.Name).CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(150, $"{account.Name}-{n}.csv"), PhoneColumn = "phone" });
        account.Markers.Add(upload.Id.ToString());
        var done = await factory.GetOptimalDial(account.Name).WaitForUploadAsync(upload.Id);
        Assert.Equal(OptimalDialUploadStatus.Completed, done.Status);
    }

    private static async Task UploadOrbitSearchAsync(IUploadClientFactory factory, Account account, int n)
    {
        var source = await factory.GetOrbitSearch(account.Name).UploadAndWaitAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = account.OrbitSearchOrganization,
            DirectoryId = account.OrbitSearchDirectory,
            File = TestCsv.File(20, $"{account.Name}-{n}.csv"),
        });
        Assert.Equal(OrbitSearchSourceStatus.Completed, source.SourceStatus);
    }

    private static async Task UploadTalkdeskAsync(IUploadClientFactory factory, Account account, int n)
    {
        var request = await factory.GetTalkdesk(account.Name).UploadAndWaitAsync(account.RecordList, new TalkdeskCreateUploadRequest { File = TestCsv.File(20, $"{account.Name}-{n}.csv") });
        Assert.Equal(TalkdeskStatus.Accepted, request.Status);
    }

    private sealed class CountingTokenProvider(string first) : IUploadAccessTokenProvider
    {
        private int _forced;

        public int ForcedRefreshes => Volatile.Read(ref _forced);

        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (forceRefresh)
            {
                Interlocked.Increment(ref _forced);
            }

            return ValueTask.FromResult(ForcedRefreshes == 0 ? first : first + "-2");
        }
    }
}

public class Named_accounts_are_registered_and_validated_by_name
{
    [Fact]
    public void One_client_per_name_made_on_first_use_and_names_ignore_case()
    {
        using var harness = UploadClientsHarness.Start();
        var acme = Account.Add(harness, "acme");
        using var provider = acme.Register(new ServiceCollection(), harness).BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();

        Assert.Same(factory.GetOptimalDial("acme"), factory.GetOptimalDial("ACME"));
        Assert.Same(factory.GetOrbitSearch("acme"), factory.GetOrbitSearch("acme"));
        Assert.Same(factory.GetTalkdesk("acme"), factory.GetTalkdesk("Acme"));
        Assert.Same(factory.GetOptimalDialWebhookEndpoints("acme"), factory.GetOptimalDialWebhookEndpoints("acme"));
        Assert.Equal(["acme"], factory.AccountNames);
    }

    [Fact]
    public void An_unknown_name_throws_listing_the_registered_names()
    {
        using var harness = UploadClientsHarness.Start();
        var services = new ServiceCollection().AddUploadClients(o => harness.Configure(o));
        Account.Add(harness, "acme").Register(services, harness);
        Account.Add(harness, "globex").Register(services, harness);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IUploadClientFactory>().GetOptimalDial("initech"));

        Assert.Contains("No UploadClients account is named 'initech'", ex.Message);
        Assert.Contains("Registered accounts: acme, globex, and the default account", ex.Message);
    }

    [Fact]
    public async Task The_default_account_keeps_working_beside_named_ones_and_is_the_empty_name()
    {
        using var harness = UploadClientsHarness.Start();
        var services = new ServiceCollection().AddUploadClients(o => harness.Configure(o));
        var acme = Account.Add(harness, "acme");
        acme.Register(services, harness);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        var seeded = harness.OptimalDial.AddUpload("completed"); // the default key's

        var upload = await provider.GetRequiredService<IOptimalDialClient>().GetUploadAsync(seeded);
        var notAcmes = await Assert.ThrowsAsync<UploadApiException>(() => factory.GetOptimalDial("acme").GetUploadAsync(seeded));

        Assert.Equal(seeded, upload.Id);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, notAcmes.StatusCode);
        Assert.Same(provider.GetRequiredService<IOptimalDialClient>(), factory.GetOptimalDial(Options.DefaultName));
        Assert.Same(provider.GetRequiredService<ITalkdeskClient>(), factory.GetTalkdesk(""));
        Assert.Equal("Bearer " + OptimalDialFake.ApiKey, harness.Journal.Entries[0].Header("Authorization"));
        Assert.Equal("Bearer " + acme.OptimalDialKey, harness.Journal.Entries[1].Header("Authorization"));
    }

    [Fact]
    public void With_only_named_accounts_the_unnamed_clients_say_how_to_reach_them()
    {
        using var harness = UploadClientsHarness.Start();
        using var provider = Account.Add(harness, "acme").Register(new ServiceCollection(), harness).BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptimalDialClient>());
        var byEmptyName = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IUploadClientFactory>().GetOrbitSearch(""));

        Assert.Contains("No default UploadClients account is registered: only named accounts are (acme)", ex.Message);
        Assert.Contains("IUploadClientFactory", ex.Message);
        Assert.Equal(ex.Message, byEmptyName.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme corp")]
    [InlineData("acme:prod")]
    [InlineData("café")]
    public void A_name_that_cannot_be_a_configuration_key_part_is_refused_at_registration(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddUploadClients(name, _ => { }));
        Assert.Equal("name", ex.ParamName);
    }

    [Fact]
    public void Names_differing_only_in_case_are_refused_at_registration()
    {
        var services = new ServiceCollection().AddUploadClients("acme", _ => { });

        var ex = Assert.Throws<ArgumentException>(() => services.AddUploadClients("ACME", _ => { }));

        Assert.Contains("differs only in case from the registered account 'acme'", ex.Message);
        services.AddUploadClients("acme", _ => { }); // the same spelling adds configuration
    }

    [Fact]
    public async Task Removing_an_accounts_configuration_fails_the_host_at_start_naming_the_account()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:Accounts:acme:OptimalDial:ApiKey"] = "od_live_acme_0001",
            // globex was here, and is gone; the app still registers it.
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients("acme", configuration).AddUploadClients("globex", configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UploadClients:Accounts:globex is not in the configuration", ex.Message);
        Assert.Contains("UploadClients__Accounts__globex__OptimalDial__ApiKey", ex.Message);
        Assert.DoesNotContain("acme", ex.Message);
    }

    [Fact]
    public async Task An_account_section_without_its_credential_fails_at_start_naming_the_accounts_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:Accounts:acme:OptimalDial:ApiKey"] = "od_live_acme_0001",
            ["UploadClients:Accounts:acme:OrbitSearch:BaseAddress"] = "https://orbit.example/",
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients("acme", configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UploadClients:Accounts:acme:OrbitSearch:AccessToken is not set (environment variable UploadClients__Accounts__acme__OrbitSearch__AccessToken)", ex.Message);
    }

    [Fact]
    public async Task An_account_with_no_credential_at_all_fails_at_start_and_a_bad_setting_names_the_account()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients("acme", o => o.Talkdesk.BaseAddress = new Uri("http://talkdesk.example"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UploadClients:Accounts:acme sets no credential for any provider", ex.Message);
        Assert.Contains("UploadClients:Accounts:acme:Talkdesk:BaseAddress must use https", ex.Message);
    }

    [Fact]
    public void A_provider_the_account_does_not_configure_fails_when_asked_for_naming_the_accounts_key()
    {
        using var provider = new ServiceCollection().AddUploadClients("acme", o => o.OptimalDial.ApiKey = "od_live_acme_0001").BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();

        _ = factory.GetOptimalDial("acme");
        var ex = Assert.Throws<OptionsValidationException>(() => factory.GetTalkdesk("acme"));

        Assert.Contains("UploadClients:Accounts:acme:Talkdesk:AccessToken is not set (environment variable UploadClients__Accounts__acme__Talkdesk__AccessToken)", ex.Message);
    }

    [Fact]
    public void One_options_instance_configuring_two_accounts_is_refused()
    {
        var shared = new OptimalDialOptions { ApiKey = "od_live_shared_0001" };
        using var provider = new ServiceCollection()
            .AddUploadClients("acme", o => o.OptimalDial = shared)
            .AddUploadClients("globex", o => o.OptimalDial = shared)
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();

        _ = factory.GetOptimalDial("acme");
        var ex = Assert.Throws<InvalidOperationException>(() => factory.GetOptimalDial("globex"));

        Assert.Contains("The same OptimalDialOptions instance configures account 'acme' and account 'globex'", ex.Message);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("UploadClients")]
    [InlineData("own")]
    public async Task The_configuration_form_binds_from_the_root_the_UploadClients_section_or_the_accounts_own_section(string given)
    {
        using var harness = UploadClientsHarness.Start();
        var acme = Account.Add(harness, "acme");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:OptimalDial:ApiKey"] = OptimalDialFake.ApiKey,
            ["UploadClients:Accounts:acme:OptimalDial:ApiKey"] = acme.OptimalDialKey,
            ["UploadClients:Accounts:acme:OptimalDial:BaseAddress"] = harness.BaseAddress.ToString(),
        }).Build();
        IConfiguration section = given switch
        {
            "root" => configuration,
            "UploadClients" => configuration.GetSection("UploadClients"),
            _ => configuration.GetSection("UploadClients:Accounts:acme"),
        };
        using var provider = new ServiceCollection().AddUploadClients("acme", section).BuildServiceProvider();

        var list = await provider.GetRequiredService<IUploadClientFactory>().GetOptimalDial("acme").ListUploadsAsync().ToListAsync();

        Assert.Empty(list);
        Assert.Equal("Bearer " + acme.OptimalDialKey, Assert.Single(harness.Journal.Entries).Header("Authorization"));
    }

    [Fact]
    public async Task The_UploadClients_section_is_never_taken_for_a_missing_accounts_own_section()
    {
        // The default account's key must not become acme's when acme's section is missing.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UploadClients:OptimalDial:ApiKey"] = OptimalDialFake.ApiKey,
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddUploadClients("acme", configuration.GetSection("UploadClients"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UploadClients:Accounts:acme is not in the configuration", ex.Message);
    }

    [Fact]
    public async Task Handlers_added_to_one_accounts_HttpClient_see_only_that_accounts_requests()
    {
        using var harness = UploadClientsHarness.Start();
        var accounts = new[] { Account.Add(harness, "acme"), Account.Add(harness, "globex") };
        var services = new ServiceCollection();
        foreach (var account in accounts)
        {
            account.Register(services, harness);
        }

        var seen = new ConcurrentBag<string>();
        services.AddHttpClient(UploadClientsServiceCollectionExtensions.GetHttpClientName(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName, "acme"))
            .AddHttpMessageHandler(() => new Recording(seen));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();

        await factory.GetOptimalDial("acme").ListUploadsAsync().ToListAsync();
        await factory.GetOptimalDial("globex").ListUploadsAsync().ToListAsync();

        Assert.Equal("Bearer " + accounts[0].OptimalDialKey, Assert.Single(seen));
        Assert.Equal("UploadClients.OptimalDial:acme", UploadClientsServiceCollectionExtensions.GetHttpClientName(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName, "acme"));
        Assert.Equal("UploadClients.OptimalDial", UploadClientsServiceCollectionExtensions.GetHttpClientName(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName, ""));
    }

    private sealed class Recording(ConcurrentBag<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.Authorization?.ToString() ?? "(none)");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
