using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace UploadClients.Redis;

/// <summary>
/// An <see cref="IUploadJournal"/> in Redis, for workers on several machines: one JSON record per
/// operation key (a single <c>SET</c>, so a reader sees the previous record or the new one, never a
/// part), kept <see cref="Retention"/> after its last change by Redis itself; the key's lock is a
/// <c>SET NX</c> with an expiry that its holder renews, so the lock of a process that dies is free
/// again <see cref="LockExpiry"/> later. A step recorded while the key is held is fenced: it is written
/// only if the lock is still this holder's (one script), so a worker that lost its lock (Redis out of
/// its reach for longer than the expiry) stops before its next request instead of racing the worker
/// that took the key over.
/// </summary>
/// <remarks>
/// Redis keys are <c>{prefix}{SHA-256 of the operation key}</c> (<c>…:lock</c> for the lock): an
/// operation key never appears in Redis. A record can hold a Talkdesk signed URL between the upload
/// request's creation and the PUT's answer (minutes); give the journal a Redis that only your workers
/// can read.
/// </remarks>
public sealed class RedisUploadJournal : IUploadJournal, IDisposable
{
    // KEYS[1]: the lock; ARGV[1]: the holder's token. Deletes the lock only if this holder still has it.
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    // KEYS[1]: the lock; ARGV[1]: the holder's token; ARGV[2]: expiry ms. Extends it only if this holder still has it.
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    // KEYS[1]: the record; KEYS[2]: the lock; ARGV[1]: the holder's token; ARGV[2]: the record; ARGV[3]: retention ms; ARGV[4]: lock expiry ms.
    // Writes the record only while this holder still has the lock, and gives the lock a whole expiry again. Returns 1, or 0 when the lock was lost.
    private const string SaveHeldScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        return 1
        """;

    // KEYS[1]: the claim; ARGV[1]: the claiming key; ARGV[2]: retention ms. The first claim stays; returns its key.
    private const string ClaimScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder then return holder end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return ARGV[1]
        """;

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(50);

    // The locks this journal holds: key -> token. A record saved while its key is held here is written only if the lock is still this holder's.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _held = new(StringComparer.Ordinal);
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly string _prefix;

    /// <summary>Makes a journal on a connection the caller owns (and disposes).</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="retention">How long a record is kept after its last change (default 7 days).</param>
    /// <param name="keyPrefix">The prefix of the Redis keys.</param>
    /// <param name="lockExpiry">How long the lock of a holder that stopped renewing it (a process that died) lasts (default 30 seconds; renewed every third of it).</param>
    public RedisUploadJournal(IConnectionMultiplexer redis, TimeSpan? retention = null, string keyPrefix = "uploadclients:journal:", TimeSpan? lockExpiry = null)
        : this(redis, ownsConnection: false, retention, keyPrefix, lockExpiry)
    {
    }

