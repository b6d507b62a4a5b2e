using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using UploadClients.OptimalDial;
using UploadClients.Redis;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// The Redis journal against a real redis-server (started by the fixture; .ci/run installs it): each
/// "machine" has a connection of its own, and the workers on them share one journal.
/// </summary>
[Collection(nameof(RealRedis))]
public sealed class A_Redis_upload_journal(RedisServer redis) : IDisposable
{
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N") + ":";
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private ConnectionMultiplexer Connect()
    {
        var connection = ConnectionMultiplexer.Connect(redis.Configuration);
        _owned.Add(connection);
        return connection;
    }

    /// <summary>A journal on a connection of its own, as on another machine.</summary>
    private RedisUploadJournal Machine(TimeSpan? retention = null, TimeSpan? lockExpiry = null) => new(Connect(), retention, _prefix, lockExpiry);

    private static UploadOperation Record(string key, UploadOperationStep step) => new()
    {
        Key = key,
        Provider = "OptimalDial",
        FileName = "contacts.csv",
        FileLength = 1234,
        FileSha256 = new string('a', 64),
        Step = step,
        StartedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Keeps_a_record_whole_under_a_hashed_key_for_its_retention()
    {
        var journal = Machine(retention: TimeSpan.FromHours(2));
        var record = Record("crm-export 2026-12-01", UploadOperationStep.Created) with { ProviderId = "f3c9b8a7-1234-4abc-9def-0123456789ab" };

        await journal.SaveAsync(record);

        Assert.Equal(record, await Machine().FindAsync("crm-export 2026-12-01"));
        Assert.Null(await journal.FindAsync("another key"));
        var server = Connect().GetServers().Single();
        var key = Assert.Single(server.Keys(pattern: _prefix + "*"));
        Assert.DoesNotContain("crm-export", key.ToString(), StringComparison.Ordinal);
        var ttl = await Connect().GetDatabase().KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task A_record_it_cannot_read_is_an_error_never_no_record()
    {
        var journal = Machine();
        await journal.SaveAsync(Record("k", UploadOperationStep.Sending));
        var key = Connect().GetServers().Single().Keys(pattern: _prefix + "*").Single();
        await Connect().GetDatabase().StringSetAsync(key, "{\"key\": \"k\", \"step\": ");

        await Assert.ThrowsAsync<InvalidDataException>(() => journal.FindAsync("k").AsTask());
    }

    [Fact]
    public async Task Holds_a_key_for_one_worker_at_a_time()
    {
        var one = Machine();
        var two = Machine();

        var held = await one.LockAsync("nightly", TimeSpan.FromSeconds(1));
        var busy = await Assert.ThrowsAsync<TimeoutException>(() => two.LockAsync("nightly", TimeSpan.FromMilliseconds(300)).AsTask());
        Assert.Contains("JournalLockTimeout", busy.Message, StringComparison.Ordinal); // the setting to change
        var other = await two.LockAsync("another key", TimeSpan.FromMilliseconds(300)); // other keys are free
        await other.DisposeAsync();
        await held.DisposeAsync();

        await using var next = await two.LockAsync("nightly", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Renews_a_held_lock_past_its_expiry()
    {
        // Renewed every second; each renewal has two seconds to spare, so a busy test machine does not lose it.
        var one = Machine(lockExpiry: TimeSpan.FromSeconds(3));
        await using var held = await one.LockAsync("nightly", TimeSpan.FromSeconds(1));

        // Over two expiries long: without renewal the lock would have been free after the first.
        await Assert.ThrowsAsync<TimeoutException>(() => Machine().LockAsync("nightly", TimeSpan.FromSeconds(7)).AsTask());
    }

    [Fact]
    public async Task Frees_the_lock_of_a_worker_that_died_after_its_expiry()
    {
        // What a killed holder leaves: its lock, with the expiry of its last renewal, and nobody renewing it.
        var journal = Machine();
        await journal.SaveAsync(Record("nightly", UploadOperationStep.Sending));
        var lockKey = Assert.Single(Connect().GetServers().Single().Keys(pattern: _prefix + "*")).ToString() + ":lock";
        Assert.True(await Connect().GetDatabase().StringSetAsync(lockKey, "dead-worker", TimeSpan.FromMilliseconds(700), When.NotExists));

        await using var taken = await journal.LockAsync("nightly", TimeSpan.FromSeconds(10));

        Assert.NotEqual("dead-worker", (string?)await Connect().GetDatabase().StringGetAsync(lockKey));
    }

    [Fact]
    public async Task A_holder_that_lost_its_lock_cannot_record_another_step()
    {
        var journal = Machine();
        await journal.SaveAsync(Record("nightly", UploadOperationStep.Sending));
        await using var held = await journal.LockAsync("nightly", TimeSpan.FromSeconds(1));
        var lockKey = Connect().GetServers().Single().Keys(pattern: _prefix + "*:lock").Single();
        await Connect().GetDatabase().StringSetAsync(lockKey, "the-worker-that-took-over"); // expired, and taken by another

        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.SaveAsync(Record("nightly", UploadOperationStep.Created)).AsTask());

        Assert.Contains("was lost", lost.Message, StringComparison.Ordinal);
        Assert.Equal(UploadOperationStep.Sending, (await Machine().FindAsync("nightly"))!.Step);
    }

    [Fact]
    public async Task A_Talkdesk_worker_that_lost_its_lock_sends_no_PATCH()
    {
        using var harness = UploadClientsHarness.Start();
        var worker = Worker(harness);
        var database = Connect().GetDatabase();
        var server = Connect().GetServers().Single();

        // Right after the upload request was recorded, the lock is lost to another worker (as after a long partition).
        UploadOperations.StepHook.Value = p =>
        {
            if (p == UploadOperations.CreatedRecorded)
            {
                database.StringSet(server.Keys(pattern: _prefix + "*:lock").Single(), "the-worker-that-took-over");
            }
        };
        InvalidOperationException lost;
        try
        {
            lost = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.GetRequiredService<ITalkdeskClient>().UploadAndWaitAsync(
                harness.Talkdesk.DefaultRecordListId,
                new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(TestCsv.Contacts(40), "recordList.csv"), OperationKey = "lists" }));
        }
        finally
        {
            UploadOperations.StepHook.Value = null;
        }

        Assert.Contains("was lost", lost.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
        Assert.Equal(UploadOperationStep.Created, (await Machine().FindAsync("lists"))!.Step);
    }

    private ServiceProvider Worker(UploadClientsHarness harness)
    {
        var services = new ServiceCollection().AddUploadClients(o =>
        {
            harness.Configure(o);
            o.OptimalDial.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMinutes(1) };
        });
        services.AddRedisUploadJournal(redis.Configuration, keyPrefix: _prefix);
        var provider = services.BuildServiceProvider();
        _owned.Add(provider);
        return provider;
    }

    private static OptimalDialUploadRequest Request() =>
        new() { File = UploadFile.FromBytes(TestCsv.Contacts(150), "contacts.csv"), PhoneColumn = "phone", OperationKey = "crm-export 2026-12-01" };

    [Fact]
    public async Task Two_workers_on_two_machines_with_one_key_send_once()
    {
        using var harness = UploadClientsHarness.Start();
        var (one, two) = (Worker(harness), Worker(harness));
        Assert.IsType<RedisUploadJournal>(one.GetRequiredService<IOptions<UploadClientsOptions>>().Value.Talkdesk.Journal);

        var both = await Task.WhenAll(
            one.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(Request()),
            two.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(Request()));

        Assert.Equal(both[0].Id, both[1].Id);
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task A_worker_stopped_after_the_POST_answered_is_resumed_on_another_machine_without_a_second_charge()
    {
        using var harness = UploadClientsHarness.Start();
        var (one, two) = (Worker(harness), Worker(harness));
        await Stop.AtAsync(UploadOperations.Answered, () => one.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(Request()));

        var done = await two.GetRequiredService<IOptimalDialClient>().UploadAndWaitAsync(Request());

        Assert.Equal(OptimalDialUploadStatus.Completed, done.Status);
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, harness.OptimalDial.CreditsCharged);
    }
}
