namespace UploadClients;

/// <summary>
/// A request that is not safe to repeat (an OptimalDial upload, which charges credits; a Talkdesk
/// upload request or validation start) failed after it may have reached the provider: the
/// connection broke or no answer came in time once the request was sent. It may have taken effect.
/// The SDK did not repeat it; check before sending it again (the message says how).
/// </summary>
/// <remarks>
/// <see cref="Exception.InnerException"/> is the transport failure (an <see cref="HttpRequestException"/>
/// with its <see cref="HttpRequestException.HttpRequestError"/>) or the attempt's timeout. A failure
/// before the connection was made is retried instead, and never ends here.
/// </remarks>
public class UploadOutcomeUnknownException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="operation">The operation's stable name ("CreateUpload").</param>
    /// <param name="message">What happened and what to check.</param>
    /// <param name="innerException">The transport failure or timeout.</param>
    public UploadOutcomeUnknownException(string provider, string operation, string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = provider;
        Operation = operation;
    }

    /// <summary>Creates the exception when no transport failure is at hand (a journal's rerun found the outcome unknown).</summary>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="operation">The operation's stable name ("CreateUpload").</param>
    /// <param name="message">What was sent, what was checked, and what to do.</param>
    public UploadOutcomeUnknownException(string provider, string operation, string message)
        : base(message)
    {
        Provider = provider;
        Operation = operation;
    }

    /// <summary>"OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    public string Provider { get; }

    /// <summary>The operation's stable name, as in spans and logs ("CreateUpload", "CreateUploadRequest", "StartValidation").</summary>
    public string Operation { get; }

    /// <summary>
    /// What a rerun with an operation key found in the provider's list that might be the upload it sent,
    /// without proof that it is (the same size or name, but not the marker of the operation): decide by
    /// looking at each in the provider's app. Empty when nothing came near, and for a transport failure.
    /// </summary>
    public IReadOnlyList<UploadCandidate> Candidates { get; init; } = [];
}

/// <summary>An upload that may be the one an earlier run sent (see <see cref="UploadOutcomeUnknownException.Candidates"/>).</summary>
/// <param name="Id">The provider's id of the upload.</param>
/// <param name="FileName">Its file name as the provider shows it.</param>
/// <param name="SizeBytes">Its size in bytes, when the provider says.</param>
/// <param name="CreatedAt">When the provider created it, when it says.</param>
public sealed record UploadCandidate(string Id, string? FileName, long? SizeBytes, DateTimeOffset? CreatedAt)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Id} ('{FileName}', {(SizeBytes is { } size ? size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes" : "size unknown")}, created {(CreatedAt is { } at ? at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "at an unknown time")})");
}
