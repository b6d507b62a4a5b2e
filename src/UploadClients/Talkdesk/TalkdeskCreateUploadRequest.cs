namespace UploadClients.Talkdesk;

/// <summary>A CSV to upload into an existing Talkdesk record list.</summary>
public sealed class TalkdeskCreateUploadRequest
{
    /// <summary>The CSV: at most 20,000 bytes, a name of 1–35 characters, a header row. Its MD5, size and name go into <c>csv_metadata</c>.</summary>
    public required UploadFile File { get; init; }

    /// <summary><c>callback_action</c>: what Talkdesk calls when validation finishes.</summary>
    public TalkdeskCallbackAction? CallbackAction { get; init; }

    /// <summary><c>send_atlas_notification</c>: whether Talkdesk sends an Atlas notification when validation finishes.</summary>
    public bool? SendAtlasNotification { get; init; }

    /// <summary>Receives progress as the file is PUT to the signed URL.</summary>
    public IProgress<UploadProgress>? Progress { get; init; }

    /// <summary>
    /// Inspect the whole file offline before sending it and refuse, with an
    /// <see cref="UploadInspectionException"/>, what the provider is documented to refuse
    /// (more than 250,000 records, names over 80 characters, phones not in E.164, a record without a phone). <see langword="null"/>: the provider option <c>InspectBeforeSending</c> decides (off by default).
    /// </summary>
    public bool? InspectBeforeSending { get; init; }

    /// <summary>
    /// A name you choose for this upload ("crm-export 2026-12-01") that makes
    /// <see cref="ITalkdeskClient.UploadAndWaitAsync"/> exactly-once across restarts: each step (the
    /// upload request's id and signed URL, the PUT, the PATCH that starts validation, the final status)
    /// is recorded in the configured <see cref="UploadProviderOptions.Journal"/>, and a rerun with the
    /// same key resumes from the recorded step: it PUTs to the recorded upload request while its signed
    /// URL lasts (a new upload request only once it expired), sends the PATCH once, then waits; after
    /// the final status it returns the recorded result and sends nothing. The same key with another
    /// file or record list is refused. Only <see cref="ITalkdeskClient.UploadAndWaitAsync"/>, which
    /// takes every step, accepts it.
    /// </summary>
    public string? OperationKey { get; init; }
}
