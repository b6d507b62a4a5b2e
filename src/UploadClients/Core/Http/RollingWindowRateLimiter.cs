using System.Threading.RateLimiting;

namespace UploadClients;

/// <summary>
/// At most <c>permitLimit</c> requests in any rolling window, counted the way a provider counts
/// them: a permit is taken before a request is sent and comes back one window after its answer
/// arrived (the provider saw the request before that), so no window of the provider's, however
/// the network delays requests, holds more than the limit. Waiters are served oldest first, up to
/// a queue limit. Time comes from a <see cref="TimeProvider"/>; a timer runs only while someone waits.
/// </summary>
internal sealed class RollingWindowRateLimiter : RateLimiter
{
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _returned = new(); // when each recently used permit's answer arrived
    private readonly LinkedList<Waiter> _waiters = new();
    private int _inUse;
    private int _queued;
    private ITimer? _timer;
    private long _successful;
    private long _failed;

    internal RollingWindowRateLimiter(int permitLimit, TimeSpan window, int queueLimit, TimeProvider time)
    {
        _permitLimit = permitLimit;
        _window = window;
        _queueLimit = queueLimit;
        _time = time;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Prune(_time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Available,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        lock (_lock)
        {
            Prune(_time.GetUtcNow());
            if (_waiters.Count == 0 && Available >= permitCount)
            {
                return Grant(permitCount);
            }

            _failed++;
            return Leases.Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Check(permitCount);
        lock (_lock)
        {
            Prune(_time.GetUtcNow());
            if (_waiters.Count == 0 && Available >= permitCount)
            {
                return ValueTask.FromResult(Grant(permitCount));
            }

            if (_queued + permitCount > _queueLimit)
            {
                _failed++;
                return ValueTask.FromResult<RateLimitLease>(Leases.Refused);
            }

            var waiter = new Waiter(permitCount);
            var node = _waiters.AddLast(waiter);
            _queued += permitCount;
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((RollingWindowRateLimiter)((object[])state!)[0]).Cancel((LinkedListNode<Waiter>)((object[])state!)[1], token), new object[] { this, node });
            }

            ArmTimer();
            return new ValueTask<RateLimitLease>(waiter.Completion.Task);
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            foreach (var waiter in _waiters)
            {
                waiter.Registration.Dispose();
                waiter.Completion.TrySetResult(Leases.Refused);
            }

            _waiters.Clear();
            _queued = 0;
        }

        base.Dispose(disposing);
    }

    private int Available => _permitLimit - _inUse - _returned.Count;

    private void Check(int permitCount)
    {
        if (permitCount < 1 || permitCount > _permitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"From 1 to the permit limit ({_permitLimit}).");
        }
    }

    private RateLimitLease Grant(int permitCount)
    {
        _inUse += permitCount;
        _successful++;
        return Leases.Granted(() => Return(permitCount));
    }

    private void Prune(DateTimeOffset now)
    {
        while (_returned.Count > 0 && _returned.Peek() + _window <= now)
        {
            _returned.Dequeue();
        }
    }

    /// <summary>A request's answer arrived: its permits are usable again one window from now.</summary>
    private void Return(int permitCount)
    {
        lock (_lock)
        {
            _inUse -= permitCount;
            var now = _time.GetUtcNow();
            for (var i = 0; i < permitCount; i++)
            {
                _returned.Enqueue(now);
            }

            Pump();
        }
    }

    /// <summary>Serves waiters, oldest first, while permits allow; keeps a timer for the next permit while any wait.</summary>
    private void Pump()
    {
        Prune(_time.GetUtcNow());
        while (_waiters.First is { } first && Available >= first.Value.PermitCount)
        {
            _waiters.RemoveFirst();
            _queued -= first.Value.PermitCount;
            first.Value.Registration.Dispose();
            if (!first.Value.Completion.TrySetResult(Grant(first.Value.PermitCount)))
            {
                _inUse -= first.Value.PermitCount; // cancelled meanwhile
                _successful--;
            }
        }

        ArmTimer();
    }

    private void ArmTimer()
    {
        _timer?.Dispose();
        _timer = null;
        if (_waiters.Count > 0 && _returned.Count > 0)
        {
            // The oldest returned permit is the next one back; an in-use permit is back when its answer arrives (Return pumps).
            var due = _returned.Peek() + _window - _time.GetUtcNow();
            _timer = _time.CreateTimer(static s => ((RollingWindowRateLimiter)s!).OnTimer(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// The timer's callback only queues the work: a clock may run callbacks while holding its own
    /// lock (FakeTimeProvider does), and this limiter creates and disposes timers while holding its
    /// lock, so taking it here could deadlock the two.
    /// </summary>
    private void OnTimer() =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static limiter =>
            {
                lock (limiter._lock)
                {
                    limiter.Pump();
                }
            },
            this,
            preferLocal: false);

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken token)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
            _queued -= node.Value.PermitCount;
        }

        node.Value.Completion.TrySetCanceled(token);
    }

    private sealed class Waiter(int permitCount)
    {
        public int PermitCount { get; } = permitCount;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
