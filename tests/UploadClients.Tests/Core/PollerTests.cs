using System.Net;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

public class Polling_backs_off_times_out_and_stops_on_cancellation
{
    private sealed record State(string Status);

    private static readonly PollingOptions Options = new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(8),
        Timeout = TimeSpan.FromMinutes(1),
    };

    private static Func<CancellationToken, Task<State>> Script(List<int> calls, params Func<State>[] steps) => _ =>
    {
        var i = calls.Count;
        calls.Add(i);
        return Task.FromResult(steps[Math.Min(i, steps.Length - 1)]());
    };

    [Fact]
    public async Task Delays_double_from_initial_to_max_with_jitter_in_the_upper_half()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var poller = new Poller(clock, () => 0.999999);
        var task = poller.PollAsync("thing", "id-1", Script(calls, Enumerable.Repeat<Func<State>>(() => new State("busy"), 7).Append(() => new State("done")).ToArray()), s => s.Status == "done", s => s.Status, Options, null, default);

        var result = await clock.RunAsync(task);

        Assert.Equal("done", result.Status);
        Assert.Equal(8, calls.Count);
        Assert.Equal([1, 2, 4, 8, 8, 8, 8], clock.Delays.Select(d => Math.Round(d.TotalSeconds)));

        var low = new Poller(clock, () => 0);
        Assert.Equal(TimeSpan.FromSeconds(0.5), low.NextDelay(0, Options));
        Assert.Equal(TimeSpan.FromSeconds(4), low.NextDelay(10, Options));
    }

    [Fact]
    public async Task Timeout_throws_with_the_last_state_seen()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var poller = new Poller(clock);
        var options = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(4), Timeout = TimeSpan.FromSeconds(20) };
        var task = poller.PollAsync("OptimalDial upload x", "id-1", Script(calls, () => new State("busy-" + calls.Count)), _ => false, s => s.Status, options, null, default);

        var ex = await Assert.ThrowsAsync<UploadPollingTimeoutException<State>>(() => clock.RunAsync(task));

        Assert.Equal(new State("busy-" + calls.Count), ex.LastState);
#pragma warning disable CS0618 // The untyped member forwards to the typed state.
        Assert.Same(ex.LastState, ex.LastObservedState);
#pragma warning restore CS0618
        Assert.IsAssignableFrom<UploadClientsException>(ex);
        Assert.Contains("OptimalDial upload x", ex.Message);
        Assert.Equal(TimeSpan.FromSeconds(20), clock.GetUtcNow() - clock.Start);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_at_once_without_another_read()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        using var cts = new CancellationTokenSource();
        var task = new Poller(clock).PollAsync("thing", "id-1", Script(calls, () => new State("busy")), _ => false, s => s.Status, Options, null, cts.Token);

        await clock.NextDelayAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Single(calls);
    }

    [Fact]
    public async Task A_transient_error_on_one_poll_does_not_end_the_wait_and_its_Retry_After_is_honoured()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var read = Script(
            calls,
            () => new State("busy"),
            () => throw new UploadApiException("P", HttpStatusCode.ServiceUnavailable, "down") { RetryAfter = TimeSpan.FromSeconds(42) },
            () => throw new HttpRequestException("reset"),
            () => new State("done"));
        var task = new Poller(clock, () => 1).PollAsync("thing", "id-1", read, s => s.Status == "done", s => s.Status, Options, null, default);

        var result = await clock.RunAsync(task);

        Assert.Equal("done", result.Status);
        Assert.Equal(4, calls.Count);
        Assert.Equal(TimeSpan.FromSeconds(42), clock.Delays[1]);
    }

    [Fact]
    public async Task A_non_transient_error_ends_the_wait()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var read = Script(calls, () => new State("busy"), () => throw new UploadApiException("P", HttpStatusCode.NotFound, "gone"));
        var task = new Poller(clock).PollAsync("thing", "id-1", read, _ => false, s => s.Status, Options, null, default);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(task));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task A_state_in_hand_is_not_read_again_before_the_first_delay()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var task = new Poller(clock).PollAsync("thing", "id-1", Script(calls, () => new State("done")), s => s.Status == "done", s => s.Status, Options, new State("busy"), default);

        await clock.NextDelayAsync();
        Assert.Empty(calls);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("done", (await task).Status);
    }

    [Fact]
    public async Task Typed_progress_sees_every_state_read_and_adds_no_read()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var seen = new List<State>();
        var options = Options.WithProgress(new SyncProgress<State>(seen.Add));
        var task = new Poller(clock).PollAsync("thing", "id-1", Script(calls, () => new State("a"), () => new State("b"), () => new State("done")), s => s.Status == "done", s => s.Status, options, null, default);

        await clock.RunAsync(task);

        Assert.Equal(3, calls.Count);
        Assert.Equal(["a", "b", "done"], seen.Select(s => s.Status));
        Assert.Equal(Options.Timeout, options.Timeout);
        Assert.Same(options.Progress, options.Clone().Progress);
    }

    [Fact]
    public async Task The_obsolete_untyped_progress_still_sees_every_state()
    {
        var clock = new TestClock();
        var calls = new List<int>();
        var seen = new List<object>();
        var options = Options.Clone();
#pragma warning disable CS0618 // The obsolete forward is what this test covers.
        options.Progress = new SyncObjectProgress(seen.Add);
#pragma warning restore CS0618
        var task = new Poller(clock).PollAsync("thing", "id-1", Script(calls, () => new State("a"), () => new State("done")), s => s.Status == "done", s => s.Status, options, null, default);

        await clock.RunAsync(task);

        Assert.Equal(["a", "done"], seen.Cast<State>().Select(s => s.Status));
    }

    [Fact]
    public async Task Progress_for_another_state_type_is_refused_before_any_read()
    {
        var calls = new List<int>();
        var options = Options.WithProgress(new SyncProgress<string>(_ => { }));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new Poller(TimeProvider.System).PollAsync("thing", "id-1", Script(calls, () => new State("done")), _ => true, s => s.Status, options, null, default));

        Assert.Contains("PollingOptions<State>", ex.Message);
        Assert.Empty(calls);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class SyncObjectProgress(Action<object> report) : IProgress<object>
    {
        public void Report(object value) => report(value);
    }

    [Fact]
    public async Task Invalid_options_are_refused_with_the_setting_named()
    {
        var bad = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) };
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new Poller(TimeProvider.System).PollAsync<State>("x", "id-1", _ => Task.FromResult(new State("a")), _ => true, s => s.Status, bad, null, default));
        Assert.Contains("MaxDelay", ex.Message);
    }
}
