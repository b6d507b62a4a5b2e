namespace UploadClients.OptimalDial;

/// <summary>Why a webhook delivery was refused.</summary>
public enum OptimalDialWebhookFailure
{
    /// <summary>The signature header is missing or not <c>t=&lt;unix&gt;,v1=&lt;hex&gt;</c>.</summary>
    MalformedHeader,

    /// <summary>No <c>v1</c> signature matches the body and timestamp (tampered body or wrong secret).</summary>
    SignatureMismatch,

    /// <summary>The signed timestamp is outside the tolerance (a replay, or a clock far off).</summary>
    TimestampOutsideTolerance,

    /// <summary>The signature is valid but the body is not the documented event JSON.</summary>
    MalformedPayload,
}

/// <summary>A webhook delivery failed verification; <see cref="Reason"/> says how. Answer it with 400 and do not act on it.</summary>
public class OptimalDialWebhookSignatureException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the delivery was refused.</param>
    /// <param name="message">What was wrong, never with the secret.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OptimalDialWebhookSignatureException(OptimalDialWebhookFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the delivery was refused.</summary>
    public OptimalDialWebhookFailure Reason { get; }
}
