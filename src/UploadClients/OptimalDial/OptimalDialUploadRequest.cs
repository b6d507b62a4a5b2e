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
}
