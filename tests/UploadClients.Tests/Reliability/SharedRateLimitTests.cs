using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Redis;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>
/// Several processes on one API key (here: independent service providers, each with its own
/// clients and connection pool) share OptimalDial's write limit through a real Redis server. The
/// fake enforces the limit on a 1-second window (and real time) so that the test takes seconds.
/// </summary>
[Collection(nameof(RealRedis))]
public class A_write_limit_shared_through_Redis(RedisServer redis)
{
    private const int Limit = 20;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private ServiceProvider Worker(UploadClientsHarness harness, string? redisPrefix)
    {
        // A clock of its own per worker: the in-process limiter is per process (and per clock), so
        // the workers share nothing in this process, as separate processes would not.
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new WorkerClock()).AddUploadClients(o =>
        {
            harness.Configure(o);
            o.OptimalDial.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = Limit, Window = Window };
        });
        if (redisPrefix is not null)
        {
            services.AddUploadClientsRedisRateLimit(redis.Configuration, redisPrefix);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>The system's time, as a separate instance.</summary>
    private sealed class WorkerClock : TimeProvider;

    private static async Task UploadFromEachAsync(IEnumerable<ServiceProvider> workers, int perWorker) =>
        await Task.WhenAll(workers.SelectMany((w, n) => Enumerable.Range(0, perWorker).Select(i =>
            w.GetRequiredService<IOptimalDialClient>().CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(100 + i, $"w{n}-{i}.csv"), PhoneColumn = "phone" }))));

    [Fact]
    public async Task Four_workers_on_one_key_together_get_no_429()
    {
        using var harness = UploadClientsHarness.Start();
        harness.OptimalDial.WriteLimit = Limit;
        harness.OptimalDial.WriteLimitWindow = Window;
        var prefix = "test:" + Guid.NewGuid().ToString("N") + ":";
        var workers = Enumerable.Range(0, 4).Select(_ => Worker(harness, prefix)).ToList();
        try
        {
            Assert.All(workers, w => Assert.IsType<RedisRateLimiter>(w.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadClientsOptions>>().Value.OptimalDial.WriteRateLimit.Limiter));

            await UploadFromEachAsync(workers, perWorker: 15);

            Assert.Equal(0, harness.OptimalDial.RateLimitedRequests);
            var arrivals = harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload).Select(e => e.ReceivedAt).Order().ToList();
            Assert.Equal(60, arrivals.Count);
            for (var i = Limit; i < arrivals.Count; i++)
            {
                Assert.True(arrivals[i] - arrivals[i - Limit] >= Window, $"writes {i - Limit} and {i} arrived {arrivals[i] - arrivals[i - Limit]} apart");
            }

            Assert.Equal(4 * Enumerable.Range(0, 15).Sum(i => 100 + i), harness.OptimalDial.CreditsCharged);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task Without_it_four_workers_each_within_its_own_limit_overrun_the_provider()
    {
        using var harness = UploadClientsHarness.Start();
        harness.OptimalDial.WriteLimit = Limit;
        harness.OptimalDial.WriteLimitWindow = Window;
        var workers = Enumerable.Range(0, 4).Select(_ => Worker(harness, redisPrefix: null)).ToList();
        try
        {
            await UploadFromEachAsync(workers, perWorker: 10);

            // Each worker kept to 20 a second; together they sent 40 at once: the provider refused
            // some with 429, which were waited out and sent again (none reached the caller, none charged twice).
            Assert.True(harness.OptimalDial.RateLimitedRequests > 0);
            Assert.Equal(4 * Enumerable.Range(0, 10).Sum(i => 100 + i), harness.OptimalDial.CreditsCharged);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task A_waiter_gets_the_permit_one_window_after_the_answer_not_after_the_hold()
    {
        using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(redis.Configuration);
        var key = "test:" + Guid.NewGuid().ToString("N");
        using var limiter = new RedisRateLimiter(connection, key, permitLimit: 1, TimeSpan.FromMilliseconds(200));
        var inFlight = await limiter.AcquireAsync();

        // Asked while the only permit is in flight: it must not wait out the hold (an hour) for it.
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var waiting = limiter.AcquireAsync(1, bounded.Token).AsTask();
        inFlight.Dispose();
        using var next = await waiting;

        Assert.True(next.IsAcquired);
        Assert.False(bounded.IsCancellationRequested);
    }

    [Fact]
    public async Task A_permit_taken_in_one_process_is_seen_by_another_at_once()
    {
        using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(redis.Configuration);
        var key = "test:" + Guid.NewGuid().ToString("N");
        using var first = new RedisRateLimiter(connection, key, permitLimit: 2, TimeSpan.FromMinutes(1));
        using var second = new RedisRateLimiter(connection, key, permitLimit: 2, TimeSpan.FromMinutes(1));

        using var a = await first.AcquireAsync();
        using var b = second.AttemptAcquire();
        using var c = first.AttemptAcquire();

        Assert.True(a.IsAcquired);
        Assert.True(b.IsAcquired);
        Assert.False(c.IsAcquired);
        Assert.Equal(2, await connection.GetDatabase().SortedSetLengthAsync(key));
    }

    [Fact]
    public async Task A_named_account_shares_its_limit_with_the_same_account_in_another_process()
    {
        using var harness = UploadClientsHarness.Start();
        harness.OptimalDial.AddOrganization("od_live_acme_redis_0001");
        var prefix = "test:" + Guid.NewGuid().ToString("N") + ":";
        ServiceProvider Process() => new ServiceCollection()
            .AddSingleton<TimeProvider>(new WorkerClock())
            .AddUploadClientsRedisRateLimit(redis.Configuration, prefix) // before the account: order does not matter
            .AddUploadClients("acme", o =>
            {
                harness.Configure(o);
                o.OptimalDial.ApiKey = "od_live_acme_redis_0001";
                o.OptimalDial.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 1, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
            })
            .BuildServiceProvider();
        using var first = Process();
        using var second = Process();
        OptimalDialUploadRequest Request() => new() { File = TestCsv.File(), PhoneColumn = "phone" };

        await first.GetRequiredService<IUploadClientFactory>().GetOptimalDial("acme").CreateUploadAsync(Request());
        await Assert.ThrowsAsync<UploadRateLimitRejectedException>(() => second.GetRequiredService<IUploadClientFactory>().GetOptimalDial("acme").CreateUploadAsync(Request()));

        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task Two_named_accounts_on_token_providers_never_share_a_Redis_limit()
    {
        using var harness = UploadClientsHarness.Start();
        var prefix = "test:" + Guid.NewGuid().ToString("N") + ":";
        var services = new ServiceCollection().AddUploadClientsRedisRateLimit(redis.Configuration, prefix);
        var directories = new Dictionary<string, (Guid Organization, Guid Directory)>();
        foreach (var name in new[] { "acme", "globex" })
        {
            var organization = Guid.NewGuid();
            directories[name] = (organization, harness.OrbitSearch.AddDirectory(organization));
            harness.OrbitSearch.AcceptToken("sk_orb_" + name, organization);
            services.AddUploadClients(name, o =>
            {
                harness.Configure(o);
                o.OrbitSearch.AccessToken = null;
                o.OrbitSearch.TokenProvider = new FixedToken("sk_orb_" + name);
                o.OrbitSearch.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 1, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
            });
        }

        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUploadClientFactory>();
        UploadClients.OrbitSearch.OrbitSearchCsvUploadRequest Request(string name) => new() { OrganizationId = directories[name].Organization, DirectoryId = directories[name].Directory, File = TestCsv.File(5) };

        await factory.GetOrbitSearch("acme").UploadCsvAsync(Request("acme"));
        await Assert.ThrowsAsync<UploadRateLimitRejectedException>(() => factory.GetOrbitSearch("acme").UploadCsvAsync(Request("acme")));
        await factory.GetOrbitSearch("globex").UploadCsvAsync(Request("globex"));

        Assert.Equal(1, harness.OrbitSearch.SourceCount(directories["globex"].Directory));
        Assert.IsType<RedisRateLimiter>(provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<UploadClientsOptions>>().Get("globex").OrbitSearch.WriteRateLimit.Limiter);
    }

    private sealed class FixedToken(string token) : IUploadAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }
}
