namespace UploadClients;

/// <summary>
/// Waiting for a terminal status took longer than <see cref="PollingOptions.Timeout"/>. The
/// operation itself may still finish on the provider's side: wait again later with the same id.
/// </summary>
public class UploadPollingTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="lastObservedState">The last status model read before giving up, if any.</param>
    /// <param name="innerException">The error of the last poll, if it failed.</param>
    public UploadPollingTimeoutException(string message, object? lastObservedState, Exception? innerException = null)
        : base(message, innerException)
    {
        LastObservedState = lastObservedState;
    }

    /// <summary>The last status model read before giving up (for example an <c>OptimalDialUpload</c>), or <see langword="null"/> if no poll succeeded.</summary>
    public object? LastObservedState { get; }
}
