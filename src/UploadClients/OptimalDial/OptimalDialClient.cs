using System.Buffers;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace UploadClients.OptimalDial;

/// <summary>The OptimalDial client. See <see cref="IOptimalDialClient"/>.</summary>
public partial class OptimalDialClient : IOptimalDialClient
{
    /// <summary>OptimalDial's documented file limit: 100 MB.</summary>
    public static readonly long MaxFileBytes = 100L * 1024 * 1024;

    private readonly OptimalDialOptions _options;
    private readonly HttpClient _storage;
    private readonly ProviderHttp _http;
    private readonly IOptimalDialApi _api;
    private readonly Poller _poller;
    private readonly TimeProvider _time;
    private readonly ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>
    /// Makes a client without dependency injection. With no <paramref name="httpClient"/> it owns
    /// a pooled connection handler; with one, the SDK's retry and auth pipeline runs in front of
    /// it (so its handlers see each attempt). Requests that must carry no credentials (download
    /// links) never go through <paramref name="httpClient"/>, so its default headers cannot leak.
    /// </summary>
    /// <param name="options">Address, API key, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (for example no <c>od_live_</c> key).</exception>
#pragma warning disable RS0027 // The public API contract binds this signature; the longer overload adds a clock and logging.
    public OptimalDialClient(OptimalDialOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, null)
    {
    }
#pragma warning restore RS0027

