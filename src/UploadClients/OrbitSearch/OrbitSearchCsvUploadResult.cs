using System.Text.Json.Serialization;

namespace UploadClients.OrbitSearch;

/// <summary>OrbitSearch's answer to a CSV upload, plus the idempotency key that was sent.</summary>
public sealed record OrbitSearchCsvUploadResult
{
    /// <summary><c>source_id</c>: the new source (or the original one, when <see cref="IsIdempotent"/>).</summary>
    [JsonRequired]
    public string SourceId { get; init; } = string.Empty;

    /// <summary><c>directory_id</c>.</summary>
    public string DirectoryId { get; init; } = string.Empty;

    /// <summary><c>source_status</c>; a value the SDK does not document is kept as sent (<see cref="OrbitSearchSourceStatus.IsDocumented"/>).</summary>
    [JsonRequired]
    public OrbitSearchSourceStatus SourceStatus { get; init; }

    /// <summary><c>accepted</c>: rows materialized into the directory so far.</summary>
    public int Accepted { get; init; }

    /// <summary><c>failed</c>: rows that failed validation.</summary>
    public int Failed { get; init; }

    /// <summary><c>warnings</c>: rows accepted with non-fatal warnings.</summary>
    public int Warnings { get; init; }

    /// <summary><c>is_idempotent</c>: true when this is the original response of an earlier upload with the same key and file.</summary>
    public bool IsIdempotent { get; init; }

    /// <summary>The idempotency key that was sent (the caller's, or the one the SDK made).</summary>
    [JsonIgnore]
    public string IdempotencyKey { get; init; } = string.Empty;
}
