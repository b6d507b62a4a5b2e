using System.Collections.Concurrent;

namespace UploadClients.Testing;

/// <summary>
/// Every request the harness received, in order. Tests assert on it, and wait on it
/// (<c>WaitForAsync</c>, <c>WaitUntilAsync</c>) instead of sleeping.
/// </summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<JournalEntry> _entries = new();
    private readonly Lock _waitersLock = new();
    private readonly List<(Func<JournalEntry, bool> Match, int Count, TaskCompletionSource<IReadOnlyList<JournalEntry>> Done)> _waiters = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _heldWaiters = [];
    private long _sequence;
    private int _held;

    /// <summary>All requests so far, in order of arrival.</summary>
    public IReadOnlyList<JournalEntry> Entries => [.. _entries];

    /// <summary>The requests to one endpoint (a <see cref="HarnessEndpoint"/> name).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>Those requests, in order.</returns>
    public IReadOnlyList<JournalEntry> For(string endpoint) => [.. _entries.Where(e => e.Endpoint == endpoint)];

    /// <summary>How many requests reached an endpoint.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>The count.</returns>
    public int Count(string endpoint) => _entries.Count(e => e.Endpoint == endpoint);

    /// <summary>
    /// Completes when at least <paramref name="count"/> requests matching <paramref name="match"/>
    /// have been answered (or dropped), or throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    /// <param name="match">Which requests count.</param>
    /// <param name="count">How many.</param>
    /// <param name="timeout">A safety net for a broken test, not a wait.</param>
    /// <returns>The matching requests.</returns>
    public async Task<IReadOnlyList<JournalEntry>> WaitUntilAsync(Func<JournalEntry, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        TaskCompletionSource<IReadOnlyList<JournalEntry>> done;
        lock (_waitersLock)
        {
            var now = _entries.Where(match).ToList();
            if (now.Count >= count)
            {
                return now;
            }

            done = new TaskCompletionSource<IReadOnlyList<JournalEntry>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, count, done));
        }

        return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>Waits for requests to one endpoint.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="count">How many.</param>
    /// <param name="timeout">A safety net for a broken test.</param>
    /// <returns>Those requests.</returns>
    public Task<IReadOnlyList<JournalEntry>> WaitForAsync(string endpoint, int count = 1, TimeSpan? timeout = null) =>
        WaitUntilAsync(e => e.Endpoint == endpoint, count, timeout);

    /// <summary>
    /// How many requests a <see cref="HarnessFault.Delayed"/> fault has held so far: each counts
    /// once, when the harness has read it and starts holding its answer (before it is journaled).
    /// </summary>
    public int HeldCount => Volatile.Read(ref _held);

    /// <summary>
    /// Completes when at least <paramref name="count"/> requests have been held by a
    /// <see cref="HarnessFault.Delayed"/> fault: the point at which a test on a fake clock can let a
    /// client's timeout pass, knowing the request reached the server.
    /// </summary>
    /// <param name="count">How many held requests to wait for.</param>
    /// <param name="timeout">A safety net for a broken test, not a wait.</param>
    /// <returns>A task that completes when they have been held.</returns>
    public Task WaitForHeldAsync(int count, TimeSpan? timeout = null)
    {
        TaskCompletionSource done;
        lock (_waitersLock)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _heldWaiters.Add((count, done));
        }

        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear() => _entries.Clear();

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Held()
    {
        lock (_waitersLock)
        {
            _held++;
            for (var i = _heldWaiters.Count - 1; i >= 0; i--)
            {
                if (_heldWaiters[i].Count <= _held)
                {
                    _heldWaiters[i].Done.TrySetResult();
                    _heldWaiters.RemoveAt(i);
                }
            }
        }
    }

    internal void Add(JournalEntry entry)
    {
        lock (_waitersLock)
        {
            _entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (match, count, done) = _waiters[i];
                var matching = _entries.Where(match).ToList();
                if (matching.Count >= count)
                {
                    _waiters.RemoveAt(i);
                    done.TrySetResult(matching);
                }
            }
        }
    }
}
