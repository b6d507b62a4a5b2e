namespace UploadClients;

/// <summary>
/// Waiting for a terminal status took longer than <see cref="PollingOptions.Timeout"/>. The
/// operation itself may still finish on the provider's side: wait again later with the same id.
/// </summary>
/// <remarks>
/// The SDK throws <see cref="UploadPollingTimeoutException{TState}"/>, which carries the last state
/// read with its type (an <c>OptimalDialUpload</c>, <c>OrbitSearchSource</c> or <c>TalkdeskUploadRequest</c>).
/// </remarks>
public class UploadPollingTimeoutException : UploadClientsException
{
    private readonly object? _lastState;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="lastObservedState">The last status model read before giving up, if any.</param>
    /// <param name="innerException">The error of the last poll, if it failed.</param>
    public UploadPollingTimeoutException(string message, object? lastObservedState, Exception? innerException = null)
        : base(message, innerException)
    {
        _lastState = lastObservedState;
    }

    /// <summary>
    /// The id of what the wait was following (an OptimalDial upload's, an OrbitSearch source's, a Talkdesk
    /// upload request's or record list's), as text: wait for it again with it. Set by every wait of the SDK.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The last status model read before giving up, untyped, or <see langword="null"/> if no poll succeeded.</summary>
    [Obsolete("Catch UploadPollingTimeoutException<TState> (for example UploadPollingTimeoutException<OptimalDialUpload>) and read LastState.")]
    public object? LastObservedState => _lastState;
}

/// <summary>A wait for a <typeparamref name="TState"/> ran out; <see cref="LastState"/> is the last one read.</summary>
/// <typeparam name="TState">The provider's status model: <c>OptimalDialUpload</c>, <c>OrbitSearchSource</c> or <c>TalkdeskUploadRequest</c>.</typeparam>
public class UploadPollingTimeoutException<TState> : UploadPollingTimeoutException
    where TState : class
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="lastState">The last state read before giving up, if any.</param>
    /// <param name="innerException">The error of the last poll, if it failed.</param>
    public UploadPollingTimeoutException(string message, TState? lastState, Exception? innerException = null)
        : base(message, lastState, innerException)
    {
        LastState = lastState;
    }

    /// <summary>The last state read before giving up, or <see langword="null"/> if no poll succeeded.</summary>
    public TState? LastState { get; }
}
