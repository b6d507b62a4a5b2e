using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace UploadClients.Talkdesk;

/// <summary>The Talkdesk record-list client. See <see cref="ITalkdeskClient"/>.</summary>
public partial class TalkdeskClient : ITalkdeskClient
{
    /// <summary>
    /// The key of <see cref="Exception.Data"/> that holds the id of the record list
    /// <see cref="CreateRecordListAsync"/> created before a later step failed (the list exists, empty).
    /// </summary>
    public const string RecordListIdKey = "UploadClients.Talkdesk.RecordListId";

    /// <summary>Talkdesk's documented limit on <c>csv_metadata.byte_size</c>.</summary>
    public static readonly long MaxFileBytes = 20_000;

    /// <summary>Talkdesk's documented limit on <c>csv_metadata.filename</c>.</summary>
    public const int MaxFileNameLength = 35;

    private readonly TalkdeskOptions _options;
    private readonly HttpClient _signedUrlClient;
    private readonly ProviderHttp _http;
    private readonly ITalkdeskApi _api;
    private readonly Poller _poller;

    /// <summary>Makes a client without dependency injection (see <c>OptimalDialClient</c> for what <paramref name="httpClient"/> means).</summary>
    /// <param name="options">Region or address, credentials, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
#pragma warning disable RS0027 // The public API contract binds this signature; the longer overload adds a clock and logging.
    public TalkdeskClient(TalkdeskOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, null)
    {
    }
#pragma warning restore RS0027

    /// <summary>Makes a client without dependency injection, on a given clock and logger factory.</summary>
    /// <param name="options">Region or address, credentials, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for polling, retry delays and token expiry.</param>
    /// <param name="loggerFactory">Where retries are logged (never with credentials).</param>
    public TalkdeskClient(TalkdeskOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var time = timeProvider ?? TimeProvider.System;

        // The signed-URL and token requests go through a client with no Talkdesk credentials at all.
        var plain = HttpPipeline.Create(options, null, httpClient, time, loggerFactory);
        var oauth = options.UsesClientCredentials ? new TalkdeskOAuthTokenProvider(options, plain, time) : null;
        var api = HttpPipeline.Create(options, TokensOf(options, () => oauth), httpClient, time, loggerFactory);
        (_options, _signedUrlClient, _http, _poller) = Parts(options, api, plain, time, loggerFactory);
        _api = ProviderApi.For<ITalkdeskApi>(api);
    }

    /// <summary>For mocking frameworks only.</summary>
    protected TalkdeskClient()
    {
        _options = new TalkdeskOptions();
        _signedUrlClient = null!;
        _http = null!;
        _api = null!;
        _poller = null!;
    }

    /// <summary>Used by DI: <paramref name="api"/> carries auth and retries; <paramref name="signedUrlClient"/> retries only, no auth.</summary>
    internal TalkdeskClient(TalkdeskOptions options, HttpClient api, HttpClient signedUrlClient, TimeProvider timeProvider, ILoggerFactory? loggerFactory)
    {
        (_options, _signedUrlClient, _http, _poller) = Parts(options, api, signedUrlClient, timeProvider, loggerFactory);
        _api = ProviderApi.For<ITalkdeskApi>(api);
    }

    /// <summary>The request pipelines this client sends through: the API's first, then any without credentials.</summary>
    internal IReadOnlyList<HttpClient> Pipelines => [_http.Client!, _signedUrlClient];

    /// <inheritdoc />
    public virtual async Task<TalkdeskUploadRequest> CreateUploadRequestAsync(string recordListId, TalkdeskCreateUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OperationKey is { } key)
        {
            throw new UploadValidationException([
                $"OperationKey '{key}' is taken by UploadAndWaitAsync, which takes every step of the flow and records each: after CreateUploadRequestAsync alone the journal could not know whether the PUT and the PATCH were done. Nothing was sent."]);
        }

        var digest = await ValidateAsync(recordListId, request, cancellationToken).ConfigureAwait(false);
        return await CreateCoreAsync(recordListId, request, digest, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task UploadToSignedUrlAsync(TalkdeskUploadRequest uploadRequest, UploadFile file, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploadRequest);
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            byte[] md5;
            if (uploadRequest.ChecksumMd5 is { Length: 32 } hex)
            {
                md5 = Convert.FromHexString(hex);
            }
            else
            {
                var digest = await FileDigest.ComputeAsync(file, _options.EffectiveMaxFileBytes, 0, cancellationToken).ConfigureAwait(false);
                if (!digest.ReachedEnd)
                {
                    throw new UploadValidationException([OverLimit(file, null)]);
                }

                md5 = digest.Md5;
            }

            await PutCoreAsync(uploadRequest, file, md5, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await file.DisposeSourceAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public virtual async Task<TalkdeskUploadRequest> StartValidationAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(recordListId);
        PathId.ThrowIfInvalid(uploadRequestId);
        using var body = ProviderHttp.Json(new StatusPatchBody("replace", "/status", TalkdeskStatus.Uploaded), TalkdeskJsonContext.Default.StatusPatchBody);
        var wire = await _http.SendAsync(
            "StartValidation",
            "start validation of upload request " + uploadRequestId,
            ct => _api.PatchUploadRequestAsync(recordListId, uploadRequestId, body, ct),
            TalkdeskJsonContext.Default.UploadRequestWire,
            cancellationToken,
            mayHaveTakenEffect: true).ConfigureAwait(false);
        return ToModel(wire, recordListId, null);
    }

    /// <inheritdoc />
    public virtual async Task<TalkdeskUploadRequest> GetUploadRequestAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(recordListId);
        PathId.ThrowIfInvalid(uploadRequestId);
        try
        {
            return await ReadUploadRequestAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException ex) when (ex.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            // Assumed (docs/contract.md): where reading an upload request is not allowed, the record
            // list's status tells how its latest upload is going.
            var list = await GetRecordListAsync(recordListId, cancellationToken).ConfigureAwait(false);
            return new TalkdeskUploadRequest { Id = uploadRequestId, RecordListId = list.Id, Status = list.Status };
        }
    }

