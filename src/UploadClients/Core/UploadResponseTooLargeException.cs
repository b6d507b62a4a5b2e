using System.Net;

namespace UploadClients;

/// <summary>
/// The provider answered with a body larger than <see cref="UploadProviderOptions.MaxResponseBodyBytes"/>:
/// the SDK stopped reading at the limit (or refused it from its Content-Length) instead of holding it in memory.
/// </summary>
public class UploadResponseTooLargeException : UploadUnexpectedResponseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="statusCode">The status the provider answered with.</param>
    /// <param name="limit">The limit in bytes.</param>
    /// <param name="declaredLength">The Content-Length the provider declared, if any.</param>
    public UploadResponseTooLargeException(string provider, HttpStatusCode statusCode, long limit, long? declaredLength)
        : base(
            provider,
            statusCode,
            $"{provider} answered {(int)statusCode} with a body of {(declaredLength is { } n ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes" : "more bytes")} " +
            $"than the limit of {limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (MaxResponseBodyBytes in the provider options). The SDK read no more of it.")
    {
        Limit = limit;
        DeclaredLength = declaredLength;
    }

    /// <summary>The limit in bytes (<see cref="UploadProviderOptions.MaxResponseBodyBytes"/>).</summary>
    public long Limit { get; }

    /// <summary>The Content-Length the provider declared, or <see langword="null"/> when it declared none.</summary>
    public long? DeclaredLength { get; }
}
