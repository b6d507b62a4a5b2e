namespace UploadClients;

/// <summary>
/// A wait for an upload that exists (<c>UploadAndWaitAsync</c>, <c>WaitFor…Async</c>,
/// <c>CreateRecordListAsync</c>) was cancelled by its caller. Only the wait stopped: the upload goes on
/// at the provider (an OptimalDial upload keeps the credits it was charged). <see cref="Id"/> names it,
/// so that it can be waited for again (<c>WaitForUploadAsync(id)</c>) or looked up in the provider's app.
/// </summary>
/// <remarks>
/// It derives from <see cref="OperationCanceledException"/>, so existing
/// <c>catch (OperationCanceledException)</c> blocks still handle it, and its
/// <see cref="OperationCanceledException.CancellationToken"/> is the caller's token. The SDK throws
/// <see cref="UploadWaitCanceledException{TState}"/>, which carries the last state with its type.
/// </remarks>
public class UploadWaitCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was cancelled, and how to follow the upload.</param>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="id">The upload's, source's, upload request's or record list's id, as text.</param>
    /// <param name="lastState">The last state read (or the create's answer), if any.</param>
    /// <param name="innerException">The cancellation as it was thrown.</param>
    /// <param name="cancellationToken">The caller's token that fired.</param>
    public UploadWaitCanceledException(string message, string provider, string id, object? lastState, Exception? innerException, CancellationToken cancellationToken)
        : base(message, innerException, cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(id);
        Provider = provider;
        Id = id;
        LastState = lastState;
    }

    /// <summary>"OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    public string Provider { get; }

    /// <summary>The id of what the wait was following (an OptimalDial upload's, an OrbitSearch source's, a Talkdesk upload request's or record list's), as text.</summary>
    public string Id { get; }

    /// <summary>The last state read before the cancellation (or the create's answer), untyped; <see langword="null"/> when none was read.</summary>
    public object? LastState { get; }
}

/// <summary>A wait for a <typeparamref name="TState"/> was cancelled; <see cref="LastState"/> is the last one read.</summary>
/// <typeparam name="TState">The provider's status model: <c>OptimalDialUpload</c>, <c>OrbitSearchSource</c>, <c>TalkdeskUploadRequest</c> or <c>TalkdeskRecordList</c>.</typeparam>
public class UploadWaitCanceledException<TState> : UploadWaitCanceledException
    where TState : class
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was cancelled, and how to follow the upload.</param>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="id">The id of what the wait was following, as text.</param>
    /// <param name="lastState">The last state read, if any.</param>
    /// <param name="innerException">The cancellation as it was thrown.</param>
    /// <param name="cancellationToken">The caller's token that fired.</param>
    public UploadWaitCanceledException(string message, string provider, string id, TState? lastState, Exception? innerException, CancellationToken cancellationToken)
        : base(message, provider, id, lastState, innerException, cancellationToken)
    {
        LastState = lastState;
    }

    /// <summary>The last state read before the cancellation, or <see langword="null"/> when none was read.</summary>
    public new TState? LastState { get; }
}
