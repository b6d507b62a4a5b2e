namespace UploadClients;

/// <summary>
/// An operation key's record was made at another endpoint or with another credential than this run's
/// (the offline fake and production, a test harness and a live account, a rotated key): a record proves
/// nothing elsewhere, so it is neither resumed nor taken as done, and nothing was read or sent. Use
/// another operation key, or another journal.
/// </summary>
public sealed class UploadOperationElsewhereException : UploadValidationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What differs, and what to do.</param>
    /// <param name="operationKey">The operation key.</param>
    /// <param name="recordedEndpoint">The endpoint the record names (<c>scheme://host:port/path</c>), or null when it names none.</param>
    /// <param name="endpoint">This run's endpoint.</param>
    /// <param name="recordedId">The provider's id the record holds, if any.</param>
    public UploadOperationElsewhereException(string problem, string operationKey, string? recordedEndpoint, string endpoint, string? recordedId)
        : base([problem])
    {
        OperationKey = operationKey;
        RecordedEndpoint = recordedEndpoint;
        Endpoint = endpoint;
        RecordedId = recordedId;
    }

    /// <summary>The operation key.</summary>
    public string OperationKey { get; }

    /// <summary>The endpoint the record was made at, or <see langword="null"/> when it does not say (an earlier build's record).</summary>
    public string? RecordedEndpoint { get; }

    /// <summary>This run's endpoint. Equal to <see cref="RecordedEndpoint"/> when only the credential differs.</summary>
    public string Endpoint { get; }

    /// <summary>The provider's id the record holds (an upload made there), if any.</summary>
    public string? RecordedId { get; }
}
