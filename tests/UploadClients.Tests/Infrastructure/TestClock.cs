using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace UploadClients.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test when code starts waiting: every timer
/// shorter than <see cref="DelayThreshold"/> (a polling or retry delay, not a request timeout)
/// is announced, so a test advances exactly that delay instead of sleeping or guessing.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public TestClock()
        : base(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Timers at least this long are timeouts, not delays: tests set timeouts far above it.</summary>
    public TimeSpan DelayThreshold { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Every delay announced so far.</summary>
    public List<TimeSpan> Delays { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime < DelayThreshold && period == Timeout.InfiniteTimeSpan)
        {
            lock (Delays)
            {
                Delays.Add(dueTime);
            }

            _delays.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    private readonly Lock _readLock = new();
    private Task<TimeSpan>? _read;

    /// <summary>
    /// Waits until the code under test starts its next delay, and returns its length. A wait given
    /// up on (a <see cref="RunAsync{T}"/> whose task finished first) leaves its read to the next
    /// caller, so no announced delay is lost between two runs in one test.
    /// </summary>
    public async Task<TimeSpan> NextDelayAsync()
    {
        Task<TimeSpan> read;
        lock (_readLock)
        {
            read = _read ??= _delays.Reader.ReadAsync().AsTask();
        }

        var delay = await read.WaitAsync(TimeSpan.FromSeconds(20));
        lock (_readLock)
        {
            if (_read == read)
            {
                _read = null;
            }
        }

        return delay;
    }

    /// <summary>Waits for the next delay and lets exactly that much time pass.</summary>
    public async Task<TimeSpan> AdvanceNextDelayAsync()
    {
        var delay = await NextDelayAsync();
        Advance(delay);
        return delay;
    }

    /// <summary>
    /// Drives <paramref name="task"/> like <see cref="RunAsync{T}"/>, and also lets a request's
    /// <paramref name="timeout"/> pass each time the harness starts holding a request
    /// (<see cref="UploadClients.Testing.HarnessFault.Delayed"/>): the timeout fires on this clock only
    /// once the request has provably reached the server, and no test waits for it in real time.
    /// </summary>
    /// <param name="task">The call under test.</param>
    /// <param name="journal">The harness's journal, which reports held requests.</param>
    /// <param name="timeout">The request timeout the client runs with; at least <see cref="DelayThreshold"/>, so it is not announced as a delay.</param>
    public async Task<T> RunPastHeldAsync<T>(Task<T> task, UploadClients.Testing.RequestJournal journal, TimeSpan timeout)
    {
        if (timeout < DelayThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "A timeout under DelayThreshold would be announced and passed as a delay.");
        }

        Task<TimeSpan>? next = null;
        Task? held = null;
        var heldSoFar = 0;
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            next ??= NextDelayAsync();
            held ??= journal.WaitForHeldAsync(heldSoFar + 1);
            var first = await Task.WhenAny(task, next, held);
            if (first == next)
            {
                Advance(await next);
                next = null;
            }
            else if (first == held)
            {
                await held;
                heldSoFar++;
                held = null;
                Advance(timeout);
            }
        }

        return await task;
    }

    /// <summary>Drives <paramref name="task"/> to completion by passing each delay it starts.</summary>
    public async Task<T> RunAsync<T>(Task<T> task, int maxDelays = 200)
    {
        for (var i = 0; i < maxDelays && !task.IsCompleted; i++)
        {
            var next = NextDelayAsync();
            var first = await Task.WhenAny(task, next);
            if (first == next)
            {
                Advance(await next);
            }
        }

        return await task;
    }
}
