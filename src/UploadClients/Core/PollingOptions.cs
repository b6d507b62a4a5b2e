namespace UploadClients;

/// <summary>How the SDK waits for an upload to reach a terminal status.</summary>
/// <remarks>
/// The first status read happens at once; after that the delay doubles from
/// <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, each delay drawn at random from its
/// upper half (jitter) so that many waiting clients do not poll in step. A provider's
/// <c>Retry-After</c> is always honoured. After <see cref="Timeout"/> the wait ends with
/// <see cref="UploadPollingTimeoutException"/>.
/// To watch each state read while waiting, pass a <see cref="PollingOptions{TState}"/> with its typed
/// <see cref="PollingOptions{TState}.Progress"/>.
/// </remarks>
public class PollingOptions
{
    /// <summary>The delay before the second status read.</summary>
    /// <remarks>Default: 1 second.</remarks>
    public TimeSpan InitialDelay { get => _initialDelay ?? PollingDefaults.InitialDelay; set => _initialDelay = value; }

    /// <summary>The longest delay between two status reads.</summary>
    /// <remarks>Default: 30 seconds.</remarks>
    public TimeSpan MaxDelay { get => _maxDelay ?? PollingDefaults.MaxDelay; set => _maxDelay = value; }

    /// <summary>How long to wait in all before giving up with <see cref="UploadPollingTimeoutException"/>.</summary>
    /// <remarks>Default: 30 minutes.</remarks>
    public TimeSpan Timeout { get => _timeout ?? PollingDefaults.Timeout; set => _timeout = value; }

    /// <summary>
    /// How long after an upload is created a 404 on reading it means "not visible yet" rather than
    /// "does not exist", so the wait goes on. Applies only to the waits that created the upload
    /// (<c>UploadAndWaitAsync</c>); waiting on an id from elsewhere ends at the first 404.
    /// </summary>
    /// <remarks>Default: 30 seconds.</remarks>
    public TimeSpan NotFoundGrace { get => _notFoundGrace ?? PollingDefaults.NotFoundGrace; set => _notFoundGrace = value; }

    // Null until set: a per-call instance overrides only what its caller set (Over).
    private TimeSpan? _initialDelay;
    private TimeSpan? _maxDelay;
    private TimeSpan? _timeout;
    private TimeSpan? _notFoundGrace;

    /// <summary>
    /// Receives every state read while waiting, untyped (an <c>OptimalDialUpload</c>,
    /// <c>OrbitSearchSource</c> or <c>TalkdeskUploadRequest</c>). It adds no request of its own.
    /// </summary>
    /// <remarks>Default: none. Not bound from configuration.</remarks>
    [Obsolete("Use PollingOptions<TState> and its typed Progress, for example new PollingOptions<OptimalDialUpload> { Progress = new Progress<OptimalDialUpload>(…) }.")]
    public IProgress<object>? Progress { get; set; }

    /// <summary>Returns a copy of the same type (a <see cref="PollingOptions{TState}"/> stays one), so a caller's instance is never changed by the SDK.</summary>
    /// <returns>The copy.</returns>
    public PollingOptions Clone() => (PollingOptions)MemberwiseClone();

    /// <summary>
    /// A copy of these settings that reports every <typeparamref name="TState"/> read to
    /// <paramref name="progress"/>: <c>options.Polling.WithProgress(new Progress&lt;OptimalDialUpload&gt;(…))</c>.
    /// </summary>
    /// <typeparam name="TState">The state the wait reads: <c>OptimalDialUpload</c>, <c>OrbitSearchSource</c> or <c>TalkdeskUploadRequest</c>.</typeparam>
    /// <param name="progress">Receives each state read.</param>
    /// <returns>The copy.</returns>
    public PollingOptions<TState> WithProgress<TState>(IProgress<TState> progress)
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(progress);

        // What is unset stays unset (a copy of the getters would turn the defaults into settings, and a
        // configured 2-hour Timeout met through Resolve would become 30 minutes).
        var copy = new PollingOptions<TState> { Progress = progress };
        PollingOptions settings = copy;
        settings._initialDelay = _initialDelay;
        settings._maxDelay = _maxDelay;
        settings._timeout = _timeout;
        settings._notFoundGrace = _notFoundGrace;
        return copy;
    }

    /// <summary>
    /// The settings of a wait: <paramref name="perCall"/>'s where its caller set them, the
    /// <paramref name="configured"/> ones everywhere else (a per-call instance that sets only a
    /// Progress keeps the configured delays and timeout).
    /// </summary>
    /// <param name="perCall">The wait's <c>polling</c> argument, or <see langword="null"/>.</param>
    /// <param name="configured">The provider's configured polling.</param>
    internal static PollingOptions Resolve(PollingOptions? perCall, PollingOptions configured)
    {
        if (perCall is null)
        {
            return configured;
        }

        var merged = perCall.Clone(); // keeps the caller's type and progress receivers
        merged._initialDelay ??= configured._initialDelay;
        merged._maxDelay ??= configured._maxDelay;
        merged._timeout ??= configured._timeout;
        merged._notFoundGrace ??= configured._notFoundGrace;
#pragma warning disable CS0618 // The untyped receiver is still served while it exists.
        merged.Progress ??= configured.Progress;
#pragma warning restore CS0618
        return merged;
    }

    /// <summary>The state type a <see cref="PollingOptions{TState}"/> reports, or <see langword="null"/>.</summary>
    internal virtual Type? StateType => null;

    /// <summary>Reports one state read to the progress receivers set.</summary>
    internal virtual void Report(object state)
    {
#pragma warning disable CS0618 // The untyped receiver is still served while it exists.
        Progress?.Report(state);
#pragma warning restore CS0618
    }

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

        if (NotFoundGrace < TimeSpan.Zero)
        {
            return $"{owner}:NotFoundGrace must not be negative (it is {NotFoundGrace}).";
        }

        return Timeout <= TimeSpan.Zero ? $"{owner}:Timeout must be positive (it is {Timeout})." : null;
    }
}

/// <summary>
/// <see cref="PollingOptions"/> for a wait on a <typeparamref name="TState"/>, with a typed
/// <see cref="Progress"/>. Pass it as the <c>polling</c> argument of a wait:
/// <c>WaitForUploadAsync(id, new PollingOptions&lt;OptimalDialUpload&gt; { Progress = … })</c>.
/// </summary>
/// <typeparam name="TState">The state the wait reads: <c>OptimalDialUpload</c>, <c>OrbitSearchSource</c> or <c>TalkdeskUploadRequest</c>.</typeparam>
public class PollingOptions<TState> : PollingOptions
    where TState : class
{
    /// <summary>Receives every state read while waiting, for a live status line. It adds no request of its own.</summary>
    /// <remarks>Default: none.</remarks>
    public new IProgress<TState>? Progress { get; set; }

    /// <summary>Returns a copy, with the same <see cref="Progress"/>.</summary>
    /// <returns>The copy.</returns>
    public new PollingOptions<TState> Clone() => (PollingOptions<TState>)base.Clone();

    internal override Type StateType => typeof(TState);

    internal override void Report(object state)
    {
        base.Report(state);
        if (state is TState typed)
        {
            Progress?.Report(typed);
        }
    }
}

/// <summary>The defaults of <see cref="PollingOptions"/>, in one place.</summary>
internal static class PollingDefaults
{
    internal static readonly TimeSpan InitialDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);
    internal static readonly TimeSpan NotFoundGrace = TimeSpan.FromSeconds(30);
}
