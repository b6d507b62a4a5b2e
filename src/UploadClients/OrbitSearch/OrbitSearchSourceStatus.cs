using System.Text.Json.Serialization;

namespace UploadClients.OrbitSearch;

/// <summary>Where an OrbitSearch source is in its processing. Values the SDK does not know read as <see cref="Unknown"/>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OrbitSearchSourceStatus>))]
public enum OrbitSearchSourceStatus
{
    /// <summary>A status this version of the SDK does not know; polling goes on.</summary>
    Unknown,

    /// <summary><c>pending</c>: received; processing has not started.</summary>
    Pending,

    /// <summary><c>processing</c>: rows are being validated and materialized.</summary>
    Processing,

    /// <summary><c>completed</c>: terminal; see accepted, failed and warnings.</summary>
    Completed,

    /// <summary><c>failed</c>: terminal; processing hit an unrecoverable error.</summary>
    Failed,
}
