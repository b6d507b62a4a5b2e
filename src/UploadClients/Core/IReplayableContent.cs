namespace UploadClients;

/// <summary>Request content that knows whether it can be sent again from its first byte.</summary>
internal interface IReplayableContent
{
    /// <summary>False once a non-seekable source has been sent: a retry would send nothing or half.</summary>
    bool CanReplay { get; }

    /// <summary>True when the content carries an upload file (it gets the longer upload timeout).</summary>
    bool CarriesFile { get; }
}