    /// <summary>Makes a client without dependency injection, on a given clock and logger factory.</summary>
    /// <param name="options">Address, API key, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for polling and retry delays.</param>
    /// <param name="loggerFactory">Where retries and waits are logged (never with credentials).</param>
    public OptimalDialClient(OptimalDialOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
        : this(
            Checked(options),
            HttpPipeline.Create(options, ApiKeyOf(options), httpClient, timeProvider ?? TimeProvider.System, loggerFactory),
            HttpPipeline.Create(options, null, httpClient, timeProvider ?? TimeProvider.System, loggerFactory),
            timeProvider ?? TimeProvider.System,
            loggerFactory)
    {
    }

    /// <summary>For mocking frameworks only.</summary>
    protected OptimalDialClient()
    {
        _options = new OptimalDialOptions();
        _storage = null!;
        _http = null!;
        _api = null!;
        _poller = null!;
        _time = TimeProvider.System;
    }

    /// <summary>
    /// Used by DI: <paramref name="configured"/> already carries auth, retries and the base address;
    /// <paramref name="storage"/> has retries but no credentials (download links point at a storage host).
    /// </summary>
    internal OptimalDialClient(OptimalDialOptions options, HttpClient configured, HttpClient storage, TimeProvider timeProvider, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _storage = storage;
        _time = timeProvider;
        var logger = loggerFactory?.CreateLogger(UploadClientsDiagnostics.LogCategory(options.ProviderName));
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _http = new ProviderHttp(options.ProviderName, OptimalDialErrors.Instance, () => options.Secrets, timeProvider, logger, configured, options.BaseAddress, options.Account);
        _api = ProviderApi.For<IOptimalDialApi>(configured);
        _poller = new Poller(timeProvider, provider: options.ProviderName, logger: logger, account: options.Account);
    }

    /// <summary>The request pipelines this client sends through: the API's first, then any without credentials.</summary>
    internal IReadOnlyList<HttpClient> Pipelines => [_http.Client!, _storage];

    /// <inheritdoc />
    public virtual async Task<OptimalDialUpload> CreateUploadAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OperationKey is { } key)
        {
            await UploadOperations.CheckAsync(_options, key, null, Credential(), cancellationToken).ConfigureAwait(false);
        }

        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.OperationKey is not null)
        {
            var (upload, id, _, _) = await CreateOnceAsync(request, cancellationToken).ConfigureAwait(false);
            return upload ?? await GetUploadAsync(id, cancellationToken).ConfigureAwait(false); // an earlier run created it: read it now
        }

        return await SendCreateAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The create request itself: the multipart POST, sent once.</summary>
    /// <param name="request">The upload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="sentFileName">The <c>filename_override</c> to send instead of the request's (an operation's marked name).</param>
    private async Task<OptimalDialUpload> SendCreateAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken, string? sentFileName = null)
    {
        try
        {
            using var content = new StreamingMultipartContent()
                .File("file", request.File, null, request.Progress, _options.ProviderName, _options.Account)
                .Field("phone_column", request.PhoneColumn)
                .Field("skip_mobile_lookup", request.SkipMobileLookup ? "true" : "false");
            var filenameOverride = sentFileName ?? request.FilenameOverride;
            if (!string.IsNullOrEmpty(filenameOverride))
            {
                content.Field("filename_override", filenameOverride);
            }

            return await _http.SendAsync(
                "CreateUpload",
                "create an upload",
                ct => _api.CreateUploadAsync(content, ct),
                OptimalDialUploadReader.TypeInfo,
                cancellationToken,
                CreateUploadAdvice,
                request.File,
                mayHaveTakenEffect: true).ConfigureAwait(false);
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
#pragma warning disable RS0026 // The public API contract binds this overload; the request types differ, so no call is ambiguous.
    public virtual Task<OptimalDialUpload> CreateUploadAsync(OptimalDialNumbersUploadRequest request, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (request.PhoneNumbers is not { Count: > 0 } numbers)
        {
            problems.Add("PhoneNumbers is empty: an upload needs at least one number (OptimalDial then requires 100 valid ones).");
        }
        else
        {
            if (numbers.Count > OptimalDialNumbersUploadRequest.MaxPhoneNumbers)
            {
                problems.Add($"PhoneNumbers has {numbers.Count:N0} entries; OptimalDial takes at most {OptimalDialNumbersUploadRequest.MaxPhoneNumbers:N0} per upload. Split the list.");
            }

            var blank = numbers.Count(string.IsNullOrWhiteSpace);
            if (blank > 0)
            {
                problems.Add($"PhoneNumbers has {blank:N0} empty entr{(blank == 1 ? "y" : "ies")}: remove them.");
            }
        }

        UploadFileChecks.ThrowIfAny(problems);
        var body = new NumbersUploadBody(string.IsNullOrEmpty(request.Filename) ? null : request.Filename, request.PhoneNumbers!, request.SkipMobileLookup);
        return CreateNumbersUploadAsync(ProviderHttp.Json(body, OptimalDialJsonContext.Requests.NumbersUploadBody), cancellationToken);
    }

    private async Task<OptimalDialUpload> CreateNumbersUploadAsync(ByteArrayContent body, CancellationToken cancellationToken)
    {
        using (body)
        {
            return await _http.SendAsync(
                "CreateUpload",
                "create an upload",
                ct => _api.CreateUploadAsync(body, ct),
                OptimalDialUploadReader.TypeInfo,
                cancellationToken,
                CreateUploadAdvice,
                mayHaveTakenEffect: true).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public virtual Task<OptimalDialUpload> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(
            "GetUpload",
            new CallText("read upload", uploadId),
            (_api, uploadId),
            static (s, ct) => s._api.GetUploadAsync(s.uploadId, ct),
            OptimalDialUploadReader.TypeInfo,
            cancellationToken);

    /// <inheritdoc />
    public virtual Task<OptimalDialUpload> WaitForUploadAsync(Guid uploadId, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        WaitCoreAsync(uploadId, null, polling, cancellationToken);

    /// <inheritdoc />
    public virtual async Task<OptimalDialUpload> UploadAndWaitAsync(OptimalDialUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        if (request?.OperationKey is null)
        {
            var created = await CreateUploadAsync(request!, cancellationToken).ConfigureAwait(false);
            return await WaitCoreAsync(created.Id, created, polling, cancellationToken).ConfigureAwait(false);
        }

        await UploadOperations.CheckAsync(_options, request.OperationKey, null, Credential(), cancellationToken).ConfigureAwait(false);
        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        var (upload, id, record, journal) = await CreateOnceAsync(request, cancellationToken).ConfigureAwait(false);
        if (record.Step == UploadOperationStep.Completed && upload is not null)
        {
            return upload; // recorded by an earlier run: nothing is sent
        }

        // An upload an earlier run created is read by the wait itself (at once), so a cancellation there keeps its id.
        var final = await WaitCoreAsync(id, upload, polling, cancellationToken).ConfigureAwait(false);
        if (final.IsTerminal)
        {
            await UploadOperations.CompleteAsync(journal, record, System.Text.Json.JsonSerializer.Serialize(final, OptimalDialJsonContext.Default.OptimalDialUpload), _time, cancellationToken).ConfigureAwait(false);
        }

        return final;
    }

    /// <summary>
    /// An upload with an operation key, exactly once across restarts (docs/reliability.md, "Operation
    /// keys"): under the key's lock, the journal's record decides whether to send, wait or return. The
    /// upload is sent under a name that carries a marker unique to the operation (recorded before the POST
    /// leaves), so that a rerun which finds it in the list knows it is this operation's.
    /// </summary>
    /// <returns>The upload when this call has it in hand (created, adopted or recorded as completed), else null; its id; the record; the journal.</returns>
    private async Task<(OptimalDialUpload? Upload, Guid Id, UploadOperation Record, IUploadJournal Journal)> CreateOnceAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken)
    {
        var key = request.OperationKey!;
        var scope = await UploadOperations.OpenAsync(_options, key, request.File, null, Credential(), _time, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            var journal = scope.Journal;
            if (scope.Existing is { } record)
            {
                switch (record.Step)
                {
                    case UploadOperationStep.Completed when record.ResultJson is { } json:
                        var done = System.Text.Json.JsonSerializer.Deserialize(json, OptimalDialJsonContext.Default.OptimalDialUpload)!;
                        return (done, done.Id, record, journal);
                    case UploadOperationStep.Created or UploadOperationStep.Completed when Guid.TryParse(record.ProviderId, out var id):
                        return (null, id, record, journal);
                    case UploadOperationStep.Created or UploadOperationStep.Completed:
                        // Created, but the id cannot be read: sending again could charge twice.
                        throw new InvalidDataException($"The journal record of operation '{key}' says the upload was created but its id '{record.ProviderId}' cannot be read. Nothing was sent.");
                    case UploadOperationStep.Sending:
                        var (adopted, candidates) = await FindSentAsync(journal, record, cancellationToken).ConfigureAwait(false);
                        if (adopted is not null)
                        {
                            record = await scope.RecordCreatedAsync(record, Id(adopted.Id), cancellationToken).ConfigureAwait(false);
                            UploadOperations.Reached(UploadOperations.CreatedRecorded);
                            return (adopted, adopted.Id, record, journal);
                        }

                        if (!request.ResendIfOutcomeUnknown)
                        {
                            throw OutcomeUnknown(record, candidates);
                        }

                        break;
                }
            }

            // The marker is the operation's for good (a resend keeps it); a caller's FilenameOverride is sent as given, without one.
            var marker = string.IsNullOrEmpty(request.FilenameOverride) ? scope.Existing?.Marker ?? NewMarker() : null;
            var sentName = marker is null ? request.FilenameOverride! : MarkedName(request.File.FileName, marker);
            var sending = await scope.RecordSendingAsync(null, cancellationToken, sentName, marker).ConfigureAwait(false);
            UploadOperations.Reached(UploadOperations.SendingRecorded);
            OptimalDialUpload created;
            try
            {
                created = await SendCreateAsync(request, cancellationToken, sentName).ConfigureAwait(false);
            }
            catch (UploadOutcomeUnknownException unknown)
            {
                var how = $" It was sent under operation key '{key}' as '{sentName}': run the same key again, and it finds this upload by its name and file if OptimalDial has it, or says so without sending anything.";
                throw unknown.InnerException is { } cause
                    ? new UploadOutcomeUnknownException(unknown.Provider, unknown.Operation, unknown.Message + how, cause)
                    : new UploadOutcomeUnknownException(unknown.Provider, unknown.Operation, unknown.Message + how);
            }

            UploadOperations.Reached(UploadOperations.Answered); // the answer is in, not yet recorded
            var recorded = await scope.RecordCreatedAsync(sending, Id(created.Id), cancellationToken).ConfigureAwait(false);
            try
            {
                // The id is recorded first: a claim that cannot be written costs only the protection it adds.
                await journal.ClaimAsync(ClaimOf(created.Id), key, UploadOperations.Uncancelled).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogClaimFailed(_logger, created.Id, key, ex.GetType().Name);
            }

            UploadOperations.Reached(UploadOperations.CreatedRecorded);
            return (created, created.Id, recorded, journal);
        }
    }

    /// <summary>The credential an operation record keeps for this client: a salted HMAC of the API key.</summary>
    private OperationCredential Credential() => OperationCredential.Keyed("api-key", _options.ApiKey ?? string.Empty);

    /// <summary>What an operation claims in the journal when it adopts or creates an upload: the upload at this endpoint.</summary>
    private string ClaimOf(Guid uploadId) => $"{_options.ProviderName} {OperationCredential.EndpointOf(_options.BaseAddress)} upload {Id(uploadId)}";

    /// <summary>A marker unique to an operation: <c>op-</c> and 12 random hex digits (48 bits).</summary>
    internal static string NewMarker() => "op-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    /// <summary>The name an operation's upload is sent under: the file's, with the marker before its extension (<c>daily.op-3f9a1c7e20b4.csv</c>).</summary>
    internal static string MarkedName(string fileName, string marker)
    {
        var extension = Path.GetExtension(fileName);
        return extension.Length == 0 || extension.Length == fileName.Length
            ? fileName + "." + marker
            : fileName[..^extension.Length] + "." + marker + extension;
    }

    /// <summary>
    /// Looks in the list for the upload an earlier run sent and did not record (newest first, created since
    /// it started, with five minutes for the provider's clock). Adopted only on OptimalDial's evidence that it
    /// is this operation's upload of this file: its <c>original_filename</c> is exactly the marked name the
    /// operation sent, the original file OptimalDial stored has the recorded SHA-256, and no other operation
    /// claims it. Uploads of the same size or name without all of that are candidates, listed, never adopted.
    /// </summary>
    private async Task<(OptimalDialUpload? Adopted, List<UploadCandidate> Candidates)> FindSentAsync(IUploadJournal journal, UploadOperation record, CancellationToken cancellationToken)
    {
        var since = record.StartedAt.AddMinutes(-5); // the provider's clock may differ from ours
        var candidates = new List<UploadCandidate>();
        await foreach (var upload in ListUploadsAsync(100, cancellationToken).ConfigureAwait(false))
        {
            if (upload.CreatedAt != default && upload.CreatedAt < since)
            {
                break;
            }

            var candidate = new UploadCandidate(Id(upload.Id), upload.OriginalFilename, upload.FileSizeBytes, upload.CreatedAt == default ? null : upload.CreatedAt);
            if (record.Marker is not null && upload.OriginalFilename == record.SentFileName)
            {
                if (upload.FileSizeBytes is { } size && size != record.FileLength)
                {
                    candidates.Add(candidate); // the marked name with other bytes: not this file
                    continue;
                }

                if (await StoredSha256Async(upload.Id, cancellationToken).ConfigureAwait(false) != record.FileSha256)
                {
                    candidates.Add(candidate); // the marked name, but OptimalDial holds another file under it
                    continue;
                }

                var holder = await journal.ClaimAsync(ClaimOf(upload.Id), record.Key, UploadOperations.Uncancelled).ConfigureAwait(false);
                if (holder == record.Key)
                {
                    return (upload, candidates);
                }

                continue; // another operation's record claims it: never adopted
            }

            if (upload.FileSizeBytes == record.FileLength || upload.OriginalFilename == record.FileName || upload.OriginalFilename == record.SentFileName)
            {
                candidates.Add(candidate);
            }
        }

        return (null, candidates);
    }

    /// <summary>The SHA-256 (lowercase hex) of the original file OptimalDial stored for an upload, or null when it cannot be read.</summary>
    private async Task<string?> StoredSha256Async(Guid uploadId, CancellationToken cancellationToken)
    {
        using var hash = new HashingStream();
        try
        {
            await DownloadAsync(uploadId, OptimalDialFileKind.Original, hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UploadClientsException or HttpRequestException or TimeoutException)
        {
            return null; // no evidence: the upload stays a candidate
        }

        return hash.Sha256Hex();
    }

    /// <summary>A write-only stream that keeps only the SHA-256 of what is written to it.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        internal string Sha256Hex() => Convert.ToHexStringLower(_sha.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => _sha.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _sha.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _sha.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>An earlier run's upload could not be proven to exist or not: what was sent, what was found, how to decide.</summary>
    private UploadOutcomeUnknownException OutcomeUnknown(UploadOperation record, List<UploadCandidate> candidates)
    {
        var since = record.StartedAt.AddMinutes(-5);
        var sent = record.SentFileName is null ? string.Empty : $", sent as '{record.SentFileName}'";
        var looked = record.Marker is { } marker
            ? $"no upload carrying its marker '{marker}' created since {since:u} is in this organization's list"
            : $"it was sent under the caller's FilenameOverride, without a marker of the operation, so no upload in the list can be proven to be it";
        var found = candidates.Count == 0
            ? " Nothing of that size or name was found either."
            : $" {candidates.Count} upload{(candidates.Count == 1 ? " has" : "s have")} its size or name, none proven to be it: {string.Join("; ", candidates.Take(10))}{(candidates.Count > 10 ? "; …" : string.Empty)}.";
        return new UploadOutcomeUnknownException(
            _options.ProviderName,
            "CreateUpload",
            $"The upload of operation '{record.Key}' ({record.FileName}, {record.FileLength:N0} bytes{sent}) was sent at {record.UpdatedAt:u} by an earlier run that stopped before OptimalDial's answer was recorded, and {looked}.{found} " +
            "It may not have reached OptimalDial, or it may still appear. To decide, open the uploads in the OptimalDial app: if one is this file's, follow it by its id (WaitForUploadAsync; the tool: uploadclients optimaldial get ID --wait); " +
            "if none is, set ResendIfOutcomeUnknown = true (the tool: --resend-if-outcome-unknown) to send it again (it may be charged twice). Nothing was sent now.")
        {
            Candidates = candidates,
        };
    }

    /// <inheritdoc />
    public virtual async IAsyncEnumerable<OptimalDialUpload> ListUploadsAsync(int pageSize = 50, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 100);
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await _http.SendAsync(
                "ListUploads",
                "list uploads",
                ct => _api.ListUploadsAsync(pageSize, cursor, ct),
                OptimalDialJsonContext.Default.UploadPageWire,
                cancellationToken).ConfigureAwait(false);
            foreach (var upload in page.Data)
            {
                yield return upload;
            }

            cursor = string.IsNullOrEmpty(page.NextCursor) ? null : page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <inheritdoc />
    public virtual async Task<OptimalDialCancellation> CancelUploadAsync(Guid uploadId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _http.SendAsync(
                "CancelUpload",
                "cancel upload " + Id(uploadId),
                ct => _api.CancelUploadAsync(uploadId, ct),
                OptimalDialJsonContext.Default.OptimalDialCancellation,
                cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException refused) when (refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            // Cancelling is idempotent for the caller: when the upload is already cancelled (this
            // call's first attempt did it and its answer was lost, or an earlier call did), the
            // upload itself says what was refunded.
            var upload = await GetUploadAsync(uploadId, cancellationToken).ConfigureAwait(false);
            if (upload.Status != OptimalDialUploadStatus.Cancelled)
            {
                throw;
            }

            return new OptimalDialCancellation { Status = "cancelled", CreditsRefunded = upload.CreditsRefunded ?? 0 };
        }
    }

    /// <inheritdoc />
    public virtual async Task<OptimalDialDownloadLink> GetDownloadLinkAsync(Guid uploadId, OptimalDialFileKind kind, CancellationToken cancellationToken = default)
    {
        var link = await _http.SendAsync(
            "GetDownloadLink",
            $"get the {kind.ToWire()} file of upload {uploadId.ToString("D", CultureInfo.InvariantCulture)}",
            ct => _api.GetDownloadLinkAsync(uploadId, kind.ToWire(), ct),
            OptimalDialJsonContext.Default.OptimalDialDownloadLink,
            cancellationToken).ConfigureAwait(false);
        if (SecureUri.Problem(link.DownloadUrl, "The download_url OptimalDial sent") is { } problem)
        {
            throw new UploadUnexpectedResponseException(_options.ProviderName, HttpStatusCode.OK, problem + " The SDK does not fetch files over plain http.");
        }

        return link;
    }

    /// <inheritdoc />
    public virtual async Task DownloadAsync(Guid uploadId, OptimalDialFileKind kind, Stream destination, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var link = await FreshLinkAsync(uploadId, kind, cancellationToken).ConfigureAwait(false);
        var response = await GetFileAsync(link, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            // The storage host refuses links that expired (or whose signature is off): one fresh link.
            response.Dispose();
            link = await GetDownloadLinkAsync(uploadId, kind, cancellationToken).ConfigureAwait(false);
            response = await GetFileAsync(link, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var storageErrors = new ProviderHttp(_options.ProviderName, OptimalDialErrors.Instance, () => [link.DownloadUrl.Query.TrimStart('?')], _http.TimeProvider);
                throw await storageErrors.ToExceptionAsync($"download the {kind.ToWire()} file", response, cancellationToken).ConfigureAwait(false);
            }

            await CopyAsync(response, destination, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "OptimalDial upload {UploadId} of operation {OperationKey} is recorded, but its claim could not be written ({Failure}): another operation's rerun could not tell it is claimed (it still needs this operation's marker and file to adopt it)")]
    private static partial void LogClaimFailed(ILogger logger, Guid uploadId, string operationKey, string failure);

    private const string CreateUploadAdvice = "The upload may have been accepted and charged: check your uploads in the OptimalDial app before sending it again.";

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Whether a wait ends at <paramref name="upload"/>: terminal, or needing a person.</summary>
    internal static bool EndsWait(OptimalDialUpload upload) =>
        upload.IsTerminal || upload.Status == OptimalDialUploadStatus.AwaitingConfirmation;

    private Task<OptimalDialUpload> WaitCoreAsync(Guid uploadId, OptimalDialUpload? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "OptimalDial upload " + Id(uploadId),
            Id(uploadId),
            ct => GetUploadAsync(uploadId, ct),
            EndsWait,
            u => u.Status.ToString(),
            PollingOptions.Resolve(polling, _options.Polling),
            initial,
            cancellationToken);

    /// <summary>A link with at least this much life left is used; an older one is replaced first.</summary>
    internal static readonly TimeSpan LinkSafetyMargin = TimeSpan.FromSeconds(30);

    private async Task<OptimalDialDownloadLink> FreshLinkAsync(Guid uploadId, OptimalDialFileKind kind, CancellationToken cancellationToken)
    {
        var link = await GetDownloadLinkAsync(uploadId, kind, cancellationToken).ConfigureAwait(false);
        return link.ExpiresAt - _http.TimeProvider.GetUtcNow() > LinkSafetyMargin
            ? link
            : await GetDownloadLinkAsync(uploadId, kind, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> GetFileAsync(OptimalDialDownloadLink link, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link.DownloadUrl);
        request.Options.Set(BoundedResponseHandler.StreamsResponse, true);
        try
        {
            return await _storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new TimeoutException("The storage host did not answer in time (see RequestTimeout).", ex);
        }
    }

    /// <summary>
    /// Streams the file to <paramref name="destination"/>. Each read may take at most RequestTimeout
    /// (a storage host that stops sending ends in <see cref="TimeoutException"/>); a body cut off is an
    /// <see cref="HttpRequestException"/>. Neither is retried: part of the file is already written.
    /// </summary>
    private async Task CopyAsync(HttpResponseMessage response, Stream destination, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        var total = response.Content.Headers.ContentLength;
        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeSource = source.ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(UploadFileContent.ChunkSize);

        // One token for every read: the caller's cancellation, or RequestTimeout without a byte.
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _http.TimeProvider);
        using var caller = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), idle);
        long written = 0;
        try
        {
            progress?.Report(new UploadProgress(0, total));
            while (true)
            {
                int read;
                try
                {
                    idle.CancelAfter(_options.RequestTimeout);
                    read = await source.ReadAsync(buffer.AsMemory(0, UploadFileContent.ChunkSize), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"The storage host stopped sending the file after {written} bytes and sent nothing for {_options.RequestTimeout} (RequestTimeout). Download it again to a fresh destination.",
                        ex);
                }
                catch (IOException ex)
                {
                    throw new HttpRequestException(
                        HttpRequestError.ResponseEnded,
                        $"The storage host's response was cut off after {written} bytes of the file. Download it again to a fresh destination.",
                        ex);
                }

                if (read == 0)
                {
                    break;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
                progress?.Report(new UploadProgress(written, total));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public virtual Task<CsvInspection> InspectAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CsvInspector.InspectAsync(request.File, Inspection.OptimalDial(request), cancellationToken);
    }

    private async Task ValidateAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        var columns = await UploadFileChecks.CheckAsync(
            request.File,
            MaxFileBytes,
            "split it into files of at most 100 MB and upload each one.",
            problems,
            cancellationToken).ConfigureAwait(false);

        if (string.IsNullOrWhiteSpace(request.PhoneColumn))
        {
            problems.Add("PhoneColumn is empty; set it to the header of the column that holds the phone numbers.");
        }
        else if (columns.Count > 0 && !columns.Contains(request.PhoneColumn.Trim(), StringComparer.Ordinal))
        {
            var near = columns.FirstOrDefault(c => string.Equals(c, request.PhoneColumn.Trim(), StringComparison.OrdinalIgnoreCase));
            problems.Add(
                $"the phone column '{request.PhoneColumn}' is not in the header row of '{request.File.FileName}'. " +
                $"The header's columns are: {string.Join(", ", columns.Select(c => "'" + c + "'"))}." +
                (near is null ? string.Empty : $" Did you mean '{near}'? Column names are matched exactly."));
        }

        UploadFileChecks.ThrowIfAny(problems);
        await Inspection.RefuseIfAsync(request.InspectBeforeSending ?? _options.InspectBeforeSending, request.File, Inspection.OptimalDial(request), cancellationToken).ConfigureAwait(false);
    }

    private static OptimalDialOptions Checked(OptimalDialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }

    private static AccessTokenSource ApiKeyOf(OptimalDialOptions options) => AccessTokenSource.Fixed(() => options.ApiKey);
}
