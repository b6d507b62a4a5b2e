using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UploadClients.HealthChecks;

/// <summary>What <see cref="UploadClientsDriftHealthCheck"/> checks and how often it calls the providers.</summary>
public sealed class UploadClientsDriftHealthCheckOptions
{
    /// <summary>The named account to check (<c>AddUploadClients(name, …)</c>); null: the default account.</summary>
    public string? Account { get; set; }

    /// <summary>Which providers (default: every provider with credentials) and the OrbitSearch directory whose readiness is read.</summary>
    public ProviderDriftCheckOptions Check { get; } = new();

    /// <summary>
    /// How long a result is reported before the providers are called again (default one hour): health
    /// probes run every few seconds, and each check makes up to eight reads against rate-limited APIs.
    /// Probes that arrive while a check runs share it.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a result that is not the providers' verdict is kept (default five minutes): a read that got
    /// no answer, a refused credential or a configuration problem is checked again sooner than
    /// <see cref="CacheFor"/>, so that a network blip or a fixed setting does not stay reported for an hour.
    /// </summary>
    public TimeSpan RetryIncompleteAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// An <see cref="IHealthCheck"/> that runs <see cref="IProviderDriftCheck"/>: Healthy when every answer
/// has its documented shape (notices allowed), Degraded when one drifted or a read got no answer (the
/// integration still runs; the tolerant reader keeps what it can), and the registration's failure status
/// (Unhealthy by default) when a provider refused a credential or the check is not configured. The data
/// name each call and its findings by path and kind, never a value.
/// </summary>
public sealed class UploadClientsDriftHealthCheck : IHealthCheck
{
    private readonly IProviderDriftCheck _check;
    private readonly UploadClientsDriftHealthCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _running;
    private (HealthCheckResult Result, DateTimeOffset At, bool Complete)? _last;
    private HealthStatus _failureStatus = HealthStatus.Unhealthy;

    /// <summary>Makes the health check.</summary>
    /// <param name="check">The account's drift check.</param>
    /// <param name="options">What to check and how long a result is kept.</param>
    /// <param name="timeProvider">The clock for <see cref="UploadClientsDriftHealthCheckOptions.CacheFor"/>.</param>
    public UploadClientsDriftHealthCheck(IProviderDriftCheck check, UploadClientsDriftHealthCheckOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _check = check;
        _options = options;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> running;
        lock (_lock)
        {
            _failureStatus = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
            if (_last is { } last && _time.GetUtcNow() - last.At < (last.Complete ? _options.CacheFor : TimeSpan.FromTicks(Math.Min(_options.CacheFor.Ticks, _options.RetryIncompleteAfter.Ticks))))
            {
                return Task.FromResult(last.Result);
            }

            // One check at a time: the probes that arrive meanwhile wait for it (each until its own token fires).
            _running ??= RunAsync();
            running = _running;
        }

        return running.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> RunAsync()
    {
        // Never finish inside the caller's lock: `_running` is set before this run can clear it.
        await Task.Yield();
        HealthCheckResult result;
        var complete = false;
        try
        {
            // Not the probe's token: the shared run finishes for the others (bounded by the clients' timeouts).
            var report = await _check.CheckAsync(_options.Check, CancellationToken.None).ConfigureAwait(false);
            result = Judge(report);
            complete = !report.HasRefusals && !report.HasFailures;
        }
        catch (UploadValidationException invalid)
        {
            result = new HealthCheckResult(_failureStatus, "The drift check is not configured: " + string.Join(" ", invalid.Problems));
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException invalid)
        {
            // The settings' names and what is wrong with them (never a value): as the tool's exit code 2 says them.
            result = new HealthCheckResult(_failureStatus, "The UploadClients configuration has problems: " + string.Join(" ", invalid.Failures));
        }
        catch (Exception ex)
        {
            result = new HealthCheckResult(HealthStatus.Degraded, $"The drift check could not run ({ex.GetType().Name}).");
        }

        lock (_lock)
        {
            _last = (result, _time.GetUtcNow(), complete);
            _running = null;
        }

        return result;
    }

    private HealthCheckResult Judge(ProviderDriftReport report)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var check in report.Checks)
        {
            var findings = check.Findings.Select(f => $"{(f.IsDrift ? "drift" : "notice")} {f.Path} {f.Kind}{(f.Kind == DriftFindingKind.UnknownValue ? " '" + f.Observed + "'" : string.Empty)}");
            data[$"{check.Provider} {check.Endpoint}"] = $"{check.Outcome} ({check.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"})" +
                (check.Findings.Count == 0 ? string.Empty : ": " + string.Join("; ", findings));
        }

        var drift = report.Checks.Sum(c => c.Findings.Count(f => f.IsDrift));
        if (report.HasRefusals)
        {
            var refused = report.Checks.First(c => c.Outcome == ProviderCheckOutcome.Refused);
            return new HealthCheckResult(_failureStatus, refused.Message, data: data);
        }

        if (report.HasDrift)
        {
            return new HealthCheckResult(HealthStatus.Degraded, $"{drift} finding(s) where a provider's answer left its documented shape (the SDK was built against it): see the data, or run `uploadclients doctor`.", data: data);
        }

        return report.HasFailures
            ? new HealthCheckResult(HealthStatus.Degraded, "A provider's read got no usable answer: the drift check is incomplete.", data: data)
            : HealthCheckResult.Healthy($"{report.Checks.Count} reads, each in its documented shape.", data);
    }
}
