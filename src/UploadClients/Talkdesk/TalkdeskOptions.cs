namespace UploadClients.Talkdesk;

/// <summary>Settings of the Talkdesk client (configuration section <c>UploadClients:Talkdesk</c>).</summary>
/// <remarks>
/// Authentication, first that applies: a fixed <see cref="AccessToken"/>; a
/// <see cref="TokenProvider"/>; OAuth 2 client credentials (<see cref="ClientId"/>,
/// <see cref="ClientSecret"/> and <see cref="AccountName"/> or <see cref="TokenEndpoint"/>), with
/// the token cached until shortly before it expires.
/// </remarks>
public sealed class TalkdeskOptions : UploadProviderOptions
{
    /// <summary>The OAuth scope the record-list upload needs.</summary>
    public const string RecordListsScope = "record-lists:manage";

    /// <summary>Creates options for the US region.</summary>
    public TalkdeskOptions()
    {
    }

    /// <summary>The account's region; it sets the default API address and token host.</summary>
    /// <remarks>Default: <see cref="TalkdeskRegion.Us"/>.</remarks>
    public TalkdeskRegion Region { get; set; } = TalkdeskRegion.Us;

    /// <summary>A fixed bearer token. When set it wins over everything else. Never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Supplies tokens that expire; used when <see cref="AccessToken"/> is not set.</summary>
    public IUploadAccessTokenProvider? TokenProvider { get; set; }

    /// <summary>The Talkdesk account name: the <c>{account}</c> of <c>https://{account}.talkdeskid.com</c>.</summary>
    public string? AccountName { get; set; }

    /// <summary>The OAuth client id (client credentials grant).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The token endpoint; when not set it is derived from <see cref="AccountName"/> and <see cref="Region"/>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The scope asked for with client credentials.</summary>
    /// <remarks>Default: <c>record-lists:manage</c>.</remarks>
    public string Scope { get; set; } = RecordListsScope;

    /// <summary>
    /// The SDK's own check of a file's size before anything is sent. Talkdesk's upload-request schema
    /// documents <c>byte_size</c> of at most 20,000 bytes, while its help centre documents lists of up
    /// to 250,000 records: raise this if your account takes larger files, or set it to
    /// <see langword="null"/> to turn the client-side check off and let Talkdesk decide (its refusal
    /// then names this setting).
    /// </summary>
    /// <remarks>Default: 20,000 (the schema's maximum).</remarks>
    public long? MaxFileBytes { get; set; } = TalkdeskClient.MaxFileBytes;

    /// <summary>The limit the SDK checks: <see cref="MaxFileBytes"/>, or none.</summary>
    internal long EffectiveMaxFileBytes => MaxFileBytes ?? long.MaxValue;

    /// <summary>
    /// The credential an operation record keeps (never the credential itself). With OAuth client
    /// credentials: the account, named by the token endpoint the tokens come from (tokens rotate; the
    /// account does not). With a fixed <see cref="AccessToken"/>: a salted HMAC of that token (an
    /// <see cref="AccountName"/> beside it is only a label: it plays no part in authenticating). With a
    /// <see cref="TokenProvider"/>: the account its <see cref="AccountName"/> names, as the caller states it
    /// (the provider's tokens rotate); without one, an operation key is refused.
    /// </summary>
    internal OperationCredential OperationCredential(string key) =>
        UsesClientCredentials && EffectiveTokenEndpoint is { } tokens ? UploadClients.OperationCredential.Plain("account", tokens.GetLeftPart(UriPartial.Path))
        : !string.IsNullOrEmpty(AccessToken) ? UploadClients.OperationCredential.Keyed("access-token", AccessToken)
        : EffectiveTokenEndpoint is { } stated ? UploadClients.OperationCredential.Plain("account", stated.GetLeftPart(UriPartial.Path))
        : throw new UploadValidationException([
            $"OperationKey '{key}' records which Talkdesk account an upload went to, and a TokenProvider alone does not say: set {ConfigurationKey}:AccountName (the {{account}} of https://{{account}}.talkdeskid.com). Nothing was sent."]);

    /// <summary>The API address of a region.</summary>
    /// <param name="region">The region.</param>
    /// <returns>Its API address.</returns>
    public static Uri ApiAddressOf(TalkdeskRegion region) => region switch
    {
        TalkdeskRegion.Eu => new Uri("https://api.talkdeskapp.eu"),
        TalkdeskRegion.Ca => new Uri("https://api.talkdeskappca.com"),
        _ => new Uri("https://api.talkdeskapp.com"),
    };

    /// <summary>The token endpoint in use: <see cref="TokenEndpoint"/>, or the one of <see cref="AccountName"/> in <see cref="Region"/>.</summary>
    public Uri? EffectiveTokenEndpoint => TokenEndpoint ?? (string.IsNullOrWhiteSpace(AccountName) ? null : new Uri($"https://{AccountName}.{TokenHostOf(Region)}/oauth/token"));

    /// <summary>Whether client credentials are configured (and no fixed token or provider overrides them).</summary>
    internal bool UsesClientCredentials => string.IsNullOrEmpty(AccessToken) && TokenProvider is null && !string.IsNullOrEmpty(ClientId);

    private protected override Uri DefaultBaseAddressValue => ApiAddressOf(Region);

    internal override string ProviderName => "Talkdesk";

    internal override IEnumerable<string?> Secrets => [AccessToken, ClientSecret];

    internal override bool HasCredentials =>
        !string.IsNullOrWhiteSpace(AccessToken) || TokenProvider is not null || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(ClientSecret);

    internal override IEnumerable<(string Setting, string? Value)> CredentialTexts => [("AccessToken", AccessToken), ("ClientId", ClientId), ("ClientSecret", ClientSecret)];

    private protected override void ValidateCredentials(List<string> problems)
    {
        if (!string.IsNullOrEmpty(AccessToken) || TokenProvider is not null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret))
        {
            problems.Add($"{ConfigurationKey}:AccessToken is not set (environment variable {EnvironmentVariable("AccessToken")}), and neither are {ConfigurationKey}:ClientId and {ConfigurationKey}:ClientSecret for OAuth client credentials.");
        }
        else if (EffectiveTokenEndpoint is null)
        {
            problems.Add($"{ConfigurationKey}:AccountName (or {ConfigurationKey}:TokenEndpoint) is needed to get OAuth tokens with ClientId and ClientSecret.");
        }
        else if (SecureUri.Problem(EffectiveTokenEndpoint, ConfigurationKey + ":TokenEndpoint") is { } tokenProblem)
        {
            problems.Add(tokenProblem);
        }
    }

    private static string TokenHostOf(TalkdeskRegion region) => region switch
    {
        TalkdeskRegion.Eu => "talkdeskid.eu",
        TalkdeskRegion.Ca => "talkdeskidca.com",
        _ => "talkdeskid.com",
    };
}
