using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace UploadClients;

/// <summary>The SDK's one ActivitySource and Meter, and the instruments on it.</summary>
internal static class UploadClientsTelemetry
{
    internal const string ProviderTag = "uploadclients.provider";
    internal const string AccountTag = "uploadclients.account";
    internal const string OperationTag = "uploadclients.operation";
    internal const string StatusTag = "uploadclients.status";
    internal const string OutcomeTag = "uploadclients.outcome";
    internal const string HttpStatusTag = "http.response.status_code";
    internal const string ErrorTypeTag = "error.type";

    /// <summary>The provider tag, and the account tag when the client belongs to a named account.</summary>
    internal static TagList Tags(string? provider, string? account)
    {
        var tags = new TagList { { ProviderTag, provider } };
        if (account is not null)
        {
            tags.Add(AccountTag, account);
        }

        return tags;
    }

    /// <summary>Tags a span with the provider, and with the account when the client belongs to a named account.</summary>
    internal static void TagSpan(Activity? activity, string provider, string? account)
    {
        activity?.SetTag(ProviderTag, provider);
        if (account is not null)
        {
            activity?.SetTag(AccountTag, account);
        }
    }

    /// <summary>A logging scope naming the account (<c>UploadClientsAccount</c>), or null for the default account.</summary>
    internal static IDisposable? AccountScope(Microsoft.Extensions.Logging.ILogger logger, string? account) =>
        account is null ? null : logger.BeginScope(new AccountScopeState(account));

    private static readonly string Version = typeof(UploadClientsTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    internal static readonly ActivitySource Source = new(UploadClientsDiagnostics.ActivitySourceName, Version);

    internal static readonly Meter Meter = new(UploadClientsDiagnostics.MeterName, Version);

    internal static readonly Counter<long> Uploads = Meter.CreateCounter<long>("uploadclients.uploads", "{upload}", "Requests that carried a file, by provider, operation and outcome.");

    internal static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("uploadclients.bytes_sent", "By", "File bytes written to the connection (every attempt counts).");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("uploadclients.retries", "{retry}", "Requests repeated by the resilience pipeline.");

    internal static readonly Counter<long> Polls = Meter.CreateCounter<long>("uploadclients.polls", "{poll}", "Status reads made while waiting.");

    internal static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram<double>("uploadclients.rate_limit.wait", "s", "Time write requests waited for a client-side rate-limit permit (only those that waited).");

    internal static readonly Histogram<double> TimeToTerminal = Meter.CreateHistogram<double>("uploadclients.time_to_terminal", "s", "Time from the start of a wait to the final status.");

    /// <summary>The state of <see cref="AccountScope"/>: one property, printed as "UploadClients account acme".</summary>
    private sealed class AccountScopeState(string account) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] => index == 0 ? new("UploadClientsAccount", account) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "UploadClients account " + account;
    }
}
