using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

public class Waiting_polls_until_the_upload_settles
{
    [Fact]
    public async Task Every_documented_field_is_read()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("completed");

        var upload = await host.OptimalDial.GetUploadAsync(id);

        Assert.Equal(id, upload.Id);
        Assert.NotEqual(Guid.Empty, upload.UserId);
        Assert.Equal("seeded.csv", upload.OriginalFilename);
        Assert.Equal($"uploads/{id}/original.csv", upload.StoragePath);
        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.NotEqual(default, upload.CreatedAt);
        Assert.NotEqual(default, upload.UpdatedAt);
        Assert.NotNull(upload.OrganizationId);
        Assert.Equal(1234, upload.FileSizeBytes);
        Assert.Equal(150, upload.ValidRowCount);
        Assert.Equal(0, upload.InvalidRowCount);
        Assert.Equal(150, upload.CreditsRequired);
        Assert.Equal(150, upload.CreditsCharged);
        Assert.Equal(0, upload.CreditsRefunded);
        Assert.Equal(OptimalDialUploadSource.Api, upload.Source);
        Assert.NotNull(upload.ApiKeyId);
        Assert.False(upload.SkipMobileLookup);
        Assert.Equal($"uploads/{id}/processed.csv", upload.ProcessedStoragePath);
        Assert.Equal($"uploads/{id}/processed-filtered.csv", upload.ProcessedFilteredStoragePath);
        Assert.Null(upload.ErrorMessage);
        Assert.False(upload.ExceededDailyLimit);
        Assert.True(upload.IsTerminal);
    }

    [Fact]
    public async Task A_poll_refused_with_Retry_After_waits_that_long_before_the_next_poll()
    {
        // No pipeline retries, so the poller itself meets the 503 and its Retry-After.
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.Retry.MaxRetries = 0);
        var id = host.Harness.OptimalDial.AddUpload("processing", "completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503, retryAfter: TimeSpan.FromSeconds(97)));

        var upload = await clock.RunAsync(host.OptimalDial.WaitForUploadAsync(id));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal(TimeSpan.FromSeconds(97), clock.Delays[0]);
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    public static TheoryData<string, OptimalDialUploadStatus> EndingStatuses => new()
    {
        { "completed", OptimalDialUploadStatus.Completed },
        { "failed", OptimalDialUploadStatus.Failed },
        { "cancelled", OptimalDialUploadStatus.Cancelled },
        { "validation_failed", OptimalDialUploadStatus.ValidationFailed },
        { "awaiting_confirmation", OptimalDialUploadStatus.AwaitingConfirmation },
    };

    [Theory]
    [MemberData(nameof(EndingStatuses))]
    public async Task The_wait_ends_at_each_terminal_status_and_at_awaiting_confirmation(string final, OptimalDialUploadStatus expected)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("validating", "ready_for_processing", "processing", final, "completed");

        var upload = await clock.RunAsync(host.OptimalDial.WaitForUploadAsync(id));

        Assert.Equal(expected, upload.Status);
        Assert.Equal(4, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Upload_and_wait_goes_from_processing_to_completed_after_scripted_polls()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.OptimalDial.StatusScript = ["validating", "processing", "processing", "processing", "completed"];

        var upload = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(4, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
        double[] steps = [1, 2, 4, 8];
        for (var i = 0; i < steps.Length; i++)
        {
            // Jitter draws each delay from the upper half of its step.
            Assert.InRange(clock.Delays[i].TotalSeconds, steps[i] / 2, steps[i]);
        }
    }

    [Fact]
    public async Task An_unknown_status_keeps_the_wait_going()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing", "brand_new_state", "brand_new_state", "completed");

        var upload = await clock.RunAsync(host.OptimalDial.WaitForUploadAsync(id));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal(4, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Transient_poll_failures_do_not_end_the_wait()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, o => o.OptimalDial.Retry.MaxRetries = 0);
        var id = host.Harness.OptimalDial.AddUpload("processing", "processing", "completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.DropConnection());

        var upload = await clock.RunAsync(host.OptimalDial.WaitForUploadAsync(id));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal(5, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
        Assert.Equal(2, host.Harness.Journal.For(HarnessEndpoint.OptimalDialGetUpload).Count(e => e.Fault is not null));
    }

    [Fact]
    public async Task The_timeout_carries_the_last_upload_seen()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(30) };

        var ex = await Assert.ThrowsAsync<UploadPollingTimeoutException<OptimalDialUpload>>(() => clock.RunAsync(host.OptimalDial.WaitForUploadAsync(id, polling)));

        var last = Assert.IsType<OptimalDialUpload>(ex.LastState);
        Assert.Equal(id, last.Id);
        Assert.Equal(OptimalDialUploadStatus.Processing, last.Status);
        Assert.Contains(id.ToString(), ex.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_with_no_further_request()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        using var cts = new CancellationTokenSource();

        var wait = host.OptimalDial.WaitForUploadAsync(id, cancellationToken: cts.Token);
        await clock.NextDelayAsync();
        await cts.CancelAsync();
        clock.Advance(TimeSpan.FromMinutes(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }
}
