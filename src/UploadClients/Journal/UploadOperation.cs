using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>Where an upload started with an operation key has got to, as its journal recorded it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UploadOperationStep>))]
public enum UploadOperationStep
{
    /// <summary>The record's default value: nothing taken yet (the SDK's flows record <see cref="Sending"/> first, with the file's size and SHA-256).</summary>
    Started = 0,

    /// <summary>The create request is about to leave (or left): the provider may have acted on it.</summary>
    Sending = 1,

    /// <summary>The provider answered with the upload's id: it exists (Talkdesk: the upload request, with its signed URL), and a rerun waits for it (Talkdesk: PUTs the file).</summary>
    Created = 2,

    /// <summary>Talkdesk: the file's bytes are stored behind the signed URL (the PUT answered with the file's MD5); validation is not started yet.</summary>
    Uploaded = 3,

    /// <summary>Talkdesk: the PATCH that starts validation is about to leave (or left); a rerun reads the upload request's status before sending it.</summary>
    StartingValidation = 4,

    /// <summary>Talkdesk: the PATCH was answered; a rerun only waits.</summary>
    ValidationStarted = 5,

    /// <summary>The upload reached a final status; a rerun returns the recorded result and sends nothing.</summary>
    Completed = 6,
}

/// <summary>
/// One operation's record in an <see cref="IUploadJournal"/>: written before each step is taken and
/// after it is done, so a process that restarts knows what it sent. Contains no credential and no
/// file content: the file is known by its name, size and SHA-256. The one secret it may hold, a
/// Talkdesk signed URL, is kept only between the upload request's creation and the PUT's answer
/// (so that a rerun in that window PUTs to the same upload request) and is never printed.
/// </summary>
public sealed record UploadOperation
{
    /// <summary>The caller's operation key ("crm-export 2026-12-01").</summary>
    public required string Key { get; init; }

    /// <summary>"OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    public required string Provider { get; init; }

    /// <summary>The named account, or empty for the default one.</summary>
    public string Account { get; init; } = string.Empty;

    /// <summary>
    /// Where the upload goes, when the request names it: Talkdesk's record list id, OrbitSearch's
    /// "organization/directory". The same key for another destination is refused.
    /// </summary>
    public string? Destination { get; init; }

    /// <summary>
    /// The API the operation was sent to: its base address as <c>scheme://host:port/path</c>. A run
    /// against another endpoint (the offline fake and production, two harnesses) is refused before
    /// anything is read or sent: a record proves nothing at another endpoint.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// Whose credential sent it, never the credential itself: an HMAC-SHA256 of the key under a random
    /// salt kept here (OptimalDial's API key, a fixed Talkdesk token), or the account it belongs to
    /// (OrbitSearch's organization, a Talkdesk account's token endpoint). A run with another credential
    /// is refused before anything is read or sent.
    /// </summary>
    public string? Credential { get; init; }

    /// <summary>
    /// OptimalDial: the name the upload was sent under (<c>filename_override</c>), with a marker unique to
    /// this operation in it, recorded before the POST left. OptimalDial returns it as <c>original_filename</c>,
    /// so a rerun that finds it in the list knows the upload is this operation's.
    /// </summary>
    public string? SentFileName { get; init; }

    /// <summary>OptimalDial: the marker unique to this operation inside <see cref="SentFileName"/> (<c>op-</c> and 12 hex digits).</summary>
    public string? Marker { get; init; }

    /// <summary>The file's name as sent.</summary>
    public required string FileName { get; init; }

    /// <summary>The file's length in bytes.</summary>
    public long FileLength { get; init; }

    /// <summary>The file's SHA-256, lowercase hex: the same key with another file is refused.</summary>
    public required string FileSha256 { get; init; }

    /// <summary>The last step recorded.</summary>
    public UploadOperationStep Step { get; init; }

    /// <summary>The idempotency key the provider dedupes on (OrbitSearch), recorded before the request first left.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The provider's id of what was created (OptimalDial's upload id, OrbitSearch's source id), once known.</summary>
    public string? ProviderId { get; init; }

    /// <summary>
    /// Talkdesk: the signed URL of the upload request in <see cref="ProviderId"/>, from its creation
    /// until the PUT was answered (then cleared). A secret: never printed.
    /// </summary>
    public string? SignedUrl { get; init; }

    /// <summary>Talkdesk: when the signed URL stops working (the SDK's clock when it arrived plus its X-Amz-Expires), when the URL says.</summary>
    public DateTimeOffset? SignedUrlExpiresAt { get; init; }

    /// <summary>When the operation was first recorded.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When <see cref="Step"/> was last changed (the journal's retention counts from here).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The final result as the provider's JSON, once <see cref="UploadOperationStep.Completed"/>.</summary>
    public string? ResultJson { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Key = ").Append(Key)
            .Append(", Provider = ").Append(Provider)
            .Append(", Account = ").Append(Account)
            .Append(", Endpoint = ").Append(Endpoint)
            .Append(", Credential = ").Append(Credential)
            .Append(", Destination = ").Append(Destination)
            .Append(", FileName = ").Append(FileName)
            .Append(", FileLength = ").Append(FileLength)
            .Append(", FileSha256 = ").Append(FileSha256)
            .Append(", SentFileName = ").Append(SentFileName)
            .Append(", Step = ").Append(Step)
            .Append(", IdempotencyKey = ").Append(IdempotencyKey)
            .Append(", ProviderId = ").Append(ProviderId)
            .Append(", SignedUrl = ").Append(SignedUrl is null ? null : "(recorded, not printed)")
            .Append(", SignedUrlExpiresAt = ").Append(SignedUrlExpiresAt)
            .Append(", StartedAt = ").Append(StartedAt)
            .Append(", UpdatedAt = ").Append(UpdatedAt);
        return true;
    }
}
