using Polly.Timeout;

namespace UploadClients;

/// <summary>
/// The polling engine every provider uses: read a status until it is final, with exponential
/// backoff and jitter, <c>Retry-After</c>, a hard timeout and immediate cancellation. Time goes
/// through a <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class Poller
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;

    internal Poller(TimeProvider timeProvider, Func<double>? random = null)
    {
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>
    /// Reads with <paramref name="read"/> until <paramref name="isDone"/> holds.
    /// </summary>
    /// <param name="what">Names the thing waited for, for the timeout message ("OptimalDial upload 3c90…").</param>
    /// <param name="read">One status read.</param>
    /// <param name="isDone">Whether a state ends the wait.</param>
    /// <param name="options">Delays and timeout.</param>
    /// <param name="initial">A state already in hand (for example the create response): when given, the first read waits one delay.</param>
    /// <param name="cancellationToken">Stops the wait at once: no request is made after it fires.</param>
    internal async Task<T> PollAsync<T>(
        string what,
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> isDone,
        PollingOptions options,
        T? initial,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem(nameof(PollingOptions)) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var started = _timeProvider.GetTimestamp();
        var last = initial;
        Exception? lastError = null;
        var attempt = 0;
        TimeSpan? providerWait = null;

        if (initial is not null)
        {
            if (isDone(initial))
            {
                return initial;
            }
        }
        else
        {
            // First read at once.
            (last, lastError, providerWait) = await ReadOnceAsync(read, last, cancellationToken).ConfigureAwait(false);
            if (lastError is null && isDone(last!))
            {
                return last!;
            }
        }

        while (true)
        {
            var elapsed = _timeProvider.GetElapsedTime(started);
            var remaining = options.Timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new UploadPollingTimeoutException(
                    $"{what} did not reach a final status within {options.Timeout} (PollingOptions.Timeout). " +
                    "It may still finish: wait again later with the same id.",
                    last,
                    lastError);
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

            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            (var state, lastError, providerWait) = await ReadOnceAsync(read, last, cancellationToken).ConfigureAwait(false);
            last = state;
            if (lastError is null && isDone(last!))
            {
                return last!;
            }
        }
    }

    /// <summary>The backoff before read number <paramref name="attempt"/> + 2: doubling, capped, in the upper half at random.</summary>
    internal TimeSpan NextDelay(int attempt, PollingOptions options)
    {
        var ceiling = options.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, options.MaxDelay.TotalMilliseconds);
        var jittered = ceiling * (0.5 + (0.5 * _random()));
        return TimeSpan.FromMilliseconds(Math.Max(jittered, 1));
    }

    private static async Task<(T? State, Exception? Error, TimeSpan? RetryAfter)> ReadOnceAsync<T>(
        Func<CancellationToken, Task<T>> read, T? last, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return (await read(cancellationToken).ConfigureAwait(false), null, null);
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            // One failed poll does not end the wait: the status is read again after the next delay.
            return (last, ex, (ex as UploadApiException)?.RetryAfter);
        }
    }

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        UploadApiException api => api.IsTransient,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        TimeoutException and not UploadPollingTimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
