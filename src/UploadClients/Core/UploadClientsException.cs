namespace UploadClients;

/// <summary>
/// The base of every exception the SDK defines, so that one <c>catch</c> handles them all:
/// <see cref="UploadApiException"/> (the provider refused), <see cref="UploadUnexpectedResponseException"/>
/// (the provider answered with something the SDK cannot act on), <see cref="UploadIntegrityException"/>
/// (stored bytes differ from the file), <see cref="UploadValidationException"/> (refused before
/// sending), <see cref="UploadPollingTimeoutException"/> (a wait ran out) and
/// <c>OptimalDialWebhookSignatureException</c>.
/// </summary>
/// <remarks>
/// Failures of the network and of the caller's own cancellation stay .NET's:
/// <see cref="HttpRequestException"/> (with its <see cref="HttpRequestException.HttpRequestError"/>),
/// <see cref="TimeoutException"/> for an attempt that ran past its timeout, and
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public abstract class UploadClientsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected UploadClientsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
