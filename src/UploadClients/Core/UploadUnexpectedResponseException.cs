using System.Net;

namespace UploadClients;

/// <summary>
/// The provider answered, with a success status, but with something the SDK cannot act on: a body
/// that is not the documented JSON, a field the SDK needs that is missing, or a link that is not https.
/// </summary>
/// <remarks>
/// <see cref="StatusCode"/> is the status the provider really sent (a 2xx): the request may have
/// taken effect (an upload created and charged), so check before sending it again.
/// </remarks>
public class UploadUnexpectedResponseException : UploadClientsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">"OptimalDial", "OrbitSearch" or "Talkdesk".</param>
    /// <param name="statusCode">The status the provider answered with.</param>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="responseBody">The response body, already truncated and redacted.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public UploadUnexpectedResponseException(string provider, HttpStatusCode statusCode, string message, string? responseBody = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>"OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    public string Provider { get; }

    /// <summary>The status the provider answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response body, truncated to a few kilobytes, with secrets redacted; <see langword="null"/> when it does not bear on the problem.</summary>
    public string? ResponseBody { get; }

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
