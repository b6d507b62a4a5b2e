namespace UploadClients.OptimalDial;

/// <summary>One CSV upload to OptimalDial.</summary>
public sealed class OptimalDialUploadRequest
{
    /// <summary>The CSV (at most 100 MB, with a header row).</summary>
    public required UploadFile File { get; init; }

    /// <summary>The name of the header column holding phone numbers; it must be in the header row.</summary>
    public required string PhoneColumn { get; init; }

    /// <summary><c>skip_mobile_lookup</c>: skip the mobile-carrier lookup. Default false.</summary>
    public bool SkipMobileLookup { get; init; }

    /// <summary><c>filename_override</c>: the name OptimalDial shows instead of the file's own.</summary>
    public string? FilenameOverride { get; init; }

    /// <summary>Receives progress as the file is sent.</summary>
    public IProgress<UploadProgress>? Progress { get; init; }

    /// <summary>
    /// Inspect the whole file offline before sending it and refuse, with an
    /// <see cref="UploadInspectionException"/>, what the provider is documented to refuse
    /// (fewer than 100 valid US/Canadian numbers: a certain 422). <see langword="null"/>: the provider option <c>InspectBeforeSending</c> decides (off by default).
    /// </summary>
    public bool? InspectBeforeSending { get; init; }

    /// <summary>
    /// A name you choose for this upload ("crm-export 2026-12-01") that makes it exactly-once across
    /// restarts: each step is recorded in the configured <see cref="UploadProviderOptions.Journal"/>, and a
    /// rerun with the same key returns the recorded result, waits for the upload already created, or
    /// looks the upload up when a crash left its id unrecorded; it never sends the upload twice
    /// silently. The same key with another file is refused.
    /// </summary>
    public string? OperationKey { get; init; }

    /// <summary>
    /// With an <see cref="OperationKey"/>: when a previous run sent the upload but its id was never
    /// recorded and no matching upload can be found, send it again instead of throwing
    /// <see cref="UploadOutcomeUnknownException"/>. It may be charged twice; default <see langword="false"/>.
    /// </summary>
    public bool ResendIfOutcomeUnknown { get; init; }
}
