using System.Text.Json.Serialization;

namespace UploadClients.OrbitSearch;

/// <summary>A source's processing state (GET …/sources/{sourceId}/status).</summary>
/// <remarks>Assumed: the status response carries the same fields as the upload response (docs/contract.md).</remarks>
public sealed record OrbitSearchSource
{
    /// <summary><c>source_id</c>.</summary>
    [JsonRequired]
    public string SourceId { get; init; } = string.Empty;

    /// <summary><c>directory_id</c>.</summary>
    public string DirectoryId { get; init; } = string.Empty;

    /// <summary><c>source_status</c>; a value the SDK does not document is kept as sent (<see cref="OrbitSearchSourceStatus.IsDocumented"/>).</summary>
    [JsonRequired]
    public OrbitSearchSourceStatus SourceStatus { get; init; }

    /// <summary><c>accepted</c>.</summary>
    public int Accepted { get; init; }

    /// <summary><c>failed</c>.</summary>
    public int Failed { get; init; }

    /// <summary><c>warnings</c>.</summary>
    public int Warnings { get; init; }

    /// <summary>Whether processing has ended: Completed or Failed.</summary>
    [JsonIgnore]
    public bool IsTerminal => SourceStatus.IsTerminal;
}
