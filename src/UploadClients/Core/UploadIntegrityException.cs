namespace UploadClients;

/// <summary>
/// The bytes a storage host says it stored are not the file's: its ETag differs from the MD5 the SDK
/// computed while sending. Nothing should act on what was stored; upload the file again.
/// </summary>
public class UploadIntegrityException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider whose storage answered.</param>
    /// <param name="expectedMd5">The file's MD5, lower-case hex.</param>
    /// <param name="actualETag">The ETag the storage host answered with.</param>
    /// <param name="message">What to do.</param>
    public UploadIntegrityException(string provider, string expectedMd5, string actualETag, string message)
        : base(message)
    {
        Provider = provider;
        ExpectedMd5 = expectedMd5;
        ActualETag = actualETag;
    }

    /// <summary>The provider whose storage answered.</summary>
    public string Provider { get; }

    /// <summary>The file's MD5, lower-case hex.</summary>
    public string ExpectedMd5 { get; }

    /// <summary>The ETag the storage host answered with.</summary>
    public string ActualETag { get; }
}
