using System.Globalization;
using Microsoft.Extensions.Logging;
using Refit;

namespace UploadClients.OptimalDial;

/// <summary>The OptimalDial client. See <see cref="IOptimalDialClient"/>.</summary>
public class OptimalDialClient : IOptimalDialClient
{
    /// <summary>OptimalDial's documented file limit: 100 MB.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    private readonly OptimalDialOptions _options;
    private readonly IOptimalDialApi _api;
    private readonly ProviderHttp _http;
    private readonly Poller _poller;

    /// <summary>
    /// Makes a client without dependency injection. With no <paramref name="httpClient"/> it owns
    /// a pooled connection handler; with one, the SDK's retry and auth pipeline runs in front of
    /// it (so its handlers see each attempt).
    /// </summary>
    /// <param name="options">Address, API key, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (for example no <c>od_live_</c> key).</exception>
    public OptimalDialClient(OptimalDialOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, null)
    {
    }

    /// <summary>Makes a client without dependency injection, on a given clock and logger factory.</summary>
    /// <param name="options">Address, API key, polling and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for polling and retry delays.</param>
    /// <param name="loggerFactory">Where retries and waits are logged (never with credentials).</param>
    public OptimalDialClient(OptimalDialOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
        : this(Checked(options), configured: HttpPipeline.Create(options, ApiKeyOf(options), httpClient, timeProvider ?? TimeProvider.System, loggerFactory), timeProvider ?? TimeProvider.System)
    {
    }

    /// <summary>For mocking frameworks only.</summary>
    protected OptimalDialClient()
    {
        _options = new OptimalDialOptions();
        _api = null!;
        _http = null!;
        _poller = null!;
    }

    /// <summary>Used by DI: <paramref name="configured"/> already carries auth, retries and the base address.</summary>
    internal OptimalDialClient(OptimalDialOptions options, HttpClient configured, TimeProvider timeProvider)
    {
        _options = options;
        _api = RestService.For<IOptimalDialApi>(configured);
        _http = new ProviderHttp(options.ProviderName, OptimalDialErrors.Instance, () => options.Secrets, timeProvider);
        _poller = new Poller(timeProvider);
    }

    /// <inheritdoc />
    public virtual async Task<OptimalDialUpload> CreateUploadAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken = default)
    {
        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            using var content = new StreamingMultipartContent()
                .File("file", request.File, null, request.Progress)
                .Field("phone_column", request.PhoneColumn)
                .Field("skip_mobile_lookup", request.SkipMobileLookup ? "true" : "false");
            if (!string.IsNullOrEmpty(request.FilenameOverride))
            {
                content.Field("filename_override", request.FilenameOverride);
            }

            return await _http.SendAsync(
                "create an upload",
                ct => _api.CreateUploadAsync(content, ct),
                OptimalDialJsonContext.Default.OptimalDialUpload,
                cancellationToken,
                "The upload may have been accepted and charged: check your uploads in the OptimalDial app before sending it again.").ConfigureAwait(false);
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public virtual Task<OptimalDialUpload> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(
            "read upload " + uploadId.ToString("D", CultureInfo.InvariantCulture),
            ct => _api.GetUploadAsync(uploadId, ct),
            OptimalDialJsonContext.Default.OptimalDialUpload,
            cancellationToken);

    /// <inheritdoc />
    public virtual Task<OptimalDialUpload> WaitForUploadAsync(Guid uploadId, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        WaitCoreAsync(uploadId, null, polling, cancellationToken);

    /// <inheritdoc />
    public virtual async Task<OptimalDialUpload> UploadAndWaitAsync(OptimalDialUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        var created = await CreateUploadAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitCoreAsync(created.Id, created, polling, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a wait ends at <paramref name="upload"/>: terminal, or needing a person.</summary>
    internal static bool EndsWait(OptimalDialUpload upload) =>
        upload.IsTerminal || upload.Status == OptimalDialUploadStatus.AwaitingConfirmation;

    private Task<OptimalDialUpload> WaitCoreAsync(Guid uploadId, OptimalDialUpload? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "OptimalDial upload " + uploadId.ToString("D", CultureInfo.InvariantCulture),
            ct => GetUploadAsync(uploadId, ct),
            EndsWait,
            polling ?? _options.Polling,
            initial,
            cancellationToken);

    private static async Task ValidateAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken)
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
    }

    private static OptimalDialOptions Checked(OptimalDialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }

    private static AccessTokenSource ApiKeyOf(OptimalDialOptions options) => AccessTokenSource.Fixed(() => options.ApiKey);
}