    /// <summary>GET of the upload request itself (no fallback to the record list).</summary>
    private async Task<TalkdeskUploadRequest> ReadUploadRequestAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken)
    {
        var wire = await _http.SendAsync(
            "GetUploadRequest",
            new CallText("read upload request", uploadRequestId),
            (_api, recordListId, uploadRequestId),
            static (s, ct) => s._api.GetUploadRequestAsync(s.recordListId, s.uploadRequestId, ct),
            TalkdeskJsonContext.Default.UploadRequestWire,
            cancellationToken).ConfigureAwait(false);
        return ToModel(wire, recordListId, null);
    }

    /// <inheritdoc />
    public virtual async Task<TalkdeskRecordList> GetRecordListAsync(string recordListId, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(recordListId);
        var wire = await _http.SendAsync(
            "GetRecordList",
            new CallText("read record list", recordListId),
            (_api, recordListId),
            static (s, ct) => s._api.GetRecordListAsync(s.recordListId, ct),
            TalkdeskJsonContext.Default.RecordListWire,
            cancellationToken).ConfigureAwait(false);
        return ToModel(wire);
    }

    /// <inheritdoc />
    public virtual Task<TalkdeskUploadRequest> WaitForUploadRequestAsync(string recordListId, string uploadRequestId, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(recordListId);
        PathId.ThrowIfInvalid(uploadRequestId);
        return WaitCoreAsync(recordListId, uploadRequestId, null, polling, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<TalkdeskRecordList> WaitForRecordListAsync(string recordListId, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        PathId.ThrowIfInvalid(recordListId);
        return WaitForRecordListAsync(recordListId, null, polling, cancellationToken);
    }

    /// <inheritdoc />
    [Obsolete("Use UploadAndWaitAsync: every client names send-then-wait that way.")]
    public virtual Task<TalkdeskUploadRequest> UploadCsvAsync(string recordListId, TalkdeskCreateUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        UploadAndWaitAsync(recordListId, request, polling, cancellationToken);

    /// <inheritdoc />
    public virtual async Task<TalkdeskUploadRequest> UploadAndWaitAsync(string recordListId, TalkdeskCreateUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OperationKey is { } key)
        {
            PathId.ThrowIfInvalid(recordListId);
            await UploadOperations.CheckAsync(_options, key, recordListId, _options.OperationCredential(key), cancellationToken).ConfigureAwait(false);
        }

        var digest = await ValidateAsync(recordListId, request, cancellationToken).ConfigureAwait(false);
        var known = new System.Runtime.CompilerServices.StrongBox<string?>();
        try
        {
            return await UploadAndWaitCoreAsync(recordListId, request, digest, polling, known, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not UploadWaitCanceledException && known.Value is { } id)
        {
            // Cancelled after Talkdesk made the upload request (during the PUT or the PATCH): its id is kept.
            throw new UploadWaitCanceledException<TalkdeskUploadRequest>(
                $"The call was cancelled after Talkdesk created upload request {id}, before its validation was seen to start: its file may not be stored, or its validation not started. " +
                (request.OperationKey is { } rerun ? $"Run operation '{rerun}' again: it resumes from its recorded step." : "Read it (GetUploadRequestAsync) before uploading the file again; an upload request that is never PATCHed imports nothing."),
                _options.ProviderName,
                id,
                null,
                ex,
                cancellationToken);
        }
    }

    /// <summary>The flow itself; <paramref name="known"/> gets the upload request's id as soon as Talkdesk has made it.</summary>
    private async Task<TalkdeskUploadRequest> UploadAndWaitCoreAsync(string recordListId, TalkdeskCreateUploadRequest request, FileDigest.Result digest, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        if (request.OperationKey is { } operationKey)
        {
            return await UploadOnceAsync(recordListId, request, digest, operationKey, polling, known, cancellationToken).ConfigureAwait(false);
        }

        TalkdeskUploadRequest created;
        try
        {
            created = await CreateCoreAsync(recordListId, request, digest, cancellationToken).ConfigureAwait(false);
            known.Value = created.Id;

            // Validation is started only once the PUT has succeeded: an exception here ends the flow before the PATCH.
            await PutCoreAsync(created, request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }

        var started = await StartValidationAsync(recordListId, created.Id, cancellationToken).ConfigureAwait(false);
        started = started with { ChecksumMd5 = created.ChecksumMd5 };
        var final = await WaitCoreAsync(recordListId, created.Id, started, polling, cancellationToken).ConfigureAwait(false);
        return final with { ChecksumMd5 = created.ChecksumMd5 };
    }

    /// <summary>
    /// The flow with an operation key, exactly once across restarts (docs/reliability.md, "Talkdesk"):
    /// under the key's lock, each step is recorded before it is taken and after it is done, and a rerun
    /// resumes from the last one recorded. The lock is released for the wait.
    /// </summary>
    private async Task<TalkdeskUploadRequest> UploadOnceAsync(string recordListId, TalkdeskCreateUploadRequest request, FileDigest.Result digest, string key, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        UploadOperation record;
        IUploadJournal journal;
        TalkdeskUploadRequest? started = null;
        var scope = await UploadOperations.OpenAsync(_options, key, request.File, recordListId, _options.OperationCredential(key), _http.TimeProvider, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            journal = scope.Journal;
            if (scope.Existing is { Step: UploadOperationStep.Completed, ResultJson: { } json })
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
                var recorded = System.Text.Json.JsonSerializer.Deserialize(json, TalkdeskJsonContext.Default.UploadRequestWire)!;
                return ToModel(recorded, recordListId, digest.Md5Hex); // recorded by an earlier run: nothing is sent
            }

            try
            {
                record = scope.Existing is { Step: >= UploadOperationStep.Created } existing
                    ? existing
                    : await CreateRecordedAsync(scope, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
                known.Value = record.ProviderId;
                if (record.Step == UploadOperationStep.Created)
                {
                    record = await PutRecordedAsync(scope, record, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
                    known.Value = record.ProviderId; // a new upload request, when the recorded URL had expired
                }
            }
            finally
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
            }

            var uploadRequestId = record.ProviderId ?? throw new InvalidDataException($"The journal record of operation '{key}' is at step {record.Step} but has no upload request id. Nothing was sent.");
            if (record.Step == UploadOperationStep.StartingValidation)
            {
                // An earlier run may have sent the PATCH: Talkdesk starts validation once (a second PATCH is a 409), so read first.
                started = await ReadIfValidationStartedAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
            }

            if (record.Step is UploadOperationStep.Uploaded || (record.Step is UploadOperationStep.StartingValidation && started is null))
            {
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.StartingValidation, _http.TimeProvider, UploadOperations.ValidationSendingRecorded, cancellationToken).ConfigureAwait(false);
                started = await StartValidationOnceAsync(recordListId, uploadRequestId, resumed: scope.Existing?.Step == UploadOperationStep.StartingValidation, cancellationToken).ConfigureAwait(false);
                UploadOperations.Reached(UploadOperations.ValidationAnswered);
            }

            if (record.Step < UploadOperationStep.ValidationStarted)
            {
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.ValidationStarted, _http.TimeProvider, UploadOperations.ValidationRecorded, cancellationToken).ConfigureAwait(false);
            }
        }

        // The lock is released: another worker with the same key finds ValidationStarted and waits too.
        var final = await WaitCoreAsync(recordListId, record.ProviderId!, started, polling, cancellationToken).ConfigureAwait(false);
        if (final.IsTerminal)
        {
            var wire = new UploadRequestWire(final.Id, final.RecordListId, null, final.Status, final.Links is { } l ? new LinksWire(Wire(l.Self), Wire(l.RecordList), null) : null);
            await UploadOperations.CompleteAsync(journal, record, System.Text.Json.JsonSerializer.Serialize(wire, TalkdeskJsonContext.Default.UploadRequestWire), _http.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return final with { ChecksumMd5 = digest.Md5Hex };

        static LinkWire? Wire(TalkdeskLink? link) => link is null ? null : new LinkWire(link.Href);
    }

    /// <summary>Records Sending, creates an upload request, and records its id, signed URL and the URL's expiry.</summary>
    private async Task<UploadOperation> CreateRecordedAsync(UploadOperations.OperationScope scope, TalkdeskCreateUploadRequest request, string recordListId, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        // A crash after this leaves at most an upload request with no file: unused, it does nothing, and the rerun creates another.
        var sending = await scope.RecordSendingAsync(null, cancellationToken).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.SendingRecorded);
        var created = await CreateCoreAsync(recordListId, request, digest, cancellationToken).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.Answered);
        return await RecordCreatedAsync(scope.Journal, sending, created.Id, created.SignedUrl!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records <see cref="UploadOperationStep.Created"/>: the id, the signed URL and its expiry (our clock now plus its X-Amz-Expires).</summary>
    private async Task<UploadOperation> RecordCreatedAsync(IUploadJournal journal, UploadOperation sending, string id, Uri signedUrl, CancellationToken cancellationToken)
    {
        var now = _http.TimeProvider.GetUtcNow();
        var record = sending with
        {
            Step = UploadOperationStep.Created,
            ProviderId = id,
            SignedUrl = signedUrl.OriginalString,
            SignedUrlExpiresAt = SignedUrlLifetime(signedUrl) is { } lifetime ? now + lifetime : null,
            UpdatedAt = now,
        };
        await journal.SaveAsync(record, UploadOperations.Uncancelled).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.CreatedRecorded);
        return record;
    }

    /// <summary>Whether a recorded signed URL may be used again: recorded, and more than a minute from its expiry (when known).</summary>
    private bool IsReusable(UploadOperation record) =>
        record.SignedUrl is not null && !(record.SignedUrlExpiresAt is { } expires && expires - SignedUrlMargin <= _http.TimeProvider.GetUtcNow());

    /// <summary>
    /// PUTs the file to the recorded upload request while its signed URL lasts; once it expired (by the
    /// recorded expiry, or S3's 403 to a URL an earlier run recorded), to a new upload request. Then
    /// records Uploaded and forgets the URL.
    /// </summary>
    private async Task<UploadOperation> PutRecordedAsync(UploadOperations.OperationScope scope, UploadOperation record, TalkdeskCreateUploadRequest request, string recordListId, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        var time = _http.TimeProvider;
        var fresh = scope.Existing?.Step != UploadOperationStep.Created;
        if (!fresh && !IsReusable(record))
        {
            LogSignedUrlExpired(_http.Logger, _options.ProviderName, record.ProviderId, record.Key);
            record = await CreateRecordedAsync(scope, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
            fresh = true;
        }

        try
        {
            await PutCoreAsync(SignedUrlOf(record.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException ex) when (!fresh && ex.StatusCode == HttpStatusCode.Forbidden)
        {
            LogSignedUrlExpired(_http.Logger, _options.ProviderName, record.ProviderId, record.Key);
            record = await CreateRecordedAsync(scope, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
            await PutCoreAsync(SignedUrlOf(record.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
        }

        UploadOperations.Reached(UploadOperations.PutAnswered);
        return await UploadOperations.AdvanceAsync(scope.Journal, record with { SignedUrl = null, SignedUrlExpiresAt = null }, UploadOperationStep.Uploaded, time, UploadOperations.UploadedRecorded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The upload request as read, when its status shows validation started (UPLOADED, VALIDATION_STARTED
    /// or final); <see langword="null"/> when it did not (or it cannot be read: the PATCH then decides).
    /// </summary>
    private async Task<TalkdeskUploadRequest?> ReadIfValidationStartedAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken)
    {
        try
        {
            var read = await ReadUploadRequestAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
            return read.Status is TalkdeskStatus.Uploaded or TalkdeskStatus.ValidationStarted || read.IsTerminal ? read : null;
        }
        catch (UploadApiException ex) when (ex.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            return null; // not the record list's status: that may be an earlier upload's
        }
    }

    /// <summary>The PATCH; when resuming, Talkdesk's 409 means an earlier run's PATCH started validation (the PUT is recorded as done).</summary>
    private async Task<TalkdeskUploadRequest> StartValidationOnceAsync(string recordListId, string uploadRequestId, bool resumed, CancellationToken cancellationToken)
    {
        try
        {
            return await StartValidationAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException ex) when (resumed && ex.StatusCode == HttpStatusCode.Conflict)
        {
            return new TalkdeskUploadRequest { Id = uploadRequestId, RecordListId = recordListId, Status = TalkdeskStatus.Uploaded };
        }
    }

    /// <summary>How long before its recorded expiry a signed URL is no longer reused (a PUT must finish before it).</summary>
    private static readonly TimeSpan SignedUrlMargin = TimeSpan.FromMinutes(1);

    /// <summary>A presigned S3 URL's X-Amz-Expires (seconds), or <see langword="null"/> when it does not say.</summary>
    internal static TimeSpan? SignedUrlLifetime(Uri url)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Equals("X-Amz-Expires", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "{Provider} record list {RecordListId} has the name of operation {OperationKey}'s list and was created since that operation sent its POST, whose answer was never recorded: it may be that run's, left empty (delete it if so). A new list is created for the operation.")]
    private static partial void LogPossiblyLeftEmpty(ILogger logger, string provider, string recordListId, string operationKey);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "{Provider} upload request {UploadRequestId} of operation {OperationKey} has no usable signed URL any more (it expired): the file goes to a new upload request, and the old one stays unused.")]
    private static partial void LogSignedUrlExpired(ILogger logger, string provider, string? uploadRequestId, string operationKey);

    /// <summary>The refusal of a file over <see cref="TalkdeskOptions.MaxFileBytes"/>, naming the documented limit and the setting.</summary>
    private string OverLimit(UploadFile file, long? length) =>
        $"'{file.FileName}' is {(length is { } l ? l.ToString("N0", CultureInfo.InvariantCulture) + " bytes" : "larger than that")}, over the limit of {_options.MaxFileBytes:N0} bytes per upload " +
        $"({_options.ConfigurationKey}:MaxFileBytes; Talkdesk's upload-request schema documents byte_size of at most {MaxFileBytes:N0}): split it into smaller files, " +
        $"or raise {_options.ConfigurationKey}:MaxFileBytes (null turns the SDK's check off) if your account takes larger ones.";

    internal static AccessTokenSource TokensOf(TalkdeskOptions options, Func<IUploadAccessTokenProvider?> oauth) =>
        AccessTokenSource.FixedOrProvider(() => options.AccessToken, () => options.TokenProvider ?? oauth());

    private static (TalkdeskOptions, HttpClient, ProviderHttp, Poller) Parts(TalkdeskOptions options, HttpClient api, HttpClient signed, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var logger = loggerFactory?.CreateLogger(UploadClientsDiagnostics.LogCategory(options.ProviderName));
        return (
            options,
            signed,
            new ProviderHttp(options.ProviderName, TalkdeskErrors.Instance, () => options.Secrets, time, logger, api, options.BaseAddress, options.Account),
            new Poller(time, provider: options.ProviderName, logger: logger, account: options.Account));
    }

    private async Task<TalkdeskUploadRequest> CreateCoreAsync(string recordListId, TalkdeskCreateUploadRequest request, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        var callback = request.CallbackAction is { } c
            ? new CallbackActionBody(c.Endpoint.OriginalString, c.Method, c.Body, c.Headers)
            : null;
        var payload = new CreateUploadRequestBody(
            new CsvMetadata(request.File.FileName, digest.Length, digest.Md5Hex, UploadFile.CsvContentType),
            callback,
            request.SendAtlasNotification);
        using var body = ProviderHttp.Json(payload, TalkdeskJsonContext.Default.CreateUploadRequestBody);
        var http = callback?.Headers is { Count: > 0 } headers
            ? _http.WithSecrets(headers.Values)
            : _http;
        var wire = await http.SendAsync(
            "CreateUploadRequest",
            "create an upload request",
            ct => _api.CreateUploadRequestAsync(recordListId, body, ct),
            TalkdeskJsonContext.Default.UploadRequestWire,
            cancellationToken,
            "It may have been created: an unused upload request does no harm, but check the record list before creating another.",
            mayHaveTakenEffect: true).ConfigureAwait(false);
        var created = ToModel(wire, recordListId, digest.Md5Hex);
        if (created.SignedUrl is null)
        {
            throw new UploadUnexpectedResponseException(_options.ProviderName, HttpStatusCode.Created, "Talkdesk created upload request " + created.Id + " but sent no signed_url to upload the file to.");
        }

        return created;
    }

    private Task PutCoreAsync(TalkdeskUploadRequest uploadRequest, UploadFile file, byte[] md5, IProgress<UploadProgress>? progress, CancellationToken cancellationToken) =>
        PutCoreAsync(uploadRequest.SignedUrl ?? throw new ArgumentException("The upload request has no SignedUrl.", nameof(uploadRequest)), file, md5, progress, cancellationToken);

    /// <summary>The byte-exact PUT of the file to a signed URL (an upload request's or a new record list's).</summary>
    private async Task PutCoreAsync(Uri url, UploadFile file, byte[] md5, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        if (SecureUri.Problem(url, "The upload request's signed_url") is { } problem)
        {
            throw new UploadValidationException([problem]);
        }

        // The URL's query is its signature: it must appear in no message, log or exception.
        var signedUrlSecrets = new ProviderHttp(_options.ProviderName, TalkdeskSignedUrlErrors.Instance, () => [url.Query.TrimStart('?'), SignatureOf(url)], _http.TimeProvider, _http.Logger, account: _options.Account);
        var content = new UploadFileContent(file, progress, _options.ProviderName, _options.Account);
        content.Headers.ContentMD5 = md5;
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        try
        {
            using var response = await signedUrlSecrets.SendAsync(
                "UploadToSignedUrl",
                "upload the file to the signed URL",
                ct => _signedUrlClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct),
                cancellationToken,
                file: file).ConfigureAwait(false);
            var etag = response.Headers.ETag?.Tag.Trim('"');
            var expected = Convert.ToHexStringLower(md5);
            if (etag is not null && !string.Equals(etag, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new UploadIntegrityException(
                    _options.ProviderName,
                    expected,
                    etag,
                    $"The signed URL stored different bytes from the file: its ETag is {etag} but the file's MD5 is {expected}. Upload the file again (with a new upload request).");
            }
        }
        catch (Exception ex) when (ProviderHttp.WasNotRetriedForwardOnly(ex, file))
        {
            throw ProviderHttp.ExplainForwardOnly(ex, file, "upload it again from a seekable source.");
        }
    }

    private Task<TalkdeskUploadRequest> WaitCoreAsync(string recordListId, string uploadRequestId, TalkdeskUploadRequest? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "Talkdesk upload request " + uploadRequestId,
            uploadRequestId,
            ct => GetUploadRequestAsync(recordListId, uploadRequestId, ct),
            r => r.IsTerminal,
            r => r.Status,
            PollingOptions.Resolve(polling, _options.Polling),
            initial,
            cancellationToken);

    private async Task<FileDigest.Result> ValidateAsync(string recordListId, TalkdeskCreateUploadRequest request, CancellationToken cancellationToken)
    {
        PathId.ThrowIfInvalid(recordListId);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        var file = request.File;
        if (request.CallbackAction is { } callback)
        {
            if (callback.Endpoint is null || !callback.Endpoint.IsAbsoluteUri)
            {
                problems.Add("CallbackAction.Endpoint is required and must be an absolute URL.");
            }

            if (string.IsNullOrWhiteSpace(callback.Method))
            {
                problems.Add("CallbackAction.Method is required (for example POST).");
            }
        }

        var digest = await CheckFileAsync(file, problems, cancellationToken).ConfigureAwait(false);
        await Inspection.RefuseIfAsync(request.InspectBeforeSending ?? _options.InspectBeforeSending, file!, Inspection.Talkdesk(_options), cancellationToken).ConfigureAwait(false);
        return digest;
    }

    /// <inheritdoc />
    public virtual Task<CsvInspection> InspectAsync(TalkdeskCreateUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CsvInspector.InspectAsync(request.File, Inspection.Talkdesk(_options), cancellationToken);
    }

    /// <summary>The checks of a CSV for Talkdesk (name, size, header) in one pass that also gives its MD5 and size; throws with <paramref name="problems"/> and the file's own.</summary>
    private async Task<FileDigest.Result> CheckFileAsync(UploadFile? file, List<string> problems, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            problems.Add("no file was given; set File to UploadFile.FromPath, FromStream or FromBytes.");
            UploadFileChecks.ThrowIfAny(problems);
        }

        if (file!.FileName.Length > MaxFileNameLength)
        {
            problems.Add($"the file name '{file.FileName}' is {file.FileName.Length} characters; Talkdesk accepts at most {MaxFileNameLength}. Pass a shorter name to UploadFile (for example UploadFile.FromPath(path, \"list.csv\")).");
        }

        if (file.Length > _options.EffectiveMaxFileBytes)
        {
            // Refused from its length alone: the file is not read.
            problems.Add(OverLimit(file, file.Length));
            UploadFileChecks.ThrowIfAny(problems);
        }

        // One pass: the MD5, the exact size and the header row.
        var digest = await FileDigest.ComputeAsync(file, _options.EffectiveMaxFileBytes, CsvHeader.MaxHeaderBytes, cancellationToken).ConfigureAwait(false);
        if (!digest.ReachedEnd)
        {
            problems.Add(OverLimit(file, null));
        }
        else if (CsvHeader.Parse(digest.Head, isWholeFile: digest.Length <= digest.Head.Length).Problem is { } headerProblem)
        {
            problems.Add($"'{file.FileName}': {headerProblem}");
        }

        UploadFileChecks.ThrowIfAny(problems);
        return digest;
    }

    /// <inheritdoc />
    public virtual async Task<TalkdeskRecordList> CreateRecordListAsync(TalkdeskCreateRecordListRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OperationKey is { } key)
        {
            await UploadOperations.CheckAsync(_options, key, NewListDestination(request), _options.OperationCredential(key), cancellationToken).ConfigureAwait(false);
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add($"Name is empty: a record list needs a name of 1 to {TalkdeskCreateRecordListRequest.MaxNameLength} characters.");
        }
        else if (CsvText.Characters(request.Name) > TalkdeskCreateRecordListRequest.MaxNameLength)
        {
            problems.Add($"Name has {CsvText.Characters(request.Name)} characters; Talkdesk takes at most {TalkdeskCreateRecordListRequest.MaxNameLength}.");
        }

        var digest = await CheckFileAsync(request.File, problems, cancellationToken).ConfigureAwait(false);
        await Inspection.RefuseIfAsync(request.InspectBeforeSending ?? _options.InspectBeforeSending, request.File, Inspection.Talkdesk(_options), cancellationToken).ConfigureAwait(false);
        var known = new System.Runtime.CompilerServices.StrongBox<string?>();
        try
        {
            return await CreateRecordListCoreAsync(request, digest, polling, known, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not UploadWaitCanceledException && known.Value is { } id)
        {
            // Cancelled after Talkdesk made the list (during the PUT or the PATCH): its id is kept.
            throw new UploadWaitCanceledException<TalkdeskRecordList>(
                $"The call was cancelled after Talkdesk created record list {id}, before its validation was seen to start: it may be empty, or its validation not started. " +
                (request.OperationKey is { } rerun ? $"Run operation '{rerun}' again: it resumes from its recorded step." : "Read it (GetRecordListAsync) before creating another; send the file into it with UploadAndWaitAsync if it is empty."),
                _options.ProviderName,
                id,
                null,
                ex,
                cancellationToken);
        }
    }

    /// <summary>The new list's flow; <paramref name="known"/> gets the list's id as soon as Talkdesk has made it.</summary>
    private async Task<TalkdeskRecordList> CreateRecordListCoreAsync(TalkdeskCreateRecordListRequest request, FileDigest.Result digest, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        if (request.OperationKey is { } operationKey)
        {
            return await CreateRecordListOnceAsync(request, digest, operationKey, polling, known, cancellationToken).ConfigureAwait(false);
        }

        RecordListWire created;
        try
        {
            created = await PostRecordListAsync(request, digest, cancellationToken).ConfigureAwait(false);
            known.Value = created.Id;
            try
            {
                // Validation is started only once the PUT has succeeded: an exception here ends the flow before the PATCH.
                await PutCoreAsync(SignedUrlOf(created.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Unfinished(ex, created.Id, validationSent: false))
            {
                throw; // never: Unfinished only records the list's id
            }
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }

        RecordListWire started;
        try
        {
            started = await PatchRecordListAsync(created.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unfinished(ex, created.Id, validationSent: true))
        {
            throw; // never: Unfinished only records the list's id
        }

        return await WaitForRecordListAsync(created.Id, ToModel(started) with { Id = string.IsNullOrEmpty(started.Id) ? created.Id : started.Id }, polling, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /record-lists: the new list, with a signed URL and an id usable in a path (else an exception, with the id recorded on it).</summary>
    private async Task<RecordListWire> PostRecordListAsync(TalkdeskCreateRecordListRequest request, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        var payload = new CreateRecordListBody(request.Name, new CsvMetadata(request.File.FileName, digest.Length, digest.Md5Hex, UploadFile.CsvContentType));
        using var body = ProviderHttp.Json(payload, TalkdeskJsonContext.Default.CreateRecordListBody);
        var created = await _http.SendAsync(
            "CreateRecordList",
            "create a record list",
            ct => _api.CreateRecordListAsync(body, ct),
            TalkdeskJsonContext.Default.RecordListWire,
            cancellationToken,
            "A record list may have been created: list them (ListRecordListsAsync) before creating another.",
            mayHaveTakenEffect: true).ConfigureAwait(false);
        try
        {
            if (created.SignedUrl is not { Length: > 0 })
            {
                throw new UploadUnexpectedResponseException(_options.ProviderName, HttpStatusCode.Created, "Talkdesk created record list " + created.Id + " but sent no signed_url to upload the file to.");
            }

            if (created.Id is "." or ".." || created.Id.Any(char.IsControl))
            {
                // The id goes into the PATCH's path: a path step would send it to another resource.
                throw new UploadUnexpectedResponseException(_options.ProviderName, HttpStatusCode.Created, "Talkdesk created a record list whose id is not usable in a path ('" + created.Id + "'); nothing more was sent.");
            }
        }
        catch (Exception ex) when (Unfinished(ex, created.Id, validationSent: false))
        {
            throw; // never: Unfinished only records the list's id
        }

        return created;
    }

    /// <summary>PATCH /record-lists/{id}: starts validation of the list's file.</summary>
    private async Task<RecordListWire> PatchRecordListAsync(string recordListId, CancellationToken cancellationToken)
    {
        using var patch = ProviderHttp.Json(new StatusPatchBody("replace", "/status", TalkdeskStatus.Uploaded), TalkdeskJsonContext.Default.StatusPatchBody);
        return await _http.SendAsync(
            "StartRecordListValidation",
            "start validation of record list " + recordListId,
            ct => _api.PatchRecordListAsync(recordListId, patch, ct),
            TalkdeskJsonContext.Default.RecordListWire,
            cancellationToken,
            mayHaveTakenEffect: true).ConfigureAwait(false);
    }

    private Task<TalkdeskRecordList> WaitForRecordListAsync(string recordListId, TalkdeskRecordList? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "Talkdesk record list " + recordListId,
            recordListId,
            ct => GetRecordListAsync(recordListId, ct),
            l => l.IsTerminal,
            l => l.Status,
            PollingOptions.Resolve(polling, _options.Polling),
            initial,
            cancellationToken);

    /// <summary>
    /// A new record list with an operation key (docs/reliability.md, "Talkdesk"): the list's id and signed
    /// URL, the PUT and the PATCH are recorded; a rerun resumes from the last step. A list whose signed URL
    /// expired gets its file through an upload request (under the key plus <c>#file</c>); a POST whose answer
    /// was never recorded is not adopted by name (another list may have that name): a new list is created,
    /// and lists of that name created since are logged, as possibly left empty.
    /// </summary>
    private async Task<TalkdeskRecordList> CreateRecordListOnceAsync(TalkdeskCreateRecordListRequest request, FileDigest.Result digest, string key, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        var time = _http.TimeProvider;
        UploadOperation record;
        IUploadJournal journal;
        TalkdeskRecordList? started = null;
        var scope = await UploadOperations.OpenAsync(_options, key, request.File, NewListDestination(request), _options.OperationCredential(key), time, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            journal = scope.Journal;
            if (scope.Existing is { Step: UploadOperationStep.Completed, ResultJson: { } json })
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
                return ToModel(System.Text.Json.JsonSerializer.Deserialize(json, TalkdeskJsonContext.Default.RecordListWire)!); // recorded by an earlier run: nothing is sent
            }

            try
            {
                if (scope.Existing is { Step: >= UploadOperationStep.Created } existing)
                {
                    record = existing;
                }
                else
                {
                    if (scope.Existing is { Step: UploadOperationStep.Sending } sent)
                    {
                        await LogPossiblyLeftEmptyAsync(sent, request.Name, cancellationToken).ConfigureAwait(false);
                    }

                    var sending = await scope.RecordSendingAsync(null, cancellationToken).ConfigureAwait(false);
                    UploadOperations.Reached(UploadOperations.SendingRecorded);
                    var created = await PostRecordListAsync(request, digest, cancellationToken).ConfigureAwait(false);
                    UploadOperations.Reached(UploadOperations.Answered);
                    record = await RecordCreatedAsync(journal, sending, created.Id, SignedUrlOf(created.SignedUrl!), cancellationToken).ConfigureAwait(false);
                }

                known.Value = record.ProviderId;

                if (record.Step == UploadOperationStep.Created)
                {
                    var fresh = scope.Existing?.Step != UploadOperationStep.Created;
                    var put = false;
                    if (fresh || IsReusable(record))
                    {
                        try
                        {
                            await PutCoreAsync(SignedUrlOf(record.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
                            put = true;
                        }
                        catch (UploadApiException ex) when (!fresh && ex.StatusCode == HttpStatusCode.Forbidden)
                        {
                            // S3 says the recorded URL expired: below, through an upload request.
                        }
                    }

                    if (!put)
                    {
                        // The list exists without its file and its own URL expired: the file goes in through an
                        // upload request on it, exactly once under a key of its own; then the list is read.
                        LogSignedUrlExpired(_http.Logger, _options.ProviderName, record.ProviderId, record.Key);
                        await UploadAndWaitAsync(record.ProviderId!, new TalkdeskCreateUploadRequest { File = request.File, Progress = request.Progress, OperationKey = key + "#file" }, polling, cancellationToken).ConfigureAwait(false);
                        var list = await WaitForRecordListAsync(record.ProviderId!, null, polling, cancellationToken).ConfigureAwait(false);
                        await CompleteAsync(journal, record, list, cancellationToken).ConfigureAwait(false);
                        return list;
                    }

                    UploadOperations.Reached(UploadOperations.PutAnswered);
                    record = await UploadOperations.AdvanceAsync(journal, record with { SignedUrl = null, SignedUrlExpiresAt = null }, UploadOperationStep.Uploaded, time, UploadOperations.UploadedRecorded, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
            }

            if (record.Step is UploadOperationStep.Uploaded or UploadOperationStep.StartingValidation)
            {
                // A list's status before validation is not documented, so a rerun that may have sent the PATCH sends
                // it again: the file is recorded as PUT, so Talkdesk's 409 can only mean validation already started.
                var resumed = record.Step == UploadOperationStep.StartingValidation;
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.StartingValidation, time, UploadOperations.ValidationSendingRecorded, cancellationToken).ConfigureAwait(false);
                try
                {
                    var patched = await PatchRecordListAsync(record.ProviderId!, cancellationToken).ConfigureAwait(false);
                    started = ToModel(patched) with { Id = string.IsNullOrEmpty(patched.Id) ? record.ProviderId! : patched.Id };
                }
                catch (UploadApiException ex) when (resumed && ex.StatusCode == HttpStatusCode.Conflict)
                {
                    started = null;
                }

                UploadOperations.Reached(UploadOperations.ValidationAnswered);
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.ValidationStarted, time, UploadOperations.ValidationRecorded, cancellationToken).ConfigureAwait(false);
            }
        }

        var final = await WaitForRecordListAsync(record.ProviderId!, started, polling, cancellationToken).ConfigureAwait(false);
        if (final.IsTerminal)
        {
            await CompleteAsync(journal, record, final, cancellationToken).ConfigureAwait(false);
        }

        return final;
    }

    /// <summary>Where a new list's operation goes: the list by its name (the same key for another name is refused).</summary>
    private static string NewListDestination(TalkdeskCreateRecordListRequest request) => "new record list '" + request.Name + "'";

    /// <summary>Records a record list's final state.</summary>
    private Task CompleteAsync(IUploadJournal journal, UploadOperation record, TalkdeskRecordList list, CancellationToken cancellationToken)
    {
        var wire = new RecordListWire(
            list.Id,
            list.Name,
            list.Status,
            list.RecordsCount,
            list.UniqueIdentifierType,
            list.CreatedAt,
            list.UpdatedAt,
            [.. list.Teams.Select(t => new TeamWire(t.Id is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(t.Id, TalkdeskJsonContext.Default.String), t.Name))],
            null);
        return UploadOperations.CompleteAsync(journal, record, System.Text.Json.JsonSerializer.Serialize(wire, TalkdeskJsonContext.Default.RecordListWire), _http.TimeProvider, cancellationToken);
    }

    /// <summary>Logs the lists named <paramref name="name"/> created since an earlier run sent its POST: one of them may be that run's, left empty.</summary>
    private async Task LogPossiblyLeftEmptyAsync(UploadOperation sent, string name, CancellationToken cancellationToken)
    {
        var since = sent.StartedAt.AddMinutes(-5);
        await foreach (var list in ListRecordListsAsync(100, cancellationToken).ConfigureAwait(false))
        {
            if (list.Name == name && (list.CreatedAt is null || list.CreatedAt >= since))
            {
                LogPossiblyLeftEmpty(_http.Logger, _options.ProviderName, list.Id, sent.Key);
            }
        }
    }

    /// <inheritdoc />
    public virtual async IAsyncEnumerable<TalkdeskRecordList> ListRecordListsAsync(int perPage = 50, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perPage, 1);
        // The first page from the API's own interface; the next ones where the answer's links say (HAL),
        // on the API's host only, each at most once (a link back to a page already read ends the list).
        HttpRequestMessage? next = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Uri? current = null;
            RecordListPageWire page;
            if (next is null)
            {
                page = await _http.SendAsync(
                    "ListRecordLists",
                    "list record lists",
                    async ct =>
                    {
                        var answer = await _api.ListRecordListsAsync(1, perPage, ct).ConfigureAwait(false);
                        current = answer.RequestMessage?.RequestUri;
                        return answer;
                    },
                    TalkdeskJsonContext.Default.RecordListPageWire,
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                current = next.RequestUri;
                page = await _http.SendAsync("ListRecordLists", "list record lists", next, TalkdeskJsonContext.Default.RecordListPageWire, cancellationToken).ConfigureAwait(false);
            }

            current ??= new Uri(_options.BaseAddress, "record-lists");
            seen.Add(current.AbsoluteUri);
            var items = page.Embedded?.RecordLists ?? [];
            foreach (var item in items)
            {
                yield return ToModel(item);
            }

            var last = items.Count == 0 || (page.Page is { } number && page.TotalPages is { } total && number >= total);
            next = last ? null : NextPage(page.Links?.Next?.Href, current);
            if (next is null || seen.Contains(next.RequestUri!.AbsoluteUri))
            {
                yield break;
            }
        }
    }

    /// <summary>The request for the page <paramref name="href"/> names (relative to <paramref name="current"/>), or null when there is none; never to another host.</summary>
    private HttpRequestMessage? NextPage(string? href, Uri current)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(current, href, out var next))
        {
            return null;
        }

        var api = _options.BaseAddress;
        if (!string.Equals(next.Scheme, api.Scheme, StringComparison.OrdinalIgnoreCase) || !string.Equals(next.IdnHost, api.IdnHost, StringComparison.OrdinalIgnoreCase) || next.Port != api.Port)
        {
            throw new UploadUnexpectedResponseException(
                _options.ProviderName,
                HttpStatusCode.OK,
                $"Talkdesk's next page link points at {next.GetLeftPart(UriPartial.Authority)}, not at the API ({api.GetLeftPart(UriPartial.Authority)}): the SDK does not follow it, so that the access token never reaches another host.");
        }

        return new HttpRequestMessage(HttpMethod.Get, next);
    }

    /// <summary>
    /// Records on <paramref name="ex"/> the id of the record list the flow created before it failed,
    /// and logs what to do with it; always false (an exception filter).
    /// </summary>
    private bool Unfinished(Exception ex, string recordListId, bool validationSent)
    {
        ex.Data[RecordListIdKey] = recordListId;
        if (validationSent)
        {
            LogValidationStartFailed(_http.Logger, _options.ProviderName, recordListId, ex.GetType().Name);
        }
        else
        {
            LogRecordListLeftEmpty(_http.Logger, _options.ProviderName, recordListId, ex.GetType().Name);
        }

        return false;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Provider} record list {RecordListId} was created but its file did not reach it ({Failure}): it stays empty. Send the file into it with UploadAndWaitAsync rather than creating another list.")]
    private static partial void LogRecordListLeftEmpty(ILogger logger, string provider, string recordListId, string failure);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "{Provider} record list {RecordListId} has its file, but starting its validation failed ({Failure}): read its status (GetRecordListAsync) before doing anything else with it.")]
    private static partial void LogValidationStartFailed(ILogger logger, string provider, string recordListId, string failure);

    private static TalkdeskRecordList ToModel(RecordListWire wire) => new()
    {
        Id = wire.Id,
        Name = wire.Name,
        Status = wire.Status,
        RecordsCount = wire.RecordsCount,
        UniqueIdentifierType = wire.UniqueIdentifierType,
        CreatedAt = wire.CreatedAt,
        UpdatedAt = wire.UpdatedAt,
        Teams = wire.Teams is { } teams ? [.. teams.Select(t => new TalkdeskTeam(TeamId(t.Id), t.Name))] : [],
    };

    private static string? TeamId(System.Text.Json.JsonElement? id) => id switch
    {
        { ValueKind: System.Text.Json.JsonValueKind.String } text => text.GetString(),
        { ValueKind: System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined } or null => null,
        { } other => other.GetRawText(),
    };

    private static TalkdeskUploadRequest ToModel(UploadRequestWire wire, string recordListId, string? checksum) => new()
    {
        Id = wire.Id,
        RecordListId = wire.RecordListId ?? recordListId,
        SignedUrl = wire.SignedUrl is { Length: > 0 } raw ? SignedUrlOf(raw) : null,
        Status = wire.Status,
        Links = wire.Links is { } l ? new TalkdeskUploadRequestLinks(Link(l.Self), Link(l.RecordList), Link(l.Upload)) : null,
        ChecksumMd5 = checksum,
    };

    private static TalkdeskLink? Link(LinkWire? link) => link is null ? null : new TalkdeskLink(link.Href);

    private static Uri SignedUrlOf(string value) =>
        RawUri.TryParse(value) ?? throw new UploadUnexpectedResponseException("Talkdesk", HttpStatusCode.Created, "Talkdesk sent a signed_url that is not an absolute URL.");

    private static string? SignatureOf(Uri url)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Contains("Signature", StringComparison.OrdinalIgnoreCase))
            {
                return pair[(eq + 1)..];
            }
        }

        return null;
    }
}
