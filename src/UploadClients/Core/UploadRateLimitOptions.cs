using System.Threading.RateLimiting;

namespace UploadClients;

/// <summary>
/// The client-side limit on a provider's write requests (POST, PUT, PATCH, DELETE to its API), so
/// that the provider's own rate limit is met by waiting here rather than by 429s. Every request
/// counts, retries included, as the provider counts them. Reads are never limited.
/// </summary>
/// <remarks>
/// The built-in limiter is process-wide per API key (clients made with the same key and address
/// share it) and guarantees at most <see cref="PermitLimit"/> writes in any rolling
/// <see cref="Window"/> as the provider counts them: a permit is taken before a request is sent and
/// comes back one window after its answer arrived, however long the network took. For several
/// processes on one key, set <see cref="Limiter"/> to a shared one (the UploadClients.Redis package
/// registers one with a single call).
/// </remarks>
public sealed class UploadRateLimitOptions
{
    /// <summary>Whether write requests are limited.</summary>
    /// <remarks>Default: on for OptimalDial (its documented 60 write requests a minute per key), off for the others (no limit documented).</remarks>
    public bool Enabled { get; set; }

    /// <summary>Write requests allowed in any rolling <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The rolling window <see cref="PermitLimit"/> applies to.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many requests may wait for a permit at once; one more is refused at once with an
    /// <see cref="UploadRateLimitRejectedException"/> (nothing sent).
    /// </summary>
    /// <remarks>Default: 1,000.</remarks>
    public int QueueLimit { get; set; } = 1_000;

    /// <summary>
    /// A limiter to use instead of the built-in one (for example one shared through Redis by several
    /// processes). When set, it is used whatever <see cref="Enabled"/> says; the SDK asks it for one
    /// permit per write request and waits for it.
    /// </summary>
    public RateLimiter? Limiter { get; set; }

    /// <summary>Whether writes go through a limiter.</summary>
    internal bool IsActive => Limiter is not null || Enabled;

    internal IEnumerable<string> Problems(string key)
    {
        if (Limiter is null && Enabled)
        {
            if (PermitLimit < 1)
            {
                yield return $"{key}:WriteRateLimit:PermitLimit must be at least 1 (or set Enabled to false).";
            }

            if (Window <= TimeSpan.Zero)
            {
                yield return $"{key}:WriteRateLimit:Window must be longer than zero.";
            }

            if (QueueLimit < 0)
            {
                yield return $"{key}:WriteRateLimit:QueueLimit must not be negative.";
            }
        }
    }
}
