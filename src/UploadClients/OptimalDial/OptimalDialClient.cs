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
