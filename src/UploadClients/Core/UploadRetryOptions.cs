using System.ComponentModel.DataAnnotations;

namespace UploadClients;

/// <summary>
/// How the SDK retries a request that is safe to repeat (every GET, an OrbitSearch upload with
/// its idempotency key, a Talkdesk PUT to the signed URL) after 408, 429, 5xx or a connection
/// failure. An OptimalDial upload or a Talkdesk upload-request POST is retried only when the
/// request provably never reached the server (the connection could not be made).
/// </summary>
public sealed class UploadRetryOptions
{
    /// <summary>The fewest retries <see cref="MaxRetries"/> takes (none).</summary>
    internal const int MinRetries = 0;

    /// <summary>The most retries <see cref="MaxRetries"/> takes.</summary>
    internal const int MaxRetriesLimit = 10;

    /// <summary>How many times a request is retried after its first attempt.</summary>
    /// <remarks>Default: 3. Zero turns retries off. At most 10; options validation refuses other values at start.</remarks>
    [Range(MinRetries, MaxRetriesLimit)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The delay before the first retry; later ones double, with jitter.</summary>
    /// <remarks>Default: 1 second.</remarks>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts (a <c>Retry-After</c> longer than this still wins, up to <see cref="MaxRetryAfter"/>).</summary>
    /// <remarks>Default: 30 seconds.</remarks>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> the SDK waits out inside one call. A provider asking for a
    /// longer wait gets no automatic retry: the call ends with an <see cref="UploadApiException"/>
    /// whose <see cref="UploadApiException.RetryAfter"/> says how long to wait.
    /// </summary>
    /// <remarks>Default: 2 minutes.</remarks>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);
}
