namespace UploadClients.Talkdesk;

/// <summary>
/// Maps Talkdesk's documented error body <c>{code, message, description, fields[{name, description}]}</c>
/// into <see cref="UploadApiException"/>, with advice per status.
/// </summary>
internal sealed class TalkdeskErrors : IProviderErrorMapper
{
    internal static readonly TalkdeskErrors Instance = new();

    /// <summary>What to do when Talkdesk refuses a file's size.</summary>
    private const string SizeAdvice =
        "Talkdesk refused the file's size: its upload-request schema documents byte_size of at most 20,000 bytes. Split the CSV into smaller files " +
        "(UploadClients:Talkdesk:MaxFileBytes is the SDK's own check before sending; it was raised or turned off).";

    public UploadApiException Map(ProviderError error)
    {
        var parsed = JsonErrorBody.Parse(error.Body);
        var advice = (int)error.StatusCode switch
        {
            400 or 413 when parsed.Fields.Any(f => f.Name.EndsWith("byte_size", StringComparison.Ordinal)) => SizeAdvice,
            400 when parsed.Fields.Count > 0 => "Fix the fields listed and try again.",
            400 => "Talkdesk found errors in the request.",
            401 => "The access token was refused: check UploadClients:Talkdesk:AccessToken, or the OAuth ClientId, ClientSecret and AccountName.",
            403 => "The token lacks the record-lists:manage scope, or the record list is not visible to it.",
            404 => "The record list or upload request does not exist.",
            409 => "It conflicts with the current state of the record list or upload request: validation starts only once, and only after the file was PUT to the signed URL.",
            413 => SizeAdvice,
            429 => "Rate limited: wait before trying again.",
            >= 500 => "Talkdesk had a server error.",
            _ => null,
        };
        return new UploadApiException(error.Provider, error.StatusCode, error.DefaultMessage(parsed.Detail, advice), parsed.Code, parsed.Fields, error.Body.Length == 0 ? null : error.Body)
        {
            RetryAfter = error.RetryAfter,
            ErrorDetails = parsed.Details,
        };
    }
}

/// <summary>Maps S3's XML error body (<c>&lt;Error&gt;&lt;Code&gt;BadDigest&lt;/Code&gt;&lt;Message&gt;…</c>) from the signed-URL PUT.</summary>
internal sealed class TalkdeskSignedUrlErrors : IProviderErrorMapper
{
    internal static readonly TalkdeskSignedUrlErrors Instance = new();

    public UploadApiException Map(ProviderError error)
    {
        var code = Element(error.Body, "Code");
        var message = Element(error.Body, "Message");
        var advice = code switch
        {
            "BadDigest" or "InvalidDigest" => "The bytes sent do not match their Content-MD5: the file changed while it was being sent, or it is not the file whose checksum was declared. Create a new upload request for the file as it is now.",
            "AccessDenied" or "SignatureDoesNotMatch" or "ExpiredToken" => "The signed URL has expired or its signature does not match this request: create a new upload request and PUT the file promptly.",
            _ when (int)error.StatusCode == 403 => "The signed URL has expired or its signature does not match this request: create a new upload request.",
            _ => null,
        };
        return new UploadApiException(error.Provider, error.StatusCode, error.DefaultMessage(message ?? code, advice), code, [], error.Body.Length == 0 ? null : error.Body)
        {
            RetryAfter = error.RetryAfter,
        };
    }

    private static string? Element(string xml, string name)
    {
        var open = xml.IndexOf("<" + name + ">", StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        var start = open + name.Length + 2;
        var close = xml.IndexOf("</" + name + ">", start, StringComparison.Ordinal);
        return close < 0 ? null : System.Net.WebUtility.HtmlDecode(xml[start..close]);
    }
}
