using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Runtime.CompilerServices;
using Polly.Timeout;

namespace UploadClients;

/// <summary>
/// The polling engine every provider uses: read a status until it is final, with exponential
/// backoff and jitter, <c>Retry-After</c>, a hard timeout and immediate cancellation. Time goes
/// through a <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed partial class Poller
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private readonly string _provider;
    private readonly string? _account;
    private readonly ILogger _logger;

    internal Poller(TimeProvider timeProvider, Func<double>? random = null, string provider = "UploadClients", ILogger? logger = null, string? account = null)
    {
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared.NextDouble;
        _provider = provider;
        _account = account;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Reads with <paramref name="read"/> until <paramref name="isDone"/> holds.
    /// </summary>
    /// <param name="what">Names the thing waited for, for the timeout message ("OptimalDial upload 3c90…").</param>
    /// <param name="id">Its id, carried by the timeout and cancellation exceptions so that it is never lost.</param>
    /// <param name="read">One status read.</param>
    /// <param name="isDone">Whether a state ends the wait.</param>
    /// <param name="statusOf">A state's status, for logs, span and metric tags.</param>
    /// <param name="options">Delays and timeout.</param>
    /// <param name="initial">A state already in hand (for example the create response): when given, the first read waits one delay.</param>
    /// <param name="cancellationToken">Stops the wait at once: no request is made after it fires.</param>
    internal async Task<T> PollAsync<T>(
        string what,
        string id,
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> isDone,
        Func<T, string?> statusOf,
        PollingOptions options,
        T? initial,
        CancellationToken cancellationToken)
        where T : class
    {
        using var activity = UploadClientsTelemetry.Source.HasListeners() ? UploadClientsTelemetry.Source.StartActivity(_provider + ".Wait", ActivityKind.Internal) : null;
        UploadClientsTelemetry.TagSpan(activity, _provider, _account);
        activity?.SetTag(UploadClientsTelemetry.OperationTag, "Wait");
        using var scope = UploadClientsTelemetry.AccountScope(_logger, _account);
        var last = new StrongBox<T?>(initial);
        try
        {
            var done = await PollCoreAsync(what, id, read, isDone, statusOf, options, last, cancellationToken).ConfigureAwait(false);
            var status = statusOf(done);
            activity?.SetTag(UploadClientsTelemetry.StatusTag, status);
            return done;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not UploadWaitCanceledException)
        {
            // Only the wait stops: the upload goes on at the provider, and its id must reach the caller.
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag(UploadClientsTelemetry.ErrorTypeTag, nameof(UploadWaitCanceledException));
            var status = last.Value is { } state ? statusOf(state) : null;
            throw new UploadWaitCanceledException<T>(
                $"The wait for {what} was cancelled{(status is null ? string.Empty : " at status " + status)}. Only the wait stopped: the upload itself goes on at {_provider} " +
                "(and keeps any credits it was charged). Follow it by its id (Id): wait for it again, or look it up in the provider's app.",
                _provider,
                id,
                last.Value,
                ex,
                cancellationToken);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag(UploadClientsTelemetry.ErrorTypeTag, ex.GetType().Name);
            throw;
        }
    }

    private async Task<T> PollCoreAsync<T>(
        string what,
        string id,
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> isDone,
        Func<T, string?> statusOf,
        PollingOptions options,
        StrongBox<T?> lastSeen,
        CancellationToken cancellationToken)
        where T : class
    {
        var initial = lastSeen.Value;
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem(nameof(PollingOptions)) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (options.StateType is { } stateType && !stateType.IsAssignableFrom(typeof(T)))
        {
            throw new ArgumentException($"{what} reports {typeof(T).Name} states, but the PollingOptions given report {stateType.Name}: use PollingOptions<{typeof(T).Name}>.", nameof(options));
        }

        var started = _timeProvider.GetTimestamp();
        var last = initial;
        Exception? lastError = null;
        var attempt = 0;
        TimeSpan? providerWait = null;

        // An id issued in this call (the create's answer is in hand) may not be readable at once:
        // a 404 within the grace window means "not visible yet", not "gone".
        var issuedHere = initial is not null;
        var lastStatus = initial is null ? null : statusOf(initial);
        bool outOfTime;
        if (initial is not null)
        {
            if (isDone(initial))
            {
                return Done(initial);
            }
        }
        else
        {
            // First read at once.
            (last, lastError, providerWait, outOfTime) = await ReadOnceAsync(read, last, Remaining(), false, cancellationToken).ConfigureAwait(false);
            lastSeen.Value = last;
            if (outOfTime)
            {
                throw TimedOut();
            }

            Observe(last, lastError);
            if (lastError is null && isDone(last!))
            {
                return Done(last!);
            }
        }

        while (true)
        {
            var remaining = Remaining();
            if (remaining <= TimeSpan.Zero)
            {
                throw TimedOut();
            }

            var delay = NextDelay(attempt++, options);
            if (providerWait is { } wait && wait > delay)
            {
                delay = wait;
            }

            if (delay > remaining)
            {
                delay = remaining;
            }

            LogWaiting(_logger, what, delay);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            var notVisibleYet = issuedHere && _timeProvider.GetElapsedTime(started) < options.NotFoundGrace;
            (var state, lastError, providerWait, outOfTime) = await ReadOnceAsync(read, last, Remaining(), notVisibleYet, cancellationToken).ConfigureAwait(false);
            if (outOfTime)
            {
                throw TimedOut();
            }

            last = state;
            lastSeen.Value = last;
            Observe(last, lastError);
            if (lastError is null && isDone(last!))
            {
                return Done(last!);
            }
        }

        TimeSpan Remaining() => options.Timeout - _timeProvider.GetElapsedTime(started);

        UploadPollingTimeoutException<T> TimedOut() => new(
            $"{what} did not reach a final status within {options.Timeout} (PollingOptions.Timeout). " +
            "It may still finish: wait again later with the same id.",
            last,
            lastError)
        {
            Id = id,
        };

        void Observe(T? state, Exception? error)
        {
            UploadClientsTelemetry.Polls.Add(1, UploadClientsTelemetry.Tags(_provider, _account));
            if (error is not null)
            {
                LogPollFailed(_logger, what, error.GetType().Name);
                return;
            }

            options.Report(state!);
            var status = statusOf(state!);
            if (!string.Equals(status, lastStatus, StringComparison.Ordinal))
            {
                LogStatusChanged(_logger, what, lastStatus ?? "(none)", status ?? "(none)");
                lastStatus = status;
            }
        }

        T Done(T state)
        {
            var elapsed = _timeProvider.GetElapsedTime(started);
            var status = statusOf(state);
            var tags = UploadClientsTelemetry.Tags(_provider, _account);
            tags.Add(UploadClientsTelemetry.StatusTag, status);
            UploadClientsTelemetry.TimeToTerminal.Record(elapsed.TotalSeconds, in tags);
            LogWaitEnded(_logger, what, status ?? "(none)", elapsed);
            return state;
        }
    }

    // {What} names the provider ("OptimalDial upload 3c90…"), as the category does (UploadClients.OptimalDial): once is enough.
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "{What} is now {Status} (was {Previous})")]
    private static partial void LogStatusChanged(ILogger logger, string what, string previous, string status);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Waiting {Delay} before reading {What} again")]
    private static partial void LogWaiting(ILogger logger, string what, TimeSpan delay);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "{What} ended {Status} after {Elapsed}")]
    private static partial void LogWaitEnded(ILogger logger, string what, string status, TimeSpan elapsed);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Reading {What} failed ({Error}); the wait goes on")]
    private static partial void LogPollFailed(ILogger logger, string what, string error);

    /// <summary>The backoff before read number <paramref name="attempt"/> + 2: doubling, capped, in the upper half at random.</summary>
    internal TimeSpan NextDelay(int attempt, PollingOptions options)
    {
        var ceiling = options.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, options.MaxDelay.TotalMilliseconds);
        var jittered = ceiling * (0.5 + (0.5 * _random()));
        return TimeSpan.FromMilliseconds(Math.Max(jittered, 1));
    }

    /// <summary>
    /// One status read, given at most <paramref name="budget"/> (the wait's time left): a read that
    /// outlives the wait ends it on time. A transient failure is returned, not thrown.
    /// </summary>
    private async Task<(T? State, Exception? Error, TimeSpan? RetryAfter, bool OutOfTime)> ReadOnceAsync<T>(
        Func<CancellationToken, Task<T>> read, T? last, TimeSpan budget, bool notFoundIsTransient, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Created with no due time and armed with CancelAfter: the clock's own timer, as the
        // resilience pipeline's attempt timeout is.
        using var timeLeft = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        timeLeft.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLeft.Token);
        try
        {
            return (await read(linked.Token).ConfigureAwait(false), null, null, false);
        }
        catch (Exception) when (timeLeft.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (last, null, null, true);
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken) || (notFoundIsTransient && ex is UploadApiException { StatusCode: System.Net.HttpStatusCode.NotFound }))
        {
            // One failed poll does not end the wait: the status is read again after the next delay.
            return (last, ex, (ex as UploadApiException)?.RetryAfter, false);
        }
    }

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        UploadApiException api => api.IsTransient,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
