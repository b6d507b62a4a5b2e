namespace UploadClients.OrbitSearch;

/// <summary>One CSV upload into an OrbitSearch directory (it becomes a new source).</summary>
public sealed class OrbitSearchCsvUploadRequest
{
    /// <summary>The directory's organization.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>The target directory (it must not be archived).</summary>
    public required Guid DirectoryId { get; init; }

    /// <summary>The CSV, with a header row.</summary>
    public required UploadFile File { get; init; }

    /// <summary>
    /// The idempotency key: 1–255 characters of letters, digits, '-', '_', '.' and ':'. When null
    /// the SDK makes one for this call, sends it on every retry of the call, and returns it in
    /// <see cref="OrbitSearchCsvUploadResult.IdempotencyKey"/>: persist it to retry safely after a crash.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Receives progress as the file is sent.</summary>
    public IProgress<UploadProgress>? Progress { get; init; }

    /// <summary>
    /// Inspect the whole file offline before sending it and refuse, with an
    /// <see cref="UploadInspectionException"/>, what the provider is documented to refuse
    /// (a file without a header row). <see langword="null"/>: the provider option <c>InspectBeforeSending</c> decides (off by default).
    /// </summary>
    public bool? InspectBeforeSending { get; init; }

    /// <summary>
    /// A name you choose for this upload that makes it exactly-once across restarts: the idempotency
    /// key is recorded in the configured <see cref="UploadProviderOptions.Journal"/> before the request
    /// first leaves, so a rerun with the same operation key sends the same idempotency key (OrbitSearch
    /// then returns the source it already created), and a rerun after the wait ended returns the
    /// recorded result without sending. The same key with another file is refused.
    /// </summary>
    public string? OperationKey { get; init; }
}
