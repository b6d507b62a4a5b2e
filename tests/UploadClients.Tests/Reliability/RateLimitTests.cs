using System.Diagnostics;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using UploadClients.Tests.Observability;

namespace UploadClients.Tests.Reliability;

/// <summary>OptimalDial's documented 60 write requests a minute per key, met by waiting on the client rather than by 429s.</summary>
public class Write_requests_meet_the_providers_rate_limit
{
    private static OptimalDialUploadRequest Upload(int i) => new() { File = TestCsv.File(100 + i, $"list-{i}.csv"), PhoneColumn = "phone" };

    [Fact]
    public async Task Two_hundred_concurrent_uploads_through_one_client_get_no_429_and_are_each_charged_once()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock); // the client's limit and the fake's are both the documented 60 a minute

        var all = Task.WhenAll(Enumerable.Range(0, 200).Select(i => host.OptimalDial.CreateUploadAsync(Upload(i))));
        var uploads = await clock.RunAsync(all, maxDelays: 10_000);

        Assert.Equal(0, host.Harness.OptimalDial.RateLimitedRequests);
        var sent = host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload);
        Assert.Equal(200, sent.Count);
        Assert.All(sent, e => Assert.Equal(200, e.ResponseStatus));
        Assert.Equal(Enumerable.Range(0, 200).Sum(i => 100 + i), host.Harness.OptimalDial.CreditsCharged);
        Assert.Equal(200, uploads.Select(u => u.Id).Distinct().Count());

        // 200 writes at 60 a minute: the last ones wait three windows, on the clock (no one slept).
        Assert.True(clock.GetUtcNow() - clock.Start >= TimeSpan.FromMinutes(3), $"only {clock.GetUtcNow() - clock.Start} passed");
        var times = sent.Select(e => e.ReceivedAt).Order().ToList();
        for (var i = 60; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 60] >= TimeSpan.FromMinutes(1), $"writes {i - 60} and {i} arrived {times[i] - times[i - 60]} apart");
        }
    }

    [Fact]
    public async Task Reads_are_never_limited()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 1, Window = TimeSpan.FromHours(1) });
        var created = await host.OptimalDial.CreateUploadAsync(Upload(0));

        // Not driven by the clock: a read waiting for a permit would wait an hour, so the test bounds it and fails instead.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.OptimalDial.GetUploadAsync(created.Id))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(clock.Delays);
        Assert.Equal(20, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task A_full_queue_refuses_the_request_at_once_and_sends_nothing()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 1, Window = TimeSpan.FromMinutes(1), QueueLimit = 1 });
        await host.OptimalDial.CreateUploadAsync(Upload(0));
        var waiting = host.OptimalDial.CreateUploadAsync(Upload(1)); // queued: the one permit is in its window

        var ex = await Assert.ThrowsAsync<UploadRateLimitRejectedException>(() => host.OptimalDial.CreateUploadAsync(Upload(2)));

        Assert.Equal("OptimalDial", ex.Provider);
        Assert.Contains("QueueLimit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        await clock.RunAsync(waiting);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal([TimeSpan.FromMinutes(1)], clock.Delays);
    }

    [Fact]
    public async Task Switched_off_the_providers_429s_are_waited_out_and_none_reaches_the_caller()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.WriteRateLimit.Enabled = false);

        var uploads = await clock.RunAsync(Task.WhenAll(Enumerable.Range(0, 70).Select(i => host.OptimalDial.CreateUploadAsync(Upload(i)))), maxDelays: 10_000);

        Assert.Equal(70, uploads.Length);
        // The 61st arrives before the clock moves (only a 429's Retry-After moves it): at least one 429.
        Assert.True(host.Harness.OptimalDial.RateLimitedRequests > 0);
        Assert.Equal(Enumerable.Range(0, 70).Sum(i => 100 + i), host.Harness.OptimalDial.CreditsCharged); // a 429 charged nothing; each file once
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(60, -1)]
    public void Invalid_limits_are_refused_naming_the_setting(int permits, int seconds)
    {
        var options = new OptimalDialOptions { ApiKey = "od_live_x", WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = permits, Window = TimeSpan.FromSeconds(seconds) } };

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new OptimalDialClient(options));

        Assert.Contains("UploadClients:OptimalDial:WriteRateLimit", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>A wait for a permit shows in the log, on the span and in a metric.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public class Waiting_for_a_write_permit_is_visible
{
    [Fact]
    public async Task As_a_log_line_a_span_event_and_a_metric()
    {
        using var telemetry = new TelemetryRecorder();
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 1, Window = TimeSpan.FromMinutes(1) });
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });

        await clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(120), PhoneColumn = "phone" }));

        Assert.Single(host.Logs.Lines, line => line.Contains("waiting for a write permit", StringComparison.Ordinal));
        var spans = telemetry.Spans.Where(s => s.DisplayName == "OptimalDial.CreateUpload").ToList();
        Assert.Equal(2, spans.Count);
        Assert.Single(spans, s => s.Events.Any(e => e.Name == "uploadclients.rate_limit.wait"));
        var wait = Assert.Single(telemetry.Measurements, m => m.Instrument == "uploadclients.rate_limit.wait");
        Assert.Equal(60, wait.Value);
    }
}
