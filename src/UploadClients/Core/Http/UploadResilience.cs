using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace UploadClients;

/// <summary>
/// The one resilience pipeline every provider's API client runs (Microsoft.Extensions.Http.Resilience
/// strategies): a retry that follows the retry table in docs/reliability.md, and a per-attempt timeout that is
/// long for requests carrying a file and short for the rest.
/// </summary>
/// <remarks>
/// Which requests may be repeated is decided here, from the request itself:
/// GET, HEAD, PUT, DELETE and OPTIONS are safe to repeat; POST and PATCH are not, unless the
/// request is marked <see cref="IdempotentRequest"/> (an OrbitSearch upload carrying its key).
/// A request that is not safe to repeat is retried only when the server provably did not process
/// it: the connection could not be made, or it answered 429 (refused by a rate limit, after its
/// Retry-After). Content that cannot be re-sent from its first byte (a
/// non-seekable stream already sent) is never retried.
/// </remarks>
internal static partial class UploadResilience
{
    /// <summary>Marks a POST or PATCH that the provider deduplicates (so repeating it is safe).</summary>
    internal static readonly HttpRequestOptionsKey<bool> IdempotentRequest = new(IdempotentKeyName);

    /// <summary>The name of <see cref="IdempotentRequest"/>, for the provider interfaces' <c>[Property]</c>.</summary>
    internal const string IdempotentKeyName = "UploadClients.Idempotent";

    /// <summary>Set on a request once it has been sent again (so a 404 to a repeated DELETE can be read as "already gone").</summary>
    internal static readonly HttpRequestOptionsKey<bool> Repeated = new("UploadClients.Repeated");

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, UploadProviderOptions options, TimeProvider timeProvider, ILogger logger, System.Threading.RateLimiting.RateLimiter? writeLimiter = null)
    {
        var retry = options.Retry;
        var provider = options.ProviderName;
        // Named once: the pipeline is the provider's category, the account its instance, each strategy
        // its short role ("UploadClients.OptimalDial", "acme", "Retry"). Polly's own telemetry is not
        // enabled, so these names appear nowhere but in a debugger; the SDK logs retries itself.
        builder.Name = UploadClientsDiagnostics.LogCategory(provider);
        builder.InstanceName = options.Account;
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "Retry",
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), retry, timeProvider)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter.From(args.Outcome.Result, timeProvider)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    request?.Options.Set(Repeated, true);
                    var tags = UploadClientsTelemetry.Tags(provider, options.Account);
                    tags.Add("http.request.method", request?.Method.Method);
                    UploadClientsTelemetry.Retries.Add(1, in tags);
                    LogRetry(
                        logger,
                        provider,
                        request?.Method.Method ?? "?",
                        Redactor.RedactUrl(request?.RequestUri),
                        args.AttemptNumber + 1,
                        args.RetryDelay,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?");
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (writeLimiter is not null)
        {
            // Per attempt, outside its timeout: every request the provider sees is counted.
            WriteRateLimits.Add(builder, writeLimiter, options, timeProvider, logger);
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "AttemptTimeout",
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.GetRequestMessage()?.Content is IReplayableContent { CarriesFile: true } ? options.UploadTimeout : options.RequestTimeout),
        });
    }

    /// <summary>The retry decision of docs/reliability.md, for one outcome of one request.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, UploadRetryOptions retry, TimeProvider timeProvider)
    {
        if (request?.Content is IReplayableContent { CanReplay: false })
        {
            return false;
        }

        var transient = outcome.Exception switch
        {
            HttpRequestException => true,
            TimeoutRejectedException => true,
            null => outcome.Result is { } response && IsTransientStatus(response.StatusCode),
            _ => false,
        };
        if (!transient)
        {
            return false;
        }

        if (RetryAfter.From(outcome.Result, timeProvider) is { } wait && wait > retry.MaxRetryAfter)
        {
            return false;
        }

        return IsSafeToRepeat(request) || NeverReachedServer(outcome.Exception) || RefusedUnprocessed(outcome.Result);
    }

    /// <summary>
    /// A 429 is an answer that the request was refused before it was processed (a rate limit is
    /// checked first; OptimalDial documents it on write endpoints, before anything is charged): even a
    /// request that creates or charges may be sent again, after its Retry-After. A 5xx, a timeout or
    /// a dropped connection says nothing of the kind.
    /// </summary>
    internal static bool RefusedUnprocessed(HttpResponseMessage? response) => response?.StatusCode == HttpStatusCode.TooManyRequests;

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    internal static bool IsSafeToRepeat(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        var method = request.Method;
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Options)
        {
            return true;
        }

        return request.Options.TryGetValue(IdempotentRequest, out var idempotent) && idempotent;
    }

    /// <summary>True only for failures that happen before a request's first byte leaves: the connection was never made.</summary>
    internal static bool NeverReachedServer(Exception? exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        };

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Provider} {Method} {Url}: retry {Attempt} in {Delay} after {Outcome}")]
    private static partial void LogRetry(ILogger logger, string provider, string method, string url, int attempt, TimeSpan delay, string outcome);
}
