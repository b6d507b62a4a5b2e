using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>The documented OptimalDial Upload object, every field typed.</summary>
/// <remarks>
/// Read tolerantly (docs/contract.md): only <see cref="Id"/> and <see cref="Status"/> are required;
/// a field the provider leaves out (its own "trimmed" examples do) reads as its default, unknown
/// fields are ignored, dates accept ISO 8601 and unix seconds, and the ids the SDK never acts on
/// (user, organization, API key) read as empty when they are not UUIDs.
/// </remarks>
public sealed record OptimalDialUpload
{
    /// <summary><c>id</c>: the upload's id.</summary>
    [JsonRequired]
    public Guid Id { get; init; }

    /// <summary><c>user_id</c>: the user who made it (<see cref="Guid.Empty"/> when absent or not a UUID).</summary>
    [JsonConverter(typeof(TolerantGuidConverter))]
    public Guid UserId { get; init; }

    /// <summary><c>original_filename</c> (empty when the provider sends none, or null).</summary>
    public string OriginalFilename { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary><c>storage_path</c>: internal to OptimalDial; use the download endpoints for files (empty when the provider sends none, or null).</summary>
    public string StoragePath { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary><c>status</c>; a value the SDK does not document is kept as sent (<see cref="OptimalDialUploadStatus.IsDocumented"/>).</summary>
    [JsonRequired]
    public OptimalDialUploadStatus Status { get; init; }

    /// <summary><c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>updated_at</c>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary><c>organization_id</c>.</summary>
    [JsonConverter(typeof(TolerantNullableGuidConverter))]
    public Guid? OrganizationId { get; init; }

    /// <summary><c>file_size_bytes</c>.</summary>
    public long? FileSizeBytes { get; init; }

    /// <summary><c>valid_row_count</c>: rows with a valid US/Canadian number.</summary>
    public int? ValidRowCount { get; init; }

    /// <summary><c>invalid_row_count</c>.</summary>
    public int? InvalidRowCount { get; init; }

    /// <summary><c>credits_required</c>.</summary>
    public int? CreditsRequired { get; init; }

    /// <summary><c>credits_charged</c>.</summary>
    public int? CreditsCharged { get; init; }

    /// <summary><c>credits_refunded</c>.</summary>
    public int? CreditsRefunded { get; init; }

    /// <summary><c>source</c>: web or api (null when the provider sends none).</summary>
    public OptimalDialUploadSource? Source { get; init; }

    /// <summary><c>api_key_id</c>: the key the upload was made with.</summary>
    [JsonConverter(typeof(TolerantNullableGuidConverter))]
    public Guid? ApiKeyId { get; init; }

    /// <summary><c>skip_mobile_lookup</c>.</summary>
    public bool? SkipMobileLookup { get; init; }

    /// <summary><c>processed_storage_path</c>.</summary>
    public string? ProcessedStoragePath { get; init; }

    /// <summary><c>processed_filtered_storage_path</c>.</summary>
    public string? ProcessedFilteredStoragePath { get; init; }

    /// <summary><c>error_message</c>: why validation or processing failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>exceeded_daily_limit</c>.</summary>
    public bool? ExceededDailyLimit { get; init; }

    /// <summary>Whether the upload has ended: Completed, Failed, Cancelled or ValidationFailed.</summary>
    [JsonIgnore]
    public bool IsTerminal => Status.IsTerminal;
}
