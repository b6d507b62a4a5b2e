namespace UploadClients;

/// <summary>
/// The file changed while it was being sent: it no longer has the length (and so the checksum) the
/// SDK declared for it. The SDK stopped before the last declared byte, so the provider stored
/// nothing, and the steps after the upload (Talkdesk's validation) were not started.
/// </summary>
public class UploadFileChangedException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The file's name.</param>
    /// <param name="declaredBytes">The length declared for it.</param>
    /// <param name="grew">Whether it grew (else it shrank).</param>
    public UploadFileChangedException(string fileName, long declaredBytes, bool grew)
        : base(
            $"'{fileName}' changed while it was being sent: it had {declaredBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes when its length and checksum were taken, and now has {(grew ? "more" : "fewer")}. " +
            "Nothing was stored: the SDK stopped before the last declared byte. Send it again once it has stopped changing.")
    {
        FileName = fileName;
        DeclaredBytes = declaredBytes;
        Grew = grew;
    }

    /// <summary>The file's name.</summary>
    public string FileName { get; }

    /// <summary>The length declared for it (the Content-Length and checksum were for this many bytes).</summary>
    public long DeclaredBytes { get; }

    /// <summary>Whether it grew; <see langword="false"/> when it shrank.</summary>
    public bool Grew { get; }
}
