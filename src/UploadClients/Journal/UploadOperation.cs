using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>Where an upload started with an operation key has got to, as its journal recorded it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UploadOperationStep>))]
public enum UploadOperationStep
{
    /// <summary>Recorded before anything was sent: the file's size and SHA-256 are known.</summary>
    Started = 0,

    /// <summary>The create request is about to leave (or left): the provider may have acted on it.</summary>
    Sending = 1,

    /// <summary>The provider answered with the upload's id: it exists, and a rerun waits for it.</summary>
    Created = 2,

    /// <summary>The upload reached a final status; a rerun returns the recorded result and sends nothing.</summary>
    Completed = 3,
}

/// <summary>
/// One operation's record in an <see cref="IUploadJournal"/>: written before each step is taken and
/// after it is done, so a process that restarts knows what it sent. Contains no credential and no
/// file content: the file is known by its name, size and SHA-256.
/// </summary>
public sealed record UploadOperation
{
    /// <summary>The caller's operation key ("crm-export 2026-12-01").</summary>
    public required string Key { get; init; }

    /// <summary>"OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    public required string Provider { get; init; }

    /// <summary>The named account, or empty for the default one.</summary>
    public string Account { get; init; } = string.Empty;

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

    /// <summary>When the operation was first recorded.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When <see cref="Step"/> was last changed (the journal's retention counts from here).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The final result as the provider's JSON, once <see cref="UploadOperationStep.Completed"/>.</summary>
    public string? ResultJson { get; init; }
}
