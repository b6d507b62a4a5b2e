namespace UploadClients.OptimalDial;

/// <summary>Which file of an upload to download.</summary>
public enum OptimalDialFileKind
{
    /// <summary><c>original</c>: the CSV as uploaded.</summary>
    Original,

    /// <summary><c>processed</c>: the processed CSV.</summary>
    Processed,

    /// <summary><c>processed-filtered</c>: the processed CSV, filtered.</summary>
    ProcessedFiltered,
}

/// <summary>Wire names of <see cref="OptimalDialFileKind"/>.</summary>
internal static class OptimalDialFileKinds
{
    internal static string ToWire(this OptimalDialFileKind kind) => kind switch
    {
        OptimalDialFileKind.Original => "original",
        OptimalDialFileKind.Processed => "processed",
        OptimalDialFileKind.ProcessedFiltered => "processed-filtered",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown file kind."),
    };
}
