using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

public class A_per_call_PollingOptions_overrides_only_what_its_caller_set
{
    [Fact]
    public async Task A_call_that_sets_only_Progress_keeps_the_configured_timeout_and_delays()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(5) });
        var stuck = host.Harness.OptimalDial.AddUpload("validating");
        var seen = new List<OptimalDialUpload>();
        var started = clock.GetUtcNow();

        await Assert.ThrowsAsync<UploadPollingTimeoutException<OptimalDialUpload>>(() =>
            clock.RunAsync(host.OptimalDial.WaitForUploadAsync(stuck, new PollingOptions<OptimalDialUpload> { Progress = new Reports<OptimalDialUpload>(seen.Add) })));

        // The configured 5 s, at 1 s apart (the defaults would have been 30 minutes, 1 s doubling to 30 s).
        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.InRange(host.Harness.OptimalDial.PollCount(stuck), 5, 11); // 0.5 to 1 s apart (jitter in the upper half)
        Assert.All(clock.Delays, d => Assert.True(d <= TimeSpan.FromSeconds(1), d.ToString()));
        Assert.InRange(seen.Count, 4, host.Harness.OptimalDial.PollCount(stuck)); // the caller's Progress was served
    }

    [Fact]
    public void WithProgress_keeps_what_is_unset_unset_so_the_configured_values_win()
    {
        var configured = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromHours(2) };
        var perCall = new PollingOptions().WithProgress(new Reports<OptimalDialUpload>(_ => { }));

        var merged = PollingOptions.Resolve(perCall, configured);

        // Before: the copy took the getters' defaults (1 s, 30 min) as if the caller had set them.
        Assert.Equal((TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(2)), (merged.InitialDelay, merged.Timeout));
        Assert.Equal(TimeSpan.FromSeconds(30), merged.MaxDelay); // set nowhere: the default
        var set = new PollingOptions { MaxDelay = TimeSpan.FromSeconds(9) }.WithProgress(new Reports<OptimalDialUpload>(_ => { }));
        Assert.Equal(TimeSpan.FromSeconds(9), PollingOptions.Resolve(set, configured).MaxDelay); // what the caller set is kept
    }

    [Fact]
    public void Each_setting_comes_from_the_call_when_it_set_it_and_from_configuration_otherwise()
    {
        var configured = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(20), Timeout = TimeSpan.FromMinutes(3), NotFoundGrace = TimeSpan.FromSeconds(7) };
        var progress = new Reports<OrbitSearchSource>(_ => { });

        var merged = PollingOptions.Resolve(new PollingOptions<OrbitSearchSource> { MaxDelay = TimeSpan.FromSeconds(5), Progress = progress }, configured);
        var unset = PollingOptions.Resolve(new PollingOptions(), new PollingOptions());

        var typed = Assert.IsType<PollingOptions<OrbitSearchSource>>(merged);
        Assert.Same(progress, typed.Progress);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(7)), (merged.InitialDelay, merged.MaxDelay, merged.Timeout, merged.NotFoundGrace));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30)), (unset.InitialDelay, unset.MaxDelay, unset.Timeout));
        Assert.Same(configured, PollingOptions.Resolve(null, configured));
    }

    private sealed class Reports<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
