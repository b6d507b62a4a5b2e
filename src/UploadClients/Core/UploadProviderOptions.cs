namespace UploadClients;

/// <summary>The settings every provider's options share.</summary>
public abstract class UploadProviderOptions
{
    private Uri? _baseAddress;

    private protected UploadProviderOptions()
    {
    }

    /// <summary>The API's base address. Must be https unless the host is loopback (the test harness).</summary>
    public Uri BaseAddress
    {
        get => _baseAddress ?? DefaultBaseAddressValue;
        set => _baseAddress = value;
    }

    /// <summary>The address used when <see cref="BaseAddress"/> is not set.</summary>
    private protected abstract Uri DefaultBaseAddressValue { get; }

    /// <summary>How <c>WaitFor…Async</c> polls; a per-call <see cref="PollingOptions"/> overrides it.</summary>
    public PollingOptions Polling { get; set; } = new();

    /// <summary>
    /// Whether every upload's file is inspected offline in full before it is sent
    /// (<see cref="CsvInspector"/> with this provider's rules), refusing with an
    /// <see cref="UploadInspectionException"/> what the provider is documented to refuse. Default
    /// <see langword="false"/>: only the header row is read. A request's own <c>InspectBeforeSending</c> wins.
    /// </summary>
    public bool InspectBeforeSending { get; set; }

    /// <summary>
    /// Where uploads with an <c>OperationKey</c> record their steps (set in code, or by
    /// <c>services.AddUploadJournal(directory)</c> for every account). Without one, a request with an
    /// operation key is refused before anything is sent.
    /// </summary>
    public IUploadJournal? Journal { get; set; }

    /// <summary>How long an upload with an operation key waits for another worker that holds the same key (default 5 minutes).</summary>
    public TimeSpan JournalLockTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Which failures are retried, how often and how long apart.</summary>
    public UploadRetryOptions Retry { get; set; } = new();

    /// <summary>The client-side limit on write requests (on by default for OptimalDial: 60 a minute per key).</summary>
    public UploadRateLimitOptions WriteRateLimit { get; set; } = new();

    /// <summary>The time one attempt of a request without a file (a status read) may take.</summary>
    /// <remarks>Default: 100 seconds.</remarks>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The time one attempt of a request that carries a file may take, from the first byte sent
    /// to the response. Allow for the largest file at the slowest link you support.
    /// </summary>
    /// <remarks>Default: 30 minutes (100 MB at about 0.5 Mbit/s).</remarks>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The largest response body the SDK reads (a status, a list page, a token): a larger one is an
    /// <see cref="UploadResponseTooLargeException"/>, refused from its Content-Length when it declares
    /// one. Error bodies are read up to 64 KB and cut there; downloaded files are streamed and not bounded.
    /// </summary>
    /// <remarks>Default: 4 MiB (a page of 100 OptimalDial uploads is about 70 KB).</remarks>
    public long MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

    /// <summary>The default of <see cref="MaxResponseBodyBytes"/>: 4 MiB.</summary>
    internal const long DefaultMaxResponseBodyBytes = 4L * 1024 * 1024;

    /// <summary>The provider's name: "OptimalDial", "OrbitSearch" or "Talkdesk".</summary>
    internal abstract string ProviderName { get; }

    /// <summary>
    /// The account these options configure when registered by name (<c>AddUploadClients(name, ...)</c>);
    /// <see langword="null"/> for the default account and for clients made without DI. It prefixes
    /// configuration keys in messages and tags telemetry (<c>uploadclients.account</c>).
    /// </summary>
    internal string? Account { get; private set; }

    /// <summary>The configuration key prefix, e.g. "UploadClients:OptimalDial" or "UploadClients:Accounts:acme:OptimalDial".</summary>
    internal string ConfigurationKey => (Account is null ? "UploadClients:" : "UploadClients:Accounts:" + Account + ":") + ProviderName;

    /// <summary>The environment variable of a setting, e.g. "UploadClients__Accounts__acme__OptimalDial__ApiKey".</summary>
    /// <param name="setting">The setting's name under the provider's section.</param>
    internal string EnvironmentVariable(string setting) => (ConfigurationKey + ":" + setting).Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Every secret value these options hold, for redaction.</summary>
    internal abstract IEnumerable<string?> Secrets { get; }

    /// <summary>Every problem (settings and credentials), each naming its configuration key; empty when all is well.</summary>
    internal List<string> Validate()
    {
        var problems = ValidateSettings();
        problems.AddRange(ValidateCredentials());
        return problems;
    }

