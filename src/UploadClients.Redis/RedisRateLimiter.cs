using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using StackExchange.Redis;
using UploadClients;

namespace UploadClients.Redis;

/// <summary>
/// A write rate limit shared through Redis by every process that uses the same key: at most
/// <c>permitLimit</c> requests in any rolling window, counted the way a provider counts them. A permit
/// is taken (atomically, in one Lua script, on the Redis server's clock) before a request is sent and
/// comes back one window after its answer arrived; a process that dies holding one loses it for
/// <see cref="MaxHold"/> plus a window, never for good.
/// </summary>
/// <remarks>
/// Why not a token bucket: a bucket of <c>n</c> tokens refilled at <c>n</c> per window lets through up
/// to 2n requests in one rolling window (a full bucket, then a window of refills), so it either
/// breaks a provider's "n per window" or must run at half speed. A log of when each permit ends is
/// exact. Each permit is a member of a sorted set scored by the time its window starts.
/// </remarks>
public sealed class RedisRateLimiter : RateLimiter
{
    // KEYS[1]: the sorted set. ARGV: limit, window ms, hold ms, member. Returns 0 (taken) or the ms to wait before asking again.
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[2])
        -- TIME is read to the millisecond, rounded down: a permit whose window started in millisecond s
        -- comes back only from millisecond s + window + 1, so that no rounding lets a request through
        -- less than a whole window after the answer.
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
          redis.call('PEXPIRE', KEYS[1], window + tonumber(ARGV[3]))
          return 0
        end
        -- Full. A permit comes back one window after its answer arrived: the oldest answered one
        -- (score <= now) is the next back; one still in flight cannot be back before a window from now.
        local released = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
        local wait = window
        if released[2] then wait = tonumber(released[2]) + window + 1 - now end
        if wait < 1 then wait = 1 end
        return wait
        """;

    // KEYS[1]: the sorted set. ARGV: member. The permit's window starts now (its answer arrived).
    private const string ReleaseScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
        return 0
        """;

    private readonly IDatabase _db;
    private readonly RedisKey _key;
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private int _queued;
    private long _successful;
    private long _failed;

    /// <summary>Creates a limiter on <paramref name="redis"/>.</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="key">The Redis key every process sharing the limit uses (one per API key).</param>
    /// <param name="permitLimit">Requests allowed in any rolling <paramref name="window"/>.</param>
    /// <param name="window">The window.</param>
    /// <param name="queueLimit">How many requests of this process may wait at once; one more is refused at once.</param>
    /// <param name="timeProvider">The clock for waits between tries (Redis's own clock decides the windows).</param>
    public RedisRateLimiter(IConnectionMultiplexer redis, string key, int permitLimit, TimeSpan window, int queueLimit = 1_000, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _db = redis.GetDatabase();
        _key = key;
        _permitLimit = permitLimit;
        _window = window;
        _queueLimit = queueLimit;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a permit whose answer never arrives (its process died) still counts before its window starts.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = 0, // known only to Redis
        CurrentQueuedCount = Volatile.Read(ref _queued),
        TotalSuccessfulLeases = Interlocked.Read(ref _successful),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        var member = NewMember();
        if ((long)_db.ScriptEvaluate(AcquireScript, [_key], Args(member)) == 0)
        {
            Interlocked.Increment(ref _successful);
            return Leases.Granted(() => Release(member));
        }

        Interlocked.Increment(ref _failed);
        return Leases.Refused;
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Check(permitCount);
        var member = NewMember();
        var wait = (long)await _db.ScriptEvaluateAsync(AcquireScript, [_key], Args(member)).ConfigureAwait(false);
        if (wait == 0)
        {
            Interlocked.Increment(ref _successful);
            return Leases.Granted(() => Release(member));
        }

        if (Interlocked.Increment(ref _queued) > _queueLimit)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _failed);
            return Leases.Refused;
        }

        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), _time, cancellationToken).ConfigureAwait(false);
                wait = (long)await _db.ScriptEvaluateAsync(AcquireScript, [_key], Args(member)).ConfigureAwait(false);
                if (wait == 0)
                {
                    Interlocked.Increment(ref _successful);
                    return Leases.Granted(() => Release(member));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    private RedisValue[] Args(string member) =>
    [
        _permitLimit,
        (long)_window.TotalMilliseconds,
        (long)MaxHold.TotalMilliseconds,
        member,
    ];

    private static void Check(int permitCount)
    {
        if (permitCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A RedisRateLimiter hands out one permit at a time.");
        }
    }

    private static string NewMember() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private void Release(string member) =>
        _db.ScriptEvaluate(ReleaseScript, [_key], [member], CommandFlags.FireAndForget);
}
