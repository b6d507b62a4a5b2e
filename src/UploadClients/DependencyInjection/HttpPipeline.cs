using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace UploadClients;

/// <summary>
/// Builds a provider's <see cref="HttpClient"/> when the client is made without DI:
/// resilience → bearer auth → the caller's client or a pooled <see cref="SocketsHttpHandler"/>.
/// With no token source it makes a client with no auth and no base address (for signed URLs and
/// token endpoints, which must never see the API's credentials).
/// </summary>
internal static class HttpPipeline
{
    /// <summary>How long a pooled connection lives, so DNS changes are picked up by long-lived clients.</summary>
    internal static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    internal static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = PooledConnectionLifetime,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    internal static HttpClient Create(
        UploadProviderOptions options,
        AccessTokenSource? token,
        HttpClient? inner,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        UploadResilience.Configure(builder, options, timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("UploadClients." + options.ProviderName));
        // Requests without the API's credentials (signed URLs, download links, token requests) never go
        // through a caller's HttpClient: its default headers (an Authorization, say) would reach the
        // storage or token host.
        HttpMessageHandler transport = inner is null || token is null ? CreatePrimaryHandler() : new HttpClientForwardingHandler(inner);
        var handler = new ResilienceHandler(builder.Build())
        {
            InnerHandler = token is null ? transport : new BearerTokenHandler(token) { InnerHandler = transport },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = token is null ? null : options.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
