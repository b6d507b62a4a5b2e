using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace UploadClients;

/// <summary>
/// The one place that builds a provider's request pipeline (docs/architecture.md). Both ways of
/// making a client use it: <c>AddUploadClients</c> hands <see cref="CreateSteps"/> to
/// IHttpClientFactory, and the non-DI constructors call <see cref="Create"/>, which puts the same
/// steps in front of a transport. The steps, outermost first:
/// <list type="number">
/// <item>resilience (<see cref="UploadResilience"/>): the retry of docs/reliability.md, then (API
/// clients) a write permit per attempt (<see cref="WriteRateLimits"/>), then a per-attempt timeout;</item>
/// <item>bearer auth (<see cref="BearerTokenHandler"/>), for API clients only: signed URLs, download
/// links and token endpoints must never see the API's credentials;</item>
/// <item>the bounded body read (<see cref="BoundedResponseHandler"/>): the body is read within the
/// attempt, under its timeout and <see cref="UploadProviderOptions.MaxResponseBodyBytes"/>.</item>
/// </list>
/// Telemetry of a call and error mapping are not steps: <see cref="ProviderHttp"/> does them once
/// per call, around the whole pipeline, so that retries are one call with several attempts.
/// </summary>
internal static class HttpPipeline
{
    /// <summary>How long a pooled connection lives, so DNS changes are picked up by long-lived clients.</summary>
    internal static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The transport every API client made without DI shares (as Azure.Core shares one): connections
    /// are pooled across clients, so making and dropping clients opens no sockets of its own.
    /// </summary>
    private static readonly Lazy<SocketsHttpHandler> SharedApi = new(() => CreatePrimaryHandler(followRedirects: false));

    /// <summary>The shared transport of clients that carry no credentials (signed URLs, download links, token requests).</summary>
    private static readonly Lazy<SocketsHttpHandler> SharedPlain = new(() => CreatePrimaryHandler(followRedirects: true));

    /// <summary>
    /// A transport. API clients follow no redirect: a redirect's target is another host, and a retry
    /// or a token refresh would re-send the rewritten request with credentials to it. Clients
    /// without credentials (signed URLs, download links) may follow them.
    /// </summary>
    /// <param name="followRedirects">Whether redirects are followed.</param>
    internal static SocketsHttpHandler CreatePrimaryHandler(bool followRedirects) => new()
    {
        PooledConnectionLifetime = PooledConnectionLifetime,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        AllowAutoRedirect = followRedirects,
    };

    /// <summary>The SDK's steps for one provider's client, outermost first (see the class remarks).</summary>
    /// <param name="options">The provider's retry and timeout settings.</param>
    /// <param name="token">The API's credentials; <see langword="null"/> for a client that must carry none.</param>
    /// <param name="timeProvider">The clock for retry delays and timeouts.</param>
    /// <param name="loggerFactory">Where retries are logged.</param>
    internal static IReadOnlyList<DelegatingHandler> CreateSteps(
        UploadProviderOptions options,
        AccessTokenSource? token,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        // Write requests are limited on API clients only (signed URLs and token requests are not the provider's API).
        var limiter = token is null ? null : WriteRateLimits.For(options, token.FixedToken, timeProvider);
        UploadResilience.Configure(builder, options, timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(UploadClientsDiagnostics.LogCategory(options.ProviderName)), limiter);
        var body = new BoundedResponseHandler(options.ProviderName, options.MaxResponseBodyBytes);
        return token is null
            ? [new ResilienceHandler(builder.Build()), body]
            : [new ResilienceHandler(builder.Build()), new BearerTokenHandler(token, options.BaseAddress), body];
    }

    /// <summary>
    /// A client made without DI: <see cref="CreateSteps"/> in front of the shared transport, or of
    /// the caller's <paramref name="inner"/> client. With no token source it has no base address
    /// (signed URLs are absolute).
    /// </summary>
    internal static HttpClient Create(
        UploadProviderOptions options,
        AccessTokenSource? token,
        HttpClient? inner,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory)
    {
        // Requests without the API's credentials (signed URLs, download links, token requests) never go
        // through a caller's HttpClient: its default headers (an Authorization, say) would reach the
        // storage or token host.
        HttpMessageHandler handler = inner is null || token is null ? new SharedTransport(token is null ? SharedPlain : SharedApi) : new HttpClientForwardingHandler(inner);
        var steps = CreateSteps(options, token, timeProvider, loggerFactory);
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            steps[i].InnerHandler = handler;
            handler = steps[i];
        }

        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = token is null ? null : options.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Sends through a shared transport; disposing it leaves the shared transport open.</summary>
    internal sealed class SharedTransport(Lazy<SocketsHttpHandler> shared) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(shared.Value, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
