namespace UploadClients.OrbitSearch;

/// <summary>
/// Maps OrbitSearch's one documented error shape (docs.orbitsearch.com/guides/error-handling),
/// <c>{"status": "failed", "error": {"code": "…", "message": "…", …}}</c>: <c>error.code</c> becomes
/// <see cref="UploadApiException.ErrorCode"/> and the error object's other fields (for example
/// <c>requiredCredits</c>, <c>remainingCredits</c>) <see cref="UploadApiException.ErrorDetails"/>.
/// </summary>
/// <remarks>Assumed status codes (not documented for the csv-upload rejections): 409 key reused with another file, 403 another organization's directory, 409 or 422 archived directory.</remarks>
internal sealed class OrbitSearchErrors : IProviderErrorMapper
{
    internal static readonly OrbitSearchErrors Instance = new();

    /// <summary>The most of a 403 body read to find its code.</summary>
    private const int MaxRefusalBodyBytes = 16 * 1024;

    /// <summary>
    /// Whether OrbitSearch refused the credential itself: 401, or 403 with the documented code
    /// <c>invalid_api_key</c> ("malformed, revoked, expired, or unknown", guides/error-handling),
    /// the signal that a token from a <see cref="IUploadAccessTokenProvider"/> should be replaced.
    /// A 403 for anything else (<c>missing_api_key_scope</c>, another organization's directory) is
    /// not: a fresh token of the same kind would be refused the same way.
    /// </summary>
    internal static async ValueTask<bool> RefusesCredentialAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return true;
        }

        if (response.StatusCode != System.Net.HttpStatusCode.Forbidden || response.Content.Headers.ContentLength is 0 or > MaxRefusalBodyBytes)
        {
            return false;
        }

        try
        {
            // Buffered (and bounded), so the caller still reads the same body for its error.
            await response.Content.LoadIntoBufferAsync(MaxRefusalBodyBytes, cancellationToken).ConfigureAwait(false);
            return JsonErrorBody.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Code == "invalid_api_key";
        }
        catch (HttpRequestException)
        {
            // Larger than any documented error, or cut off: not a refusal the SDK can recognise.
            return false;
        }
    }

    public UploadApiException Map(ProviderError error)
    {
        var parsed = JsonErrorBody.Parse(error.Body);
        var advice = (int)error.StatusCode switch
        {
            401 => "The access token was refused: check UploadClients:OrbitSearch:AccessToken or your TokenProvider (tokens expire).",
            402 => "OrbitSearch credits are insufficient for this request (see ErrorDetails for requiredCredits and remainingCredits).",
            403 when parsed.Code == "invalid_api_key" => "The key is malformed, revoked, expired or unknown: check UploadClients:OrbitSearch:AccessToken or your TokenProvider.",
            403 when parsed.Code == "missing_api_key_scope" => "The key does not have the scope this endpoint needs: issue a key with the right scopes.",
            403 => "The directory belongs to another organization than your token's, or the token lacks access: check OrganizationId and DirectoryId.",
            404 => "The organization, directory or source does not exist (or is not visible to this token).",
            409 when error.Operation.StartsWith("upload", StringComparison.Ordinal) =>
                "The idempotency key was already used with a different file, or the directory is archived: use a new key for a new file, or a directory that is not archived.",
            409 => "It conflicts with the directory's current state.",
            422 => "OrbitSearch refused the upload: the directory may be archived, or the file is not a CSV it can read.",
            429 => "Rate limited: wait" + (error.RetryAfter is { } w ? $" {Math.Ceiling(w.TotalSeconds)} seconds" : " a little") + " before trying again.",
            >= 500 => "OrbitSearch had a server error; uploads are retried with the same idempotency key, so it is safe to try again with that key.",
            _ => null,
        };
        return new UploadApiException(
            error.Provider,
            error.StatusCode,
            error.DefaultMessage(parsed.Detail ?? (error.Body.Length is > 0 and < 300 ? error.Body : null), advice),
            parsed.Code,
            parsed.Fields,
            error.Body.Length == 0 ? null : error.Body)
        {
            RetryAfter = error.RetryAfter,
            ErrorDetails = parsed.Details,
        };
    }
}
