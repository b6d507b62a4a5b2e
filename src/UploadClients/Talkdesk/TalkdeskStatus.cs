namespace UploadClients.Talkdesk;

/// <summary>
/// The status values Talkdesk documents for record lists (and, assumed, upload requests).
/// <c>Status</c> stays a string so a value added later never breaks a caller.
/// </summary>
public static class TalkdeskStatus
{
    /// <summary>The file was uploaded and validation was asked for (in progress).</summary>
    public const string Uploaded = "UPLOADED";

    /// <summary>Validation is running (in progress).</summary>
    public const string ValidationStarted = "VALIDATION_STARTED";

    /// <summary>The records were accepted (terminal, success).</summary>
    public const string Accepted = "ACCEPTED";

    /// <summary>The file was rejected (terminal).</summary>
    public const string Rejected = "REJECTED";

    /// <summary>Only part of the file could be imported (terminal).</summary>
    public const string Incomplete = "INCOMPLETE";

    /// <summary>The file is corrupted (terminal).</summary>
    public const string Corrupted = "CORRUPTED";

    /// <summary>Whether <paramref name="status"/> is final: ACCEPTED, REJECTED, INCOMPLETE or CORRUPTED.</summary>
    /// <param name="status">A status value.</param>
    /// <returns>True for a terminal status.</returns>
    public static bool IsTerminal(string? status) => status is Accepted or Rejected or Incomplete or Corrupted;
}
