using System.Globalization;
using System.Net;
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
            r => r.Status?.ToString(),
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
}
