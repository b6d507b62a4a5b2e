namespace UploadClients;

/// <summary>How the SDK waits for an upload to reach a terminal status.</summary>
/// <remarks>
/// The first status read happens at once; after that the delay doubles from
/// <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, each delay drawn at random from its
/// upper half (jitter) so that many waiting clients do not poll in step. A provider's
/// <c>Retry-After</c> is always honoured. After <see cref="Timeout"/> the wait ends with
/// <see cref="UploadPollingTimeoutException"/>.
/// </remarks>
public sealed class PollingOptions
{
    /// <summary>The delay before the second status read.</summary>
    /// <remarks>Default: 1 second.</remarks>
    public TimeSpan InitialDelay { get; set; } = PollingDefaults.InitialDelay;

    /// <summary>The longest delay between two status reads.</summary>
    /// <remarks>Default: 30 seconds.</remarks>
    public TimeSpan MaxDelay { get; set; } = PollingDefaults.MaxDelay;

    /// <summary>How long to wait in all before giving up with <see cref="UploadPollingTimeoutException"/>.</summary>
    /// <remarks>Default: 30 minutes.</remarks>
    public TimeSpan Timeout { get; set; } = PollingDefaults.Timeout;

    /// <summary>
    /// Receives every state read while waiting (an <c>OptimalDialUpload</c>, <c>OrbitSearchSource</c>
    /// or <c>TalkdeskUploadRequest</c>), for a live status line. It adds no request of its own.
    /// </summary>
    /// <remarks>Default: none. Not bound from configuration.</remarks>
    public IProgress<object>? Progress { get; set; }

    /// <summary>Returns a copy, so a caller's instance is never changed by the SDK.</summary>
    /// <returns>The copy.</returns>
    public PollingOptions Clone() => new() { InitialDelay = InitialDelay, MaxDelay = MaxDelay, Timeout = Timeout, Progress = Progress };

    /// <summary>What is wrong with the values, naming the setting at fault; <see langword="null"/> when nothing is.</summary>
    internal string? Problem(string owner)
    {
        if (InitialDelay <= TimeSpan.Zero)
        {
            return $"{owner}:InitialDelay must be positive (it is {InitialDelay}).";
        }

        if (MaxDelay < InitialDelay)
        {
            return $"{owner}:MaxDelay ({MaxDelay}) must be at least InitialDelay ({InitialDelay}).";
        }

        return Timeout <= TimeSpan.Zero ? $"{owner}:Timeout must be positive (it is {Timeout})." : null;
    }
}

/// <summary>The defaults of <see cref="PollingOptions"/>, in one place.</summary>
internal static class PollingDefaults
{
    internal static readonly TimeSpan InitialDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);
}
