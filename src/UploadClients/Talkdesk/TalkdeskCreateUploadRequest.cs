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
}
