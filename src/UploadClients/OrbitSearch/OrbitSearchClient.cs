using System.Globalization;
using Microsoft.Extensions.Logging;

namespace UploadClients.OrbitSearch;

/// <summary>The OrbitSearch client. See <see cref="IOrbitSearchClient"/>.</summary>
public class OrbitSearchClient : IOrbitSearchClient
{
    private readonly OrbitSearchOptions _options;
    private readonly ProviderHttp _http;
    private readonly Poller _poller;
    private readonly TimeProvider _time;

    /// <summary>Makes a client without dependency injection (see <c>OptimalDialClient</c> for what <paramref name="httpClient"/> means).</summary>
    /// <param name="options">Address, token, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
#pragma warning disable RS0027 // The public API contract binds this signature; the longer overload adds a clock and logging.
    public OrbitSearchClient(OrbitSearchOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, null)
    {
    }
#pragma warning restore RS0027

    /// <summary>Makes a client without dependency injection, on a given clock and logger factory.</summary>
    /// <param name="options">Address, token, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for polling and retry delays.</param>
    /// <param name="loggerFactory">Where retries are logged (never with credentials).</param>
    public OrbitSearchClient(OrbitSearchOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
        : this(Checked(options), timeProvider ?? TimeProvider.System, HttpPipeline.Create(options, TokensOf(options), httpClient, timeProvider ?? TimeProvider.System, loggerFactory), loggerFactory)
    {
    }

    /// <summary>For mocking frameworks only.</summary>
    protected OrbitSearchClient()
    {
        _options = new OrbitSearchOptions();
        _http = null!;
        _poller = null!;
        _time = TimeProvider.System;
    }

    internal OrbitSearchClient(OrbitSearchOptions options, TimeProvider timeProvider, HttpClient configured, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _time = timeProvider;
        var logger = loggerFactory?.CreateLogger(UploadClientsDiagnostics.LogCategory(options.ProviderName));
        _http = new ProviderHttp(options.ProviderName, OrbitSearchErrors.Instance, () => options.Secrets, timeProvider, logger, configured, options.BaseAddress, options.Account);
        _poller = new Poller(timeProvider, provider: options.ProviderName, logger: logger, account: options.Account);
    }

    /// <summary>The request pipelines this client sends through: the API's first, then any without credentials.</summary>
    internal IReadOnlyList<HttpClient> Pipelines => [_http.Client!];

    /// <inheritdoc />
    public virtual Task<CsvInspection> InspectAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CsvInspector.InspectAsync(request.File, Inspection.OrbitSearch, cancellationToken);
    }

    /// <inheritdoc />
    public virtual async Task<OrbitSearchCsvUploadResult> UploadCsvAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (request.IdempotencyKey is { } given && IdempotencyKey.Problem(given) is { } keyProblem)
        {
            problems.Add(keyProblem);
        }

        await UploadFileChecks.CheckAsync(request.File, long.MaxValue, string.Empty, problems, cancellationToken).ConfigureAwait(false);
        UploadFileChecks.ThrowIfAny(problems);
        await Inspection.RefuseIfAsync(request.InspectBeforeSending ?? _options.InspectBeforeSending, request.File, Inspection.OrbitSearch, cancellationToken).ConfigureAwait(false);

