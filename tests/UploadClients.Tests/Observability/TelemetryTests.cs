using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using UploadClients.Tests.Reliability;

namespace UploadClients.Tests.Observability;

/// <summary>Activity and meter listeners are process-wide: these tests run alone.</summary>
[CollectionDefinition(nameof(TelemetryRunsAlone), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

/// <summary>Collects every UploadClients span and measurement while it lives.</summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryRecorder()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == UploadClientsDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == UploadClientsDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => Measurements.Add((i.Name, value, tags.ToArray())));
        _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => Measurements.Add((i.Name, value, tags.ToArray())));
        _meters.Start();
    }

    public ConcurrentBag<Activity> Spans { get; } = [];

    public ConcurrentBag<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Measurements { get; } = [];

    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value?.ToString(), t.Value)))).Sum(m => m.Value);

    public IEnumerable<string> AllTagText() =>
        Spans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}"))
            .Concat(Measurements.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}")));

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}

[Collection(nameof(TelemetryRunsAlone))]
public class Spans_and_metrics_describe_each_upload_and_wait
{
    [Fact]
    public async Task An_OptimalDial_upload_with_a_retried_poll()
    {
        using var telemetry = new TelemetryRecorder();
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.OptimalDial.StatusScript = ["validating", "processing", "completed"];
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503));
        var csv = TestCsv.Contacts(150);

        var upload = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(csv, "c.csv"), PhoneColumn = "phone" }));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        var create = Assert.Single(telemetry.Spans, s => s.DisplayName == "OptimalDial.CreateUpload");
        Assert.Equal(ActivityKind.Client, create.Kind);
        Assert.Equal("OptimalDial", create.GetTagItem("uploadclients.provider"));
        Assert.Equal("CreateUpload", create.GetTagItem("uploadclients.operation"));
        Assert.Equal(200, create.GetTagItem("http.response.status_code"));
        var wait = Assert.Single(telemetry.Spans, s => s.DisplayName == "OptimalDial.Wait");
        Assert.Equal("completed", wait.GetTagItem("uploadclients.status")); // the provider's own spelling
        var polls = telemetry.Spans.Where(s => s.DisplayName == "OptimalDial.GetUpload").ToList();
        Assert.Equal(2, polls.Count);
        Assert.All(polls, p => Assert.Equal(wait.SpanId, p.ParentSpanId));

        Assert.Equal(1, telemetry.Sum("uploadclients.uploads", ("uploadclients.provider", "OptimalDial"), ("uploadclients.outcome", "success")));
        Assert.Equal(csv.Length, telemetry.Sum("uploadclients.bytes_sent", ("uploadclients.provider", "OptimalDial")));
        Assert.Equal(1, telemetry.Sum("uploadclients.retries", ("uploadclients.provider", "OptimalDial"), ("http.request.method", "GET")));
        Assert.Equal(2, telemetry.Sum("uploadclients.polls", ("uploadclients.provider", "OptimalDial")));
        var terminal = Assert.Single(telemetry.Measurements, m => m.Instrument == "uploadclients.time_to_terminal");
        Assert.Contains(terminal.Tags, t => t.Key == "uploadclients.status" && (string?)t.Value == "completed");
        Assert.True(terminal.Value > 0);
    }

    [Fact]
    public async Task A_failed_call_is_an_error_span_and_a_failed_upload_is_counted_as_such()
    {
        using var telemetry = new TelemetryRecorder();
        using var host = TestHost.Start();
        host.Harness.OptimalDial.CreditBalance = 0;

        await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        var span = Assert.Single(telemetry.Spans, s => s.DisplayName == "OptimalDial.CreateUpload");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("402", span.GetTagItem("error.type"));
        Assert.Equal(1, telemetry.Sum("uploadclients.uploads", ("uploadclients.outcome", "error")));
        Assert.Contains(host.Logs.Lines, l => l.Contains("answered 402", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Talkdesk_PUT_has_its_own_span_and_status_changes_are_logged()
    {
        using var telemetry = new TelemetryRecorder();
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var file = TestCsv.File(10);

        await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = file }));

        var put = Assert.Single(telemetry.Spans, s => s.DisplayName == "Talkdesk.UploadToSignedUrl");
        Assert.Equal(200, put.GetTagItem("http.response.status_code"));
        Assert.Equal((double)file.Length!.Value, telemetry.Sum("uploadclients.bytes_sent", ("uploadclients.provider", "Talkdesk")));
        Assert.Contains(host.Logs.Lines, l => l.Contains("is now VALIDATION_STARTED (was UPLOADED)", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("ended ACCEPTED", StringComparison.Ordinal));
    }
}

[Collection(nameof(TelemetryRunsAlone))]
public class No_span_tag_metric_tag_or_log_line_carries_a_secret
{
    [Fact]
    public async Task Across_OAuth_a_refresh_a_callback_header_faults_and_errors()
    {
        using var telemetry = new TelemetryRecorder();
        var clock = new TestClock();
        using var host = TestHost.Start(clock, talkdeskOAuth: true);
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        await host.Talkdesk.GetRecordListAsync(listId);
        host.Harness.Talkdesk.RevokeIssuedTokens();
        clock.Advance(TimeSpan.FromSeconds(10));
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.Status(503, "<Error><Code>SlowDown</Code></Error>"));
        await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest
        {
            File = TestCsv.File(10),
            CallbackAction = new TalkdeskCallbackAction
            {
                Endpoint = new Uri("https://cb.example/x"),
                Method = "POST",
                Headers = new Dictionary<string, string> { ["x-api-key"] = "hunter2-callback-secret" },
            },
        }));
        var id = host.Harness.OptimalDial.AddUpload("completed");
        using var sink = new MemoryStream();
        await host.OptimalDial.DownloadAsync(id, OptimalDialFileKind.Processed, sink);
        var error = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.NotEmpty(telemetry.Spans);
        Assert.NotEmpty(telemetry.Measurements);
        SecretScan.AssertClean(host, error, [.. telemetry.AllTagText()]);
    }
}
