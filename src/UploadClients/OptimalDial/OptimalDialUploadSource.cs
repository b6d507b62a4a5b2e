using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>How an upload was made. Values the SDK does not know read as <see cref="Unknown"/>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OptimalDialUploadSource>))]
public enum OptimalDialUploadSource
{
    /// <summary>A value this version of the SDK does not know.</summary>
    Unknown,

    /// <summary><c>web</c>: through the OptimalDial app.</summary>
    Web,

    /// <summary><c>api</c>: through the API.</summary>
    Api,
}