        return (await SendOnceAsync(request, cancellationToken).ConfigureAwait(false)).Result;
    }

    /// <summary>The upload; with an operation key, under the journal (the idempotency key recorded before it first leaves).</summary>
    private async Task<(OrbitSearchCsvUploadResult Result, UploadOperation? Record)> SendOnceAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken)
    {
        if (request.OperationKey is not { } operationKey)
        {
            return (await SendAsync(request, request.IdempotencyKey ?? IdempotencyKey.New(), cancellationToken).ConfigureAwait(false), null);
        }

        var (journal, record) = await RecordIdempotencyKeyAsync(request, operationKey, cancellationToken).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.SendingRecorded);
        var result = await SendAsync(request, record.IdempotencyKey!, cancellationToken).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.Answered);
        if (record.Step < UploadOperationStep.Created)
        {
            record = record with { Step = UploadOperationStep.Created, ProviderId = result.SourceId, UpdatedAt = _time.GetUtcNow() };
            await journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        }

        UploadOperations.Reached(UploadOperations.CreatedRecorded);
        return (result, record);
    }

    /// <summary>Under the key's lock: the recorded idempotency key, or a new one recorded before anything is sent.</summary>
    private async Task<(IUploadJournal Journal, UploadOperation Record)> RecordIdempotencyKeyAsync(OrbitSearchCsvUploadRequest request, string operationKey, CancellationToken cancellationToken)
    {
        var journal = _options.Journal ?? throw new UploadValidationException([
            $"OperationKey '{operationKey}' needs a journal to record the idempotency key: call services.AddUploadJournal(directory), or set OrbitSearchOptions.Journal (for example new FileUploadJournal(directory)). Nothing was sent."]);
        var (length, sha256) = await UploadOperations.DigestAsync(request.File, cancellationToken).ConfigureAwait(false);
        var lease = await journal.LockAsync(operationKey, _options.JournalLockTimeout, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var record = await journal.FindAsync(operationKey, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                UploadOperations.ThrowIfAnotherFile(record, _options.ProviderName, _options.Account ?? string.Empty, sha256, length, request.File.FileName);
                if (request.IdempotencyKey is { } given && given != record.IdempotencyKey)
                {
                    throw new UploadValidationException([
                        $"OperationKey '{operationKey}' recorded IdempotencyKey '{record.IdempotencyKey}', and this request gives '{given}': a rerun must send the recorded one (leave IdempotencyKey unset). Nothing was sent."]);
                }

                return (journal, record);
            }

            var now = _time.GetUtcNow();
            record = new UploadOperation
            {
                Key = operationKey,
                Provider = _options.ProviderName,
                Account = _options.Account ?? string.Empty,
                FileName = request.File.FileName,
                FileLength = length,
                FileSha256 = sha256,
                Step = UploadOperationStep.Sending,
                IdempotencyKey = request.IdempotencyKey ?? IdempotencyKey.New(),
                StartedAt = now,
                UpdatedAt = now,
            };
            await journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            return (journal, record);
        }
    }

    /// <summary>The POST itself, with <paramref name="key"/> as its idempotency key (every retry re-sends this same body, key included).</summary>
    private async Task<OrbitSearchCsvUploadResult> SendAsync(OrbitSearchCsvUploadRequest request, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StreamingMultipartContent()
                .File("file", request.File, null, request.Progress, _options.ProviderName, _options.Account)
                .Field("idempotency_key", key);
            var result = await _http.SendAsync(
                "UploadCsv",
                "upload a CSV source",
                _http.Request(HttpMethod.Post, DirectoryPath(request.OrganizationId, request.DirectoryId) + "/sources/csv-upload", content, idempotent: true),
                OrbitSearchJsonContext.Default.OrbitSearchCsvUploadResult,
                cancellationToken,
                $"Retry later with the same IdempotencyKey ('{key}') so that OrbitSearch does not create a second source.",
                request.File).ConfigureAwait(false);
            return result with { IdempotencyKey = key };
        }
        catch (Exception ex) when (ProviderHttp.WasNotRetriedForwardOnly(ex, request.File))
        {
            throw ProviderHttp.ExplainForwardOnly(ex, request.File, $"send it again from a seekable source with IdempotencyKey '{key}'.");
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public virtual Task<OrbitSearchSource> GetSourceAsync(Guid organizationId, Guid directoryId, string sourceId, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(sourceId);
        return _http.SendAsync(
            "GetSource",
            "read source " + sourceId,
            _http.Request(HttpMethod.Get, DirectoryPath(organizationId, directoryId) + "/sources/" + ProviderHttp.Segment(sourceId) + "/status"),
            OrbitSearchJsonContext.Default.OrbitSearchSource,
            cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<OrbitSearchSource> WaitForSourceAsync(Guid organizationId, Guid directoryId, string sourceId, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(sourceId);
        return WaitCoreAsync(organizationId, directoryId, sourceId, null, polling, cancellationToken);
    }

    /// <inheritdoc />
    [Obsolete("Use UploadAndWaitAsync: every client names send-then-wait that way.")]
    public virtual Task<OrbitSearchSource> UploadCsvAndWaitAsync(OrbitSearchCsvUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        UploadAndWaitAsync(request, polling, cancellationToken);

    /// <inheritdoc />
    public virtual async Task<OrbitSearchSource> UploadAndWaitAsync(OrbitSearchCsvUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        if (request?.OperationKey is { } operationKey && _options.Journal is { } journal
            && await journal.FindAsync(operationKey, cancellationToken).ConfigureAwait(false) is { Step: UploadOperationStep.Completed, ResultJson: { } recorded } done)
        {
            var (length, sha256) = await UploadOperations.DigestAsync(request.File, cancellationToken).ConfigureAwait(false);
            UploadOperations.ThrowIfAnotherFile(done, _options.ProviderName, _options.Account ?? string.Empty, sha256, length, request.File.FileName);
            return System.Text.Json.JsonSerializer.Deserialize(recorded, OrbitSearchJsonContext.Default.OrbitSearchSource)!; // nothing is sent
        }

        ArgumentNullException.ThrowIfNull(request);
        var result = await UploadCsvAsync(request, cancellationToken).ConfigureAwait(false);
        var initial = new OrbitSearchSource
        {
            SourceId = result.SourceId,
            DirectoryId = result.DirectoryId,
            SourceStatus = result.SourceStatus,
            Accepted = result.Accepted,
            Failed = result.Failed,
            Warnings = result.Warnings,
        };
        var final = await WaitCoreAsync(request.OrganizationId, request.DirectoryId, result.SourceId, initial, polling, cancellationToken).ConfigureAwait(false);
        if (request.OperationKey is { } key && _options.Journal is { } written && final.IsTerminal
            && await written.FindAsync(key, cancellationToken).ConfigureAwait(false) is { } record)
        {
            await written.SaveAsync(record with
            {
                Step = UploadOperationStep.Completed,
                UpdatedAt = _time.GetUtcNow(),
                ResultJson = System.Text.Json.JsonSerializer.Serialize(final, OrbitSearchJsonContext.Default.OrbitSearchSource),
            }, cancellationToken).ConfigureAwait(false);
        }

        return final;
    }

    /// <inheritdoc />
    public virtual async Task<OrbitSearchDirectoryReadiness> GetDirectoryReadinessAsync(Guid organizationId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        var fields = await _http.SendAsync(
            "GetDirectoryReadiness",
            "read directory readiness",
            _http.Request(HttpMethod.Get, DirectoryPath(organizationId, directoryId) + "/readiness"),
            OrbitSearchJsonContext.Default.DictionaryStringJsonElement,
            cancellationToken).ConfigureAwait(false);
        return OrbitSearchDirectoryReadiness.From(fields);
    }

    private Task<OrbitSearchSource> WaitCoreAsync(Guid organizationId, Guid directoryId, string sourceId, OrbitSearchSource? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "OrbitSearch source " + sourceId,
            ct => GetSourceAsync(organizationId, directoryId, sourceId, ct),
            s => s.IsTerminal,
            s => s.SourceStatus.ToString(),
            PollingOptions.Resolve(polling, _options.Polling),
            initial,
            cancellationToken);

    private static string DirectoryPath(Guid organizationId, Guid directoryId) =>
        string.Create(CultureInfo.InvariantCulture, $"/v2/organizations/{organizationId:D}/directories/{directoryId:D}");

    private static OrbitSearchOptions Checked(OrbitSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }

    internal static AccessTokenSource TokensOf(OrbitSearchOptions options) =>
        AccessTokenSource.FixedOrProvider(() => options.AccessToken, () => options.TokenProvider, OrbitSearchErrors.RefusesCredentialAsync);
}
