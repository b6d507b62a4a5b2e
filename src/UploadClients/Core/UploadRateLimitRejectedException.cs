namespace UploadClients;

/// <summary>
/// A write request was not sent: the client-side rate limiter's queue was full
/// (<see cref="UploadRateLimitOptions.QueueLimit"/> requests already waiting) or the limiter refused
/// it. Nothing reached the provider; send it again later, or raise the queue limit.
/// </summary>
public class UploadRateLimitRejectedException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The limiter's rejection.</param>
    public UploadRateLimitRejectedException(string provider, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider whose limit this is.</summary>
    public string Provider { get; }
}
