namespace UploadClients.OrbitSearch;

/// <summary>Settings of the OrbitSearch client (configuration section <c>UploadClients:OrbitSearch</c>).</summary>
public sealed class OrbitSearchOptions : UploadProviderOptions
{
    /// <summary>The production API address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.orbitsearch.com");

    /// <summary>Creates options pointing at <see cref="DefaultBaseAddress"/>.</summary>
    public OrbitSearchOptions()
    {
    }

    /// <summary>A user access token, sent as <c>Authorization: Bearer</c>. When set it wins over <see cref="TokenProvider"/>. Never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Supplies tokens that expire (used when <see cref="AccessToken"/> is not set). When OrbitSearch
    /// refuses the token (401, or 403 with code <c>invalid_api_key</c>: malformed, revoked, expired
    /// or unknown) it is asked once for a fresh token and the request is repeated once. A 403 for
    /// anything else (<c>missing_api_key_scope</c>, another organization's directory) is reported,
    /// not retried.
    /// </summary>
    public IUploadAccessTokenProvider? TokenProvider { get; set; }

    private protected override Uri DefaultBaseAddressValue => DefaultBaseAddress;

    internal override string ProviderName => "OrbitSearch";

    internal override IEnumerable<string?> Secrets => [AccessToken];

    internal override bool HasCredentials => !string.IsNullOrWhiteSpace(AccessToken) || TokenProvider is not null;

    internal override IEnumerable<(string Setting, string? Value)> CredentialTexts => [("AccessToken", AccessToken)];

    private protected override void ValidateCredentials(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(AccessToken) && TokenProvider is null)
        {
            problems.Add($"{ConfigurationKey}:AccessToken is not set (environment variable {EnvironmentVariable("AccessToken")}), and no TokenProvider is configured.");
        }
    }
}
