namespace UploadClients.Talkdesk;

/// <summary>A new Talkdesk record list, made from a CSV (<c>POST /record-lists</c>).</summary>
public sealed class TalkdeskCreateRecordListRequest
{
    /// <summary>The most characters Talkdesk takes in a record list's name.</summary>
    public const int MaxNameLength = 120;

    /// <summary>The list's name: 1 to 120 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The CSV: at most 20,000 bytes, a name of 1–35 characters, a header row. Its MD5, size and name go into <c>csv_metadata</c>.</summary>
    public required UploadFile File { get; init; }

    /// <summary>Receives progress as the file is PUT to the signed URL.</summary>
    public IProgress<UploadProgress>? Progress { get; init; }

    /// <summary>
    /// Inspect the whole file offline before the list is created and refuse, with an
    /// <see cref="UploadInspectionException"/>, what Talkdesk is documented to refuse (more than
    /// 250,000 records, names over 80 characters, phones not in E.164, a record without a phone).
    /// <see langword="null"/>: the provider option <c>InspectBeforeSending</c> decides (off by default).
    /// </summary>
    public bool? InspectBeforeSending { get; init; }

    /// <summary>
    /// A name you choose for this list ("crm-export 2026-12-01") that makes it exactly-once across
    /// restarts: the list's id and signed URL, the PUT and the PATCH are recorded in the configured
    /// <see cref="UploadProviderOptions.Journal"/>, and a rerun with the same key resumes from the recorded
    /// step (the PUT while the list's signed URL lasts, then through an upload request on the list; the
    /// PATCH; the wait) or returns the recorded list. When an earlier run stopped before the answer to
    /// its POST was recorded, a new list is created (another list may have the same name, so none is
    /// adopted) and the lists of that name created since are logged as possibly left empty.
    /// </summary>
    public string? OperationKey { get; init; }
}