    internal RedisUploadJournal(IConnectionMultiplexer redis, bool ownsConnection, TimeSpan? retention, string keyPrefix, TimeSpan? lockExpiry)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _redis = redis;
        _ownsConnection = ownsConnection;
        _prefix = keyPrefix;
        Retention = retention ?? TimeSpan.FromDays(7);
        LockExpiry = lockExpiry ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThan(Retention, TimeSpan.FromMilliseconds(1), nameof(retention));
        ArgumentOutOfRangeException.ThrowIfLessThan(LockExpiry, TimeSpan.FromMilliseconds(300), nameof(lockExpiry));
    }

    /// <summary>How long a record is kept after its last change (Redis expires it).</summary>
    public TimeSpan Retention { get; }

    /// <summary>How long the lock of a holder that stopped renewing it lasts.</summary>
    public TimeSpan LockExpiry { get; }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> LockAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var lockKey = KeyOf(key, ":lock");
        var token = Guid.NewGuid().ToString("N");
        var database = _redis.GetDatabase();
        // Waiting for another worker is measured on the real clock, as the file journal's.
        var waited = Stopwatch.StartNew();
        while (!await database.StringSetAsync(lockKey, token, LockExpiry, When.NotExists).ConfigureAwait(false))
        {
            if (waited.Elapsed >= timeout)
            {
                throw new TimeoutException($"The upload operation '{key}' is held by another worker (its Redis lock was not released within {timeout}; a lock whose holder died is free {LockExpiry} after its last renewal; the provider option JournalLockTimeout sets how long to wait). Nothing was sent.");
            }

            await Task.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
        }

        _held[key] = token;
        return new Lock(database, lockKey, token, LockExpiry, () => _held.TryRemove(new KeyValuePair<string, string>(key, token)));
    }

    /// <inheritdoc />
    public async ValueTask<UploadOperation?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await _redis.GetDatabase().StringGetAsync(KeyOf(key, string.Empty)).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        UploadOperation? operation;
        try
        {
            operation = JsonSerializer.Deserialize((byte[])value!, JournalJsonContext.Default.UploadOperation);
        }
        catch (JsonException ex)
        {
            // Never "no record": that would let a charging request be sent again.
            throw new InvalidDataException($"The Redis journal record of operation '{key}' cannot be read; it was not written by this journal.", ex);
        }

        return operation is not null && operation.Key == key
            ? operation
            : throw new InvalidDataException($"The Redis journal record under the key of operation '{key}' is not its record.");
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(UploadOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        cancellationToken.ThrowIfCancellationRequested();
        var json = JsonSerializer.SerializeToUtf8Bytes(operation, JournalJsonContext.Default.UploadOperation);
        var database = _redis.GetDatabase();
        if (_held.TryGetValue(operation.Key, out var token))
        {
            // Fenced: the step is recorded (and so taken, since each request leaves only after its step is
            // recorded) only while this worker still holds the key; the lock gets a whole expiry again.
            var saved = await database.ScriptEvaluateAsync(
                SaveHeldScript,
                [KeyOf(operation.Key, string.Empty), KeyOf(operation.Key, ":lock")],
                [token, json, (long)Retention.TotalMilliseconds, (long)LockExpiry.TotalMilliseconds]).ConfigureAwait(false);
            if ((long)saved != 1)
            {
                throw new InvalidOperationException(
                    $"The lock of upload operation '{operation.Key}' was lost (it expired: Redis was out of reach for longer than {LockExpiry}), so another worker may be running it: this one stops before its next step. Nothing more was sent; run the operation again once the other has finished.");
            }

            return;
        }

        // One SET replaces the record whole and restarts its retention. Acknowledged by the primary
        // (a replica that had not received it before a failover would lose the step; see the package docs).
        await database.StringSetAsync(KeyOf(operation.Key, string.Empty), json, Retention).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One script: the first claim is kept (for the retention) and every later one reads it.</remarks>
    public async ValueTask<string> ClaimAsync(string claim, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(claim);
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var holder = await _redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [KeyOf("claim\n" + claim, ":claim")],
            [key, (long)Retention.TotalMilliseconds]).ConfigureAwait(false);
        return (string?)holder ?? throw new InvalidDataException("The Redis journal answered a claim with nothing.");
    }

    /// <summary>Closes the connection when the journal made it (<c>AddRedisUploadJournal</c>).</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }

    private string KeyOf(string key, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + suffix;
    }

    /// <summary>A held lock: renewed every third of its expiry until disposed, then deleted if still this holder's.</summary>
    private sealed class Lock : IAsyncDisposable
    {
        private readonly IDatabase _database;
        private readonly RedisKey _key;
        private readonly string _token;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        private readonly Action _forget;

        internal Lock(IDatabase database, RedisKey key, string token, TimeSpan expiry, Action forget)
        {
            (_database, _key, _token, _forget) = (database, key, token, forget);
            _renewing = RenewAsync(expiry);
        }

        public async ValueTask DisposeAsync()
        {
            _forget();
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
            _stop.Dispose();
            await _database.ScriptEvaluateAsync(ReleaseScript, [_key], [_token]).ConfigureAwait(false);
        }

        private async Task RenewAsync(TimeSpan expiry)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(expiry / 3, _stop.Token).ConfigureAwait(false);
                    try
                    {
                        await _database.ScriptEvaluateAsync(RenewScript, [_key], [_token, (long)expiry.TotalMilliseconds]).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is RedisException or TimeoutException)
                    {
                        // Redis is unreachable for now: try again at the next third; the lock lasts until its expiry.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Released.
            }
        }
    }
}
