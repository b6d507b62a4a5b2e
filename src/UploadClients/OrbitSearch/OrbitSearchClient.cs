using System.Globalization;
using Microsoft.Extensions.Logging;

namespace UploadClients.OrbitSearch;

/// <summary>The OrbitSearch client. See <see cref="IOrbitSearchClient"/>.</summary>
public class OrbitSearchClient : IOrbitSearchClient
{
    private readonly OrbitSearchOptions _options;
    private readonly ProviderHttp _http;
    private readonly IOrbitSearchApi _api;
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
        _api = null!;
        _poller = null!;
        _time = TimeProvider.System;
    }

    internal OrbitSearchClient(OrbitSearchOptions options, TimeProvider timeProvider, HttpClient configured, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _time = timeProvider;
        var logger = loggerFactory?.CreateLogger(UploadClientsDiagnostics.LogCategory(options.ProviderName));
        _http = new ProviderHttp(options.ProviderName, OrbitSearchErrors.Instance, () => options.Secrets, timeProvider, logger, configured, options.BaseAddress, options.Account);
        _api = ProviderApi.For<IOrbitSearchApi>(configured);
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
        await CheckOperationAsync(request, cancellationToken).ConfigureAwait(false);
        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        return (await SendOnceAsync(request, completedSendsNothing: false, cancellationToken).ConfigureAwait(false)).Result!;
    }

    /// <summary>With an operation key: its checks before anything is read or sent (the endpoint, the organization and the directory of an earlier record).</summary>
    private Task CheckOperationAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.OperationKey is { } key
            ? UploadOperations.CheckAsync(_options, key, DestinationOf(request), CredentialOf(request), cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Where an operation's upload goes: "organization/directory".</summary>
    private static string DestinationOf(OrbitSearchCsvUploadRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.OrganizationId:D}/{request.DirectoryId:D}");

    /// <summary>
    /// The credential an operation record keeps: the organization the upload is sent into. OrbitSearch's
    /// tokens rotate (a token provider's, a user's access token) and each is scoped to its organization,
    /// which refuses another's (403); the source is the organization's, whichever of its tokens sent it.
    /// </summary>
    private static OperationCredential CredentialOf(OrbitSearchCsvUploadRequest request) =>
        OperationCredential.Plain("organization", request.OrganizationId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>The checks before anything is sent: the idempotency key's form, the file, the opt-in inspection.</summary>
    private async Task ValidateAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken)
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
    }

    /// <summary>
    /// The upload; with an operation key, under the journal: the idempotency key is recorded before the
    /// upload first leaves, and a rerun sends the recorded one (OrbitSearch then returns the source it created).
    /// </summary>
    /// <param name="request">The upload.</param>
    /// <param name="completedSendsNothing">
    /// When an earlier run recorded the final source, return it without sending (Result is then
    /// <see langword="null"/>); otherwise the recorded key is sent again and OrbitSearch dedupes it.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    private async Task<(OrbitSearchCsvUploadResult? Result, UploadOperation? Record, IUploadJournal? Journal)> SendOnceAsync(OrbitSearchCsvUploadRequest request, bool completedSendsNothing, CancellationToken cancellationToken)
    {
        if (request.OperationKey is not { } operationKey)
        {
            return (await SendAsync(request, request.IdempotencyKey ?? IdempotencyKey.New(), cancellationToken).ConfigureAwait(false), null, null);
        }

        UploadOperation record;
        IUploadJournal journal;
        var scope = await UploadOperations.OpenAsync(_options, operationKey, request.File, DestinationOf(request), CredentialOf(request), _time, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            journal = scope.Journal;
            if (scope.Existing is { } existing)
            {
                if (request.IdempotencyKey is { } given && given != existing.IdempotencyKey)
                {
                    throw new UploadValidationException([
                        $"OperationKey '{operationKey}' recorded IdempotencyKey '{existing.IdempotencyKey}', and this request gives '{given}': a rerun must send the recorded one (leave IdempotencyKey unset). Nothing was sent."]);
                }

                record = existing;
                if (completedSendsNothing && existing is { Step: UploadOperationStep.Completed, ResultJson: not null })
                {
                    return (null, existing, journal);
                }
            }
            else
            {
                record = await scope.RecordSendingAsync(request.IdempotencyKey ?? IdempotencyKey.New(), cancellationToken).ConfigureAwait(false);
            }
        }

        // The lock is not held while sending: two workers send the same key, and OrbitSearch dedupes it.
        UploadOperations.Reached(UploadOperations.SendingRecorded);
        OrbitSearchCsvUploadResult result;
        try
        {
            result = await SendAsync(request, record.IdempotencyKey!, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && record.ProviderId is { } known)
        {
            // An earlier run created the source (its id is recorded): a cancellation while asking for it again keeps that id.
            throw new UploadWaitCanceledException<OrbitSearchSource>(
                $"The call was cancelled while OrbitSearch source {known} (recorded by an earlier run of operation '{operationKey}') was being read again: it goes on at OrbitSearch. Follow it by its id (Id), or run the operation again.",
                _options.ProviderName,
                known,
                null,
                ex,
                cancellationToken);
        }

        UploadOperations.Reached(UploadOperations.Answered);
        if (record.Step < UploadOperationStep.Created)
        {
            record = record with { Step = UploadOperationStep.Created, ProviderId = result.SourceId, UpdatedAt = _time.GetUtcNow() };
            await journal.SaveAsync(record, UploadOperations.Uncancelled).ConfigureAwait(false);
        }

        UploadOperations.Reached(UploadOperations.CreatedRecorded);
        return (result, record, journal);
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
                ct => _api.UploadCsvAsync(request.OrganizationId, request.DirectoryId, content, idempotent: true, ct),
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
            new CallText("read source", sourceId),
            (_api, organizationId, directoryId, sourceId),
            static (s, ct) => s._api.GetSourceAsync(s.organizationId, s.directoryId, s.sourceId, ct),
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
        await CheckOperationAsync(request, cancellationToken).ConfigureAwait(false);
        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        var (sent, record, journal) = await SendOnceAsync(request, completedSendsNothing: true, cancellationToken).ConfigureAwait(false);
        if (sent is not { } result)
        {
            return System.Text.Json.JsonSerializer.Deserialize(record!.ResultJson!, OrbitSearchJsonContext.Default.OrbitSearchSource)!; // recorded by an earlier run: nothing is sent
        }

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
        if (record is not null && journal is not null && final.IsTerminal)
        {
            await UploadOperations.CompleteAsync(journal, record, System.Text.Json.JsonSerializer.Serialize(final, OrbitSearchJsonContext.Default.OrbitSearchSource), _time, cancellationToken).ConfigureAwait(false);
        }

        return final;
    }

    /// <inheritdoc />
    public virtual async Task<OrbitSearchDirectoryReadiness> GetDirectoryReadinessAsync(Guid organizationId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        var fields = await _http.SendAsync(
            "GetDirectoryReadiness",
            "read directory readiness",
            ct => _api.GetDirectoryReadinessAsync(organizationId, directoryId, ct),
            OrbitSearchJsonContext.Default.DictionaryStringJsonElement,
            cancellationToken).ConfigureAwait(false);
        return OrbitSearchDirectoryReadiness.From(fields);
    }

    private Task<OrbitSearchSource> WaitCoreAsync(Guid organizationId, Guid directoryId, string sourceId, OrbitSearchSource? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "OrbitSearch source " + sourceId,
            sourceId,
            ct => GetSourceAsync(organizationId, directoryId, sourceId, ct),
            s => s.IsTerminal,
            s => s.SourceStatus.ToString(),
            PollingOptions.Resolve(polling, _options.Polling),
            initial,
            cancellationToken);

    private static OrbitSearchOptions Checked(OrbitSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }

    internal static AccessTokenSource TokensOf(OrbitSearchOptions options) =>
        AccessTokenSource.FixedOrProvider(() => options.AccessToken, () => options.TokenProvider, OrbitSearchErrors.RefusesCredentialAsync);
}
