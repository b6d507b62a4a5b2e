using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;

namespace UploadClients;

/// <summary>
/// The client-side limit on write requests (<see cref="UploadRateLimitOptions"/>): one limiter per
/// provider, address and credential in the process, asked for a permit per attempt of each write,
/// between the retry step and the attempt timeout (a wait for a permit is not an attempt running late).
/// </summary>
internal static partial class WriteRateLimits
{
    private static readonly ConcurrentDictionary<string, RateLimiter> Shared = new(StringComparer.Ordinal);

    /// <summary>The limiter for <paramref name="options"/> and <paramref name="credential"/>, or null when writes are not limited.</summary>
    internal static RateLimiter? For(UploadProviderOptions options, string? credential, TimeProvider time)
    {
        var settings = options.WriteRateLimit;
        if (settings?.Limiter is { } custom)
        {
            return custom;
        }

        if (settings is not { Enabled: true })
        {
            return null;
        }

        // The account is part of the key: two named accounts never share a limiter, even when neither has a fixed credential (token providers).
        var key = string.Join(
            '|',
            options.ProviderName,
            options.Account ?? string.Empty,
            options.BaseAddress.GetLeftPart(UriPartial.Authority),
            credential is null ? "-" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credential))),
            settings.PermitLimit,
            settings.Window.Ticks,
            settings.QueueLimit);
        // One limiter per clock too: tests run clients on clocks of their own.
        key += "|" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(time).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Shared.GetOrAdd(key, _ => new RollingWindowRateLimiter(settings.PermitLimit, settings.Window, settings.QueueLimit, time));
    }

    internal static void Add(ResiliencePipelineBuilder<HttpResponseMessage> builder, RateLimiter limiter, UploadProviderOptions options, TimeProvider time, ILogger logger)
    {
        var provider = options.ProviderName;
        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            Name = "WriteRateLimit",
            RateLimiter = args => AcquireAsync(limiter, args.Context, provider, options.Account, options.WriteRateLimit, time, logger),
        });
    }

    private static async ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, ResilienceContext context, string provider, string? account, UploadRateLimitOptions settings, TimeProvider time, ILogger logger)
    {
        var request = context.GetRequestMessage();
        if (request is null || !IsWrite(request.Method))
        {
            return Leases.Unlimited;
        }

        var lease = limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();

        // No permit now: the wait is visible (a log line, a span event, a metric).
        if (logger.IsEnabled(LogLevel.Information))
        {
            var url = Redactor.RedactUrl(request.RequestUri);
            LogWaiting(logger, provider, request.Method.Method, url, settings.PermitLimit, settings.Window);
        }
        Activity.Current?.AddEvent(new ActivityEvent("uploadclients.rate_limit.wait", tags: new ActivityTagsCollection(UploadClientsTelemetry.Tags(provider, account))));
        var started = time.GetTimestamp();
        lease = await limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(false);
        UploadClientsTelemetry.RateLimitWait.Record(time.GetElapsedTime(started).TotalSeconds, UploadClientsTelemetry.Tags(provider, account));
        return lease;
    }

    /// <summary>The requests a provider counts as writes: anything but GET, HEAD and OPTIONS.</summary>
    internal static bool IsWrite(HttpMethod method) => method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Options;

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{Provider} {Method} {Url}: waiting for a write permit ({Limit} per {Window}, client-side rate limit)")]
    private static partial void LogWaiting(ILogger logger, string provider, string method, string url, int limit, TimeSpan window);
}
