using System.Net;
using System.Text.Json;

namespace UploadClients;

/// <summary>
/// The provider answered with a non-success status (a body the SDK cannot read is an
/// <see cref="UploadUnexpectedResponseException"/>).
/// </summary>
/// <remarks>
/// The message says what happened and, where the provider documents it, what to do next. The
/// response body is kept (truncated, with credentials and URL signatures redacted) in
/// <see cref="ResponseBody"/>.
/// </remarks>
public class UploadApiException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="statusCode">The HTTP status the provider answered with.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="errorCode">The provider's own error code, when its body has one.</param>
    /// <param name="fieldErrors">Per-field complaints, when the body has them.</param>
    /// <param name="responseBody">The response body, already truncated and redacted.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public UploadApiException(
        string provider,
        HttpStatusCode statusCode,
        string message,
        string? errorCode = null,
        IReadOnlyList<UploadFieldError>? fieldErrors = null,
        string? responseBody = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        FieldErrors = fieldErrors ?? [];
        ResponseBody = responseBody;
    }

    /// <summary>"OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    public string Provider { get; }

    /// <summary>The HTTP status the provider answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The provider's error code (for example <c>rate_limit_exceeded</c>), when its body has one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Per-field complaints from the provider; empty when there are none.</summary>
    public IReadOnlyList<UploadFieldError> FieldErrors { get; }

    /// <summary>The response body, truncated to a few kilobytes, with secrets redacted.</summary>
    public string? ResponseBody { get; }

    /// <summary>
    /// The other fields of the provider's error object, as sent: for example OrbitSearch's
    /// <c>requiredCredits</c> and <c>remainingCredits</c>, or OptimalDial's <c>limit</c>,
    /// <c>observed</c> and <c>retry_after_seconds</c>. Empty when there are none.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> ErrorDetails { get; init; } = EmptyDetails;

    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyDetails = new Dictionary<string, JsonElement>();

    /// <summary>
    /// Whether the request may have taken effect despite the error: a server error (5xx) answering a
    /// request that is not safe to repeat (an OptimalDial upload, which charges credits; a Talkdesk
    /// upload request or validation start), as when a proxy fails after the provider accepted it.
    /// Check before sending it again. <see langword="false"/> for reads and for refusals (4xx).
    /// </summary>
    public bool MayHaveTakenEffect { get; internal set; }

    /// <summary>How long the provider asked the caller to wait (a <c>Retry-After</c> header), if it did.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Whether the same request may succeed later without change: 408, 429 and 5xx. Whether it is
    /// <em>safe</em> to repeat depends on the operation: an OptimalDial upload charges credits.
    /// </summary>
    public bool IsTransient => StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;

    /// <summary>
    /// The response's headers, for the provider's support: values that may hold a secret are redacted
    /// (cookies, authentication headers, tokens, a signed URL's query). Empty when the SDK did not keep them.
    /// </summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; internal set; } = UploadClients.ResponseHeaders.None;

    /// <summary>
    /// The id the provider or S3 gave the request (<c>X-Request-Id</c>, <c>Request-Id</c> or
    /// <c>x-amz-request-id</c>), to quote to their support; <see langword="null"/> when none was sent.
    /// </summary>
    public string? RequestId { get; internal set; }

    /// <inheritdoc />
    public override string Message => RequestId is null ? base.Message : base.Message + " (request id " + RequestId + ")";

    /// <summary>The message without the request id.</summary>
    internal string MessageWithoutRequestId => base.Message;

    /// <summary>Keeps the response's headers and request id.</summary>
    internal void KeepResponse(IReadOnlyDictionary<string, string> headers)
    {
        ResponseHeaders = headers;
        RequestId = UploadClients.ResponseHeaders.RequestIdOf(headers);
    }
}
