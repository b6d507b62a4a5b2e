namespace UploadClients.OptimalDial;

/// <summary>Settings of the OptimalDial client (configuration section <c>UploadClients:OptimalDial</c>).</summary>
public sealed class OptimalDialOptions : UploadProviderOptions
{
    /// <summary>The production API address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.optimaldial.com");

    /// <summary>The prefix every OptimalDial API key starts with.</summary>
    public const string ApiKeyPrefix = "od_live_";

    /// <summary>OptimalDial's documented limit on write requests: 60 a minute per API key.</summary>
    public const int DocumentedWritesPerMinute = 60;

    /// <summary>Creates options pointing at <see cref="DefaultBaseAddress"/>, with write requests limited to <see cref="DocumentedWritesPerMinute"/> a minute.</summary>
    public OptimalDialOptions()
    {
        WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = DocumentedWritesPerMinute, Window = TimeSpan.FromMinutes(1) };
    }

    /// <summary>
    /// The API key (<c>od_live_…</c>), sent as <c>Authorization: Bearer</c>. Keys are minted in the
    /// OptimalDial developer panel and scoped to one organization. Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    private protected override Uri DefaultBaseAddressValue => DefaultBaseAddress;

    internal override string ProviderName => "OptimalDial";

    internal override IEnumerable<string?> Secrets => [ApiKey];

    internal override bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey);

    internal override IEnumerable<(string Setting, string? Value)> CredentialTexts => [("ApiKey", ApiKey)];

    private protected override void ValidateCredentials(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add($"{ConfigurationKey}:ApiKey is not set (environment variable {EnvironmentVariable("ApiKey")}); mint a key in the OptimalDial developer panel.");
        }
        else if (!ApiKey.Trim().StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            problems.Add($"{ConfigurationKey}:ApiKey does not start with '{ApiKeyPrefix}', so it is not an OptimalDial API key; copy the whole key from the OptimalDial developer panel.");
        }
    }
}
