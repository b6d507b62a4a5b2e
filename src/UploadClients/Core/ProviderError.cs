using System.Net;

namespace UploadClients;

/// <summary>What a provider's error mapper gets to build an <see cref="UploadApiException"/> from.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="Operation">What the SDK was doing, in words ("create an upload").</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ReasonPhrase">The status text.</param>
/// <param name="Body">The response body, already redacted and truncated; empty when there was none.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, when present.</param>
internal sealed record ProviderError(
    string Provider,
    string Operation,
    HttpStatusCode StatusCode,
    string? ReasonPhrase,
    string Body,
    TimeSpan? RetryAfter)
{
    /// <summary>"402 Payment Required".</summary>
    internal string Status => $"{(int)StatusCode} {ReasonPhrase ?? StatusCode.ToString()}";

    /// <summary>The default message when a provider has nothing more specific to say.</summary>
    internal string DefaultMessage(string? detail, string? advice)
    {
        var text = $"{Provider} answered {Status} when asked to {Operation}";
        text += string.IsNullOrWhiteSpace(detail) ? "." : $": {detail.TrimEnd('.')}.";
        return string.IsNullOrWhiteSpace(advice) ? text : $"{text} {advice}";
    }
}

/// <summary>Turns a provider's error response into an <see cref="UploadApiException"/>.</summary>
internal interface IProviderErrorMapper
{
    UploadApiException Map(ProviderError error);
}
