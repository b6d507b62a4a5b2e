namespace UploadClients;

/// <summary>
/// Supplies bearer tokens that expire: set one on a provider's options (for example
/// <c>OrbitSearchOptions.TokenProvider</c>) instead of a fixed access token. When the provider
/// refuses the token (401; for OrbitSearch also 403 <c>invalid_api_key</c>, which its docs use for
/// a malformed, revoked, expired or unknown key), the SDK asks once for a fresh token
/// (<c>forceRefresh</c> true) and repeats the request once. A fixed token is never refreshed.
/// </summary>
public interface IUploadAccessTokenProvider
{
    /// <summary>Returns a current access token.</summary>
    /// <param name="forceRefresh">True when the last token was refused: do not return a cached one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token, without the "Bearer " prefix.</returns>
    ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
