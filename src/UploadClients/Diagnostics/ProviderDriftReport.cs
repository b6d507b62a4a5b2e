namespace UploadClients;

/// <summary>
/// Holds the live APIs against the shapes their documentation shows (the SDK's contract corpus): calls
/// only reads that charge nothing and change nothing, and reports, per call, what differs. Registered by
/// every <c>AddUploadClients</c> overload for the default account; <see cref="IUploadClientFactory.GetDriftCheck"/>
/// gives a named account's. The <c>uploadclients doctor</c> command and the
/// <c>UploadClients.HealthChecks</c> package run it.
/// </summary>
/// <remarks>
/// <para>The calls, per provider: OptimalDial <c>GET /api/v1/uploads?limit=1</c>, the first upload's
/// <c>GET /api/v1/uploads/{id}</c> when there is one, <c>GET /api/v1/webhooks</c> and the first
/// endpoint's deliveries; OrbitSearch the readiness of <see cref="ProviderDriftCheckOptions.OrbitSearchDirectoryId"/>;
/// Talkdesk the token request (client credentials only: it issues a token and changes nothing), the
/// first page of record lists (one per page) and the first list's <c>GET</c>. Each goes through the
/// client's own pipeline (its credentials, retries of reads and timeouts).</para>
/// <para>Nothing from an answer is kept but paths, kinds, status codes, media types and unknown
/// enumeration values: the report holds no id, name, phone number or token.</para>
/// </remarks>
public interface IProviderDriftCheck
{
    /// <summary>Checks the configured providers (or those <paramref name="options"/> names).</summary>
    /// <param name="options">Which providers, and the OrbitSearch directory to read; null: every provider with credentials.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>One <see cref="ProviderEndpointCheck"/> per call made.</returns>
    /// <exception cref="UploadValidationException">
    /// Nothing was called: no provider has credentials, a provider named in <paramref name="options"/> has
    /// none, or OrbitSearch is to be checked without an organization and directory. Every problem is listed.
    /// </exception>
    Task<ProviderDriftReport> CheckAsync(ProviderDriftCheckOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>The three providers the SDK wraps.</summary>
public enum UploadProvider
{
    /// <summary>OptimalDial.</summary>
    OptimalDial,

    /// <summary>OrbitSearch.</summary>
    OrbitSearch,

    /// <summary>Talkdesk record lists.</summary>
    Talkdesk,
}

/// <summary>What <see cref="IProviderDriftCheck.CheckAsync"/> checks.</summary>
public sealed class ProviderDriftCheckOptions
{
    /// <summary>The providers to check; empty (the default): every provider with credentials configured.</summary>
    public IList<UploadProvider> Providers { get; } = [];

    /// <summary>The OrbitSearch organization whose directory's readiness is read (OrbitSearch has no read that needs no directory).</summary>
    public Guid? OrbitSearchOrganizationId { get; set; }

    /// <summary>The OrbitSearch directory whose readiness is read.</summary>
    public Guid? OrbitSearchDirectoryId { get; set; }
}

/// <summary>The outcome of one call of a drift check.</summary>
public enum ProviderCheckOutcome
{
    /// <summary>The answer has the documented shape (notices allowed).</summary>
    Conforms,

    /// <summary>The answer left the documented shape: see the findings whose <see cref="DriftFinding.IsDrift"/> is true.</summary>
    Drift,

    /// <summary>The provider refused the call (4xx: a credential refused, a directory not found, a rate limit); <see cref="ProviderEndpointCheck.Message"/> says which credential or setting.</summary>
    Refused,

    /// <summary>No usable answer (the network, a timeout, a 5xx after the retries of a read).</summary>
    Failed,

    /// <summary>
    /// Not called: the provider has credentials but the read needs more (OrbitSearch's organization and
    /// directory, when no provider was named); <see cref="ProviderEndpointCheck.Message"/> says what.
    /// </summary>
    NotChecked,
}

/// <summary>One call of a drift check and what it found.</summary>
public sealed class ProviderEndpointCheck
{
    /// <summary>The provider called.</summary>
    public required UploadProvider Provider { get; init; }

    /// <summary>The call as documented, with placeholders for ids (<c>GET /api/v1/uploads/{upload_id}</c>).</summary>
    public required string Endpoint { get; init; }

    /// <summary>What was held against the docs (the status code, the content type, the documented example the body's shape was compared with).</summary>
    public required string Checked { get; init; }

    /// <summary>The answer's status code, or null when none came.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The call's outcome.</summary>
    public required ProviderCheckOutcome Outcome { get; init; }

    /// <summary>For a refused or failed call, what happened and what to check (never a secret's value).</summary>
    public string? Message { get; init; }

    /// <summary>How the answer differs from the docs (drift first, then notices; at most 100).</summary>
    public IReadOnlyList<DriftFinding> Findings { get; init; } = [];

    /// <summary>How many more findings the answer had beyond <see cref="Findings"/> (an answer reshaped into a large map).</summary>
    public int OmittedFindings { get; init; }
}

/// <summary>What a drift check found, call by call.</summary>
public sealed class ProviderDriftReport
{
    /// <summary>Makes a report.</summary>
    /// <param name="checks">The calls made, in order.</param>
    public ProviderDriftReport(IReadOnlyList<ProviderEndpointCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        Checks = checks;
    }

    /// <summary>The calls made, in order.</summary>
    public IReadOnlyList<ProviderEndpointCheck> Checks { get; }

    /// <summary>Whether any answer left its documented shape (a finding with <see cref="DriftFinding.IsDrift"/>).</summary>
    public bool HasDrift => Checks.Any(c => c.Findings.Any(f => f.IsDrift));

    /// <summary>Whether any answer had notices only (fields the docs do not name, optional fields absent).</summary>
    public bool HasNotices => Checks.Any(c => c.Findings.Any(f => !f.IsDrift));

    /// <summary>Whether a provider refused a call (the check is then incomplete for it).</summary>
    public bool HasRefusals => Checks.Any(c => c.Outcome == ProviderCheckOutcome.Refused);

    /// <summary>Whether a call got no usable answer (the check is then incomplete for its provider).</summary>
    public bool HasFailures => Checks.Any(c => c.Outcome == ProviderCheckOutcome.Failed);
}