    /// <summary>The credential problems only, each naming its configuration key.</summary>
    internal List<string> ValidateCredentials()
    {
        var problems = CredentialTextProblems();
        ValidateCredentials(problems);
        return problems;
    }

    /// <summary>Credentials that are set but have a line break, a control character or spaces around them.</summary>
    internal List<string> CredentialTextProblems()
    {
        var problems = new List<string>();
        foreach (var (setting, value) in CredentialTexts)
        {
            // A key read from a file or a variable often ends with a newline: refused here, naming the
            // setting, rather than failing the first request with a FormatException that names nothing.
            if (!string.IsNullOrEmpty(value) && (value.Any(char.IsControl) || value.Trim().Length != value.Length))
            {
                problems.Add($"{ConfigurationKey}:{setting} has a line break, a control character or spaces around it (a value read from a file or an environment variable often ends with a newline); remove them.");
            }
        }

        return problems;
    }

    /// <summary>The credentials that travel in headers, by setting name, for the check of their characters.</summary>
    internal abstract IEnumerable<(string Setting, string? Value)> CredentialTexts { get; }

    /// <summary>Problems with everything but credentials (checked at host start: an app using only one provider need not configure the others' credentials).</summary>
    internal List<string> ValidateSettings()
    {
        var problems = new List<string>();
        if (SecureUri.Problem(BaseAddress, ConfigurationKey + ":BaseAddress") is { } uriProblem)
        {
            problems.Add(uriProblem);
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{ConfigurationKey}:RequestTimeout must be positive.");
        }

        if (UploadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{ConfigurationKey}:UploadTimeout must be positive.");
        }

        if (MaxResponseBodyBytes is < 1024 or > int.MaxValue)
        {
            problems.Add($"{ConfigurationKey}:MaxResponseBodyBytes must be from 1024 to {int.MaxValue} (it is {MaxResponseBodyBytes}).");
        }

        if (Retry is null || Retry.MaxRetries is < UploadRetryOptions.MinRetries or > UploadRetryOptions.MaxRetriesLimit
            || Retry.BaseDelay < TimeSpan.Zero || Retry.MaxDelay < Retry.BaseDelay || Retry.MaxRetryAfter < TimeSpan.Zero)
        {
            problems.Add($"{ConfigurationKey}:Retry needs MaxRetries from {UploadRetryOptions.MinRetries} to {UploadRetryOptions.MaxRetriesLimit}, 0 ≤ BaseDelay ≤ MaxDelay and MaxRetryAfter ≥ 0.");
        }

        if (WriteRateLimit is null)
        {
            problems.Add($"{ConfigurationKey}:WriteRateLimit is not set.");
        }
        else
        {
            problems.AddRange(WriteRateLimit.Problems(ConfigurationKey));
        }

        if (Polling is null)
        {
            problems.Add($"{ConfigurationKey}:Polling is not set.");
        }
        else if (Polling.Problem(ConfigurationKey + ":Polling") is { } pollingProblem)
        {
            problems.Add(pollingProblem);
        }

        return problems;
    }

    /// <summary>Whether any credential setting is set (a named account's providers with none are not checked at start).</summary>
    internal abstract bool HasCredentials { get; }

    /// <summary>
    /// Marks these options as configuring <paramref name="account"/> (null: the default account).
    /// One instance configuring two accounts would tag and name one account's calls as the other's: refused.
    /// </summary>
    /// <param name="account">The account's name, or null for the default account.</param>
    internal void AssignAccount(string? account)
    {
        lock (_accountLock)
        {
            if (_accountAssigned && !string.Equals(Account, account, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The same {GetType().Name} instance configures {Describe(Account)} and {Describe(account)}: give each account its own (assign a new {GetType().Name} in each account's configure delegate).");
            }

            _accountAssigned = true;
            Account = account;
        }

        static string Describe(string? name) => name is null ? "the default account" : "account '" + name + "'";
    }

    private readonly Lock _accountLock = new();
    private bool _accountAssigned;

    /// <summary>Adds the provider's credential problems (checked when its client is first resolved).</summary>
    private protected abstract void ValidateCredentials(List<string> problems);

    /// <summary>Throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every problem.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(ConfigurationKey, GetType(), problems);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} {{ BaseAddress = {Redactor.RedactUrl(BaseAddress)}, credentials redacted }}";
}
