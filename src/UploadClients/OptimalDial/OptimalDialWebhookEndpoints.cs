using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace UploadClients.OptimalDial;

/// <summary>The OptimalDial webhook endpoint client. See <see cref="IOptimalDialWebhookEndpoints"/>.</summary>
public class OptimalDialWebhookEndpoints : IOptimalDialWebhookEndpoints
{
    /// <summary>The longest description OptimalDial takes.</summary>
    public const int MaxDescriptionLength = 500;

    private const string CreateAdvice =
        "The endpoint may have been registered: list the endpoints (ListAsync) before creating it again. Its secret is shown only at creation, so delete an endpoint registered this way and create it again.";

    private readonly ProviderHttp _http;

    // The create answer carries the endpoint's secret: a body the SDK cannot read is not kept in the exception.
    private readonly ProviderHttp _created;
    private readonly IOptimalDialApi _api;

    /// <summary>
    /// Makes a client without dependency injection. With no <paramref name="httpClient"/> it uses the
    /// SDK's shared connection pool; with one, the SDK's retry and auth steps run in front of it.
    /// </summary>
    /// <param name="options">Address, API key and retry settings (the same options as <see cref="OptimalDialClient"/>).</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (for example no <c>od_live_</c> key).</exception>
#pragma warning disable RS0027 // The longer overload adds a clock and logging, like OptimalDialClient's.
    public OptimalDialWebhookEndpoints(OptimalDialOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, null)
    {
    }
#pragma warning restore RS0027

    /// <summary>Makes a client without dependency injection, on a given clock and logger factory.</summary>
    /// <param name="options">Address, API key and retry settings.</param>
    /// <param name="httpClient">An HttpClient to send through, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retry delays.</param>
    /// <param name="loggerFactory">Where retries and failures are logged (never with credentials or secrets).</param>
    public OptimalDialWebhookEndpoints(OptimalDialOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
        : this(
            HttpPipeline.Create(Checked(options), AccessTokenSource.Fixed(() => options.ApiKey), httpClient, timeProvider ?? TimeProvider.System, loggerFactory),
            options,
            timeProvider ?? TimeProvider.System,
            loggerFactory)
    {
    }

    /// <summary>For mocking frameworks only.</summary>
    protected OptimalDialWebhookEndpoints()
    {
        _http = null!;
        _api = null!;
        _created = null!;
    }

    /// <summary>Used by DI: <paramref name="configured"/> already carries auth, retries and the base address.</summary>
    internal OptimalDialWebhookEndpoints(HttpClient configured, OptimalDialOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory)
    {
        var logger = loggerFactory?.CreateLogger(UploadClientsDiagnostics.LogCategory(options.ProviderName));
        _http = new ProviderHttp(options.ProviderName, OptimalDialErrors.Instance, () => options.Secrets, timeProvider, logger, configured, options.BaseAddress, options.Account);
        _created = new ProviderHttp(options.ProviderName, OptimalDialErrors.Instance, () => options.Secrets, timeProvider, logger, configured, options.BaseAddress, options.Account).SuccessBodiesHoldSecrets();
        _api = ProviderApi.For<IOptimalDialApi>(configured);
    }

    /// <summary>The request pipeline this client sends through.</summary>
    internal HttpClient Pipeline => _http.Client!;

    /// <inheritdoc />
    public virtual async Task<OptimalDialNewWebhookEndpoint> CreateAsync(Uri url, string? description = null, IReadOnlyList<string>? events = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ThrowIfInvalid(url, description, events);
        using var body = ProviderHttp.Json(new CreateWebhookBody(url.AbsoluteUri, description, events), OptimalDialJsonContext.Requests.CreateWebhookBody);
        var created = await _created.SendAsync(
            "CreateWebhookEndpoint",
            "register a webhook endpoint",
            ct => _api.CreateWebhookAsync(body, ct),
            OptimalDialJsonContext.Default.CreatedWebhookWire,
            cancellationToken,
            CreateAdvice,
            mayHaveTakenEffect: true).ConfigureAwait(false);
        return new OptimalDialNewWebhookEndpoint(created.Webhook, created.Secret);
    }

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OptimalDialWebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default) =>
        _http.SendAsync(
            "ListWebhookEndpoints",
            "list webhook endpoints",
            ct => _api.ListWebhooksAsync(ct),
            OptimalDialJsonContext.Default.IReadOnlyListOptimalDialWebhookEndpoint,
            cancellationToken);

    /// <inheritdoc />
    public virtual Task<OptimalDialWebhookEndpoint> GetAsync(Guid webhookId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(
            "GetWebhookEndpoint",
            "read webhook endpoint " + Id(webhookId),
            ct => _api.GetWebhookAsync(webhookId, ct),
            OptimalDialJsonContext.Default.OptimalDialWebhookEndpoint,
            cancellationToken);

    /// <inheritdoc />
    public virtual Task<OptimalDialWebhookEndpoint> UpdateAsync(Guid webhookId, OptimalDialWebhookEndpointUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsEmpty)
        {
            throw new ArgumentException("The update sets nothing: set Url, Description, Events or IsActive.", nameof(update));
        }

        ThrowIfInvalid(update.Url, update.Description, update.Events, nameof(update));
        var body = new UpdateWebhookBody(update.Url?.AbsoluteUri, update.Description, update.Events, update.IsActive);
        return UpdateCoreAsync(webhookId, ProviderHttp.Json(body, OptimalDialJsonContext.Requests.UpdateWebhookBody), cancellationToken);
    }

    private async Task<OptimalDialWebhookEndpoint> UpdateCoreAsync(Guid webhookId, ByteArrayContent body, CancellationToken cancellationToken)
    {
        using (body)
        {
            // Every member sets a value (none adds to one), so sending it twice leaves the same endpoint: retried like a GET.
            return await _http.SendAsync(
                "UpdateWebhookEndpoint",
                "update webhook endpoint " + Id(webhookId),
                ct => _api.UpdateWebhookAsync(webhookId, body, idempotent: true, ct),
                OptimalDialJsonContext.Default.OptimalDialWebhookEndpoint,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public virtual async Task DeleteAsync(Guid webhookId, CancellationToken cancellationToken = default)
    {
        HttpRequestMessage? sent = null;
        try
        {
            using var response = await _http.SendAsync(
                "DeleteWebhookEndpoint",
                "delete webhook endpoint " + Id(webhookId),
                async ct =>
                {
                    var answer = await _api.DeleteWebhookAsync(webhookId, ct).ConfigureAwait(false);
                    sent = answer.RequestMessage;
                    return answer;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException gone) when (gone.StatusCode == HttpStatusCode.NotFound
            && sent is not null && sent.Options.TryGetValue(UploadResilience.Repeated, out var repeated) && repeated)
        {
            // An earlier attempt of this call removed it and its answer was lost: removed is what the caller asked for.
        }
    }

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OptimalDialWebhookDeliveryAttempt>> ListDeliveriesAsync(Guid webhookId, int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100);
        return _http.SendAsync(
            "ListWebhookDeliveries",
            "list the deliveries of webhook endpoint " + Id(webhookId),
            ct => _api.ListWebhookDeliveriesAsync(webhookId, limit, ct),
            OptimalDialJsonContext.Default.IReadOnlyListOptimalDialWebhookDeliveryAttempt,
            cancellationToken);
    }

    private static void ThrowIfInvalid(Uri? url, string? description, IReadOnlyList<string>? events, string? parameter = null)
    {
        if (url is not null && SecureUri.Problem(url, "The webhook URL") is { } problem)
        {
            throw new ArgumentException(problem + " OptimalDial delivers only to https URLs on public hosts.", parameter ?? nameof(url));
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            throw new ArgumentException($"The description has {description.Length} characters; OptimalDial takes at most {MaxDescriptionLength}.", parameter ?? nameof(description));
        }

        if (events is not null && (events.Count == 0 || events.Any(string.IsNullOrWhiteSpace)))
        {
            throw new ArgumentException(
                "The events list is empty or holds an empty entry: list the event types to receive (OptimalDialWebhookEventTypes), or pass null for OptimalDial's default (upload.completed and upload.failed).",
                parameter ?? nameof(events));
        }
    }

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static OptimalDialOptions Checked(OptimalDialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }
}
