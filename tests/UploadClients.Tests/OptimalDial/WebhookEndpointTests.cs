using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;
using UploadClients.Tests.Observability;
using UploadClients.Tests.Reliability;

namespace UploadClients.Tests.OptimalDial;

/// <summary>Webhook endpoints against the fake: registration with its ping, events delivered and listed, updates, removal.</summary>
public class OptimalDial_webhook_endpoints
{
    [Fact]
    public async Task Registering_pings_the_URL_with_an_event_signed_by_the_secret_returned_once()
    {
        using var host = TestHost.Start();

        var created = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl, "harness receiver");

        Assert.Matches("^[0-9a-f]{64}$", created.Secret);
        Assert.Equal(host.Harness.OptimalDial.WebhookReceiverUrl, created.Endpoint.Url);
        Assert.Equal([OptimalDialWebhookEventTypes.UploadCompleted, OptimalDialWebhookEventTypes.UploadFailed], created.Endpoint.Events);
        Assert.True(created.Endpoint.IsActive);
        Assert.NotNull(created.Endpoint.VerifiedAt);
        var ping = Assert.Single(host.Harness.OptimalDial.ReceivedWebhooks);
        var evt = new OptimalDialWebhookVerifier(created.Secret).Verify(ping.Body, ping.Signature);
        Assert.Equal(OptimalDialWebhookEventTypes.WebhookPing, evt.Type);
        Assert.NotNull(evt.Data.Challenge);
        Assert.Equivalent(created.Endpoint, await host.OptimalDialWebhooks.GetAsync(created.Endpoint.Id), strict: true);
        Assert.Equivalent(created.Endpoint, Assert.Single(await host.OptimalDialWebhooks.ListAsync()), strict: true);
    }

    [Fact]
    public async Task A_URL_that_does_not_answer_the_ping_with_a_2xx_is_refused_with_400_and_not_registered()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialWebhookReceiver, HarnessFault.Status(500));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("ping", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(ex.MayHaveTakenEffect);
        Assert.Empty(host.Harness.OptimalDial.WebhookEndpointIds);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateWebhook));
    }

    [Fact]
    public async Task A_URL_that_answers_too_late_is_refused_like_one_that_fails()
    {
        using var host = TestHost.Start();
        host.Harness.OptimalDial.WebhookTimeout = TimeSpan.FromMilliseconds(200);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialWebhookReceiver, HarnessFault.Delayed(TimeSpan.FromHours(1)));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("No answer within", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Harness.OptimalDial.WebhookEndpointIds);
    }

    [Theory]
    [InlineData("http://hooks.example.com/optimaldial", null, null)]
    [InlineData("ftp://hooks.example.com/optimaldial", null, null)]
    [InlineData("https://hooks.example.com/optimaldial", 501, null)]
    [InlineData("https://hooks.example.com/optimaldial", null, "")]
    [InlineData("https://hooks.example.com/optimaldial", null, "upload.completed,")]
    public async Task Create_refuses_what_OptimalDial_would_refuse_before_sending(string url, int? descriptionLength, string? events)
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<ArgumentException>(() => host.OptimalDialWebhooks.CreateAsync(
            new Uri(url),
            descriptionLength is { } n ? new string('d', n) : null,
            events?.Split(',')));

        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Uploads_raise_events_that_are_delivered_signed_and_listed_most_recent_first()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var created = await host.OptimalDialWebhooks.CreateAsync(
            host.Harness.OptimalDial.WebhookReceiverUrl,
            events: [OptimalDialWebhookEventTypes.UploadCreated, OptimalDialWebhookEventTypes.UploadCompleted]);

        var upload = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        var deliveries = await host.OptimalDialWebhooks.ListDeliveriesAsync(created.Endpoint.Id);
        Assert.Equal([OptimalDialWebhookEventTypes.UploadCompleted, OptimalDialWebhookEventTypes.UploadCreated], deliveries.Select(d => d.EventType));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(OptimalDialWebhookDeliveryStatus.Delivered, d.Status);
            Assert.True(d.IsFinal);
            Assert.Equal(1, d.AttemptCount);
            Assert.Equal(200, d.LastResponseStatus);
            Assert.Equal(created.Endpoint.Id, d.WebhookEndpointId);
            Assert.NotNull(d.DeliveredAt);
        });
        var verifier = new OptimalDialWebhookVerifier(created.Secret, clock);
        var events = host.Harness.OptimalDial.ReceivedWebhooks.Skip(1).Select(r => verifier.Verify(r.Body, r.Signature)).ToList();
        Assert.Equal([OptimalDialWebhookEventTypes.UploadCreated, OptimalDialWebhookEventTypes.UploadCompleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(upload.Id, e.Data.Upload!.Id));
        Assert.Single(await host.OptimalDialWebhooks.ListDeliveriesAsync(created.Endpoint.Id, limit: 1));
        Assert.NotNull((await host.OptimalDialWebhooks.GetAsync(created.Endpoint.Id)).LastSuccessAt);
    }

    [Fact]
    public async Task A_failed_delivery_is_listed_with_its_error_and_tried_again_after_the_documented_minute()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var created = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl, events: [OptimalDialWebhookEventTypes.UploadCreated]);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialWebhookReceiver, HarnessFault.Status(500));

        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });

        var failed = Assert.Single(await host.OptimalDialWebhooks.ListDeliveriesAsync(created.Endpoint.Id));
        Assert.Equal(OptimalDialWebhookDeliveryStatus.Pending, failed.Status);
        Assert.Equal(1, failed.AttemptCount);
        Assert.Equal(500, failed.LastResponseStatus);
        Assert.NotNull(failed.LastError);
        Assert.Equal(clock.GetUtcNow().AddMinutes(1), failed.NextRetryAt);
        Assert.Equal(1, (await host.OptimalDialWebhooks.GetAsync(created.Endpoint.Id)).ConsecutiveFailures);

        Assert.Equal(0, await host.Harness.OptimalDial.DeliverDueWebhooksAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await host.Harness.OptimalDial.DeliverDueWebhooksAsync());

        var delivered = Assert.Single(await host.OptimalDialWebhooks.ListDeliveriesAsync(created.Endpoint.Id));
        Assert.Equal(OptimalDialWebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.AttemptCount);
        Assert.Equal(0, (await host.OptimalDialWebhooks.GetAsync(created.Endpoint.Id)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Update_changes_only_what_was_set_and_pings_a_new_URL()
    {
        using var host = TestHost.Start();
        var created = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl, "before");
        var newUrl = new Uri(host.Harness.OptimalDial.WebhookReceiverUrl.AbsoluteUri + "-v2");

        var paused = await host.OptimalDialWebhooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate { IsActive = false });
        var moved = await host.OptimalDialWebhooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate { Url = newUrl });

        Assert.False(paused.IsActive);
        Assert.Equal("before", paused.Description);
        Assert.Equal(created.Endpoint.Events, paused.Events);
        Assert.Equal(newUrl, moved.Url);
        Assert.False(moved.IsActive);
        Assert.Equal(2, host.Harness.OptimalDial.ReceivedWebhooks.Count); // the registration ping, and the new URL's
        await Assert.ThrowsAsync<ArgumentException>(() => host.OptimalDialWebhooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate()));
        await Assert.ThrowsAsync<ArgumentException>(() => host.OptimalDialWebhooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate { Url = new Uri("http://hooks.example.com/") }));
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialUpdateWebhook));
        var missing = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.UpdateAsync(Guid.NewGuid(), new OptimalDialWebhookEndpointUpdate { IsActive = true }));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_update_answered_503_is_sent_again_with_the_same_body()
    {
        using var host = TestHost.Start();
        var created = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialUpdateWebhook, HarnessFault.Status(503).AfterTheFakeHandledIt());

        var updated = await host.OptimalDialWebhooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate { Description = "retried" });

        Assert.Equal("retried", updated.Description);
        var sent = host.Harness.Journal.For(HarnessEndpoint.OptimalDialUpdateWebhook);
        Assert.Equal(2, sent.Count);
        Assert.Single(sent.Select(e => e.BodyMd5Hex).Distinct());
    }

    [Fact]
    public async Task A_create_answered_503_is_sent_once_and_may_have_registered()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateWebhook, HarnessFault.Status(503).AfterTheFakeHandledIt(), times: 3);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl));

        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateWebhook));
        Assert.Single(host.Harness.OptimalDial.WebhookEndpointIds);
    }

    [Fact]
    public async Task Delete_removes_it_and_a_retry_that_finds_it_gone_counts_as_removed()
    {
        using var host = TestHost.Start();
        var first = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl);
        var second = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl);

        await host.OptimalDialWebhooks.DeleteAsync(first.Endpoint.Id);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialDeleteWebhook, HarnessFault.Status(503).AfterTheFakeHandledIt());
        await host.OptimalDialWebhooks.DeleteAsync(second.Endpoint.Id);

        Assert.Empty(host.Harness.OptimalDial.WebhookEndpointIds);
        Assert.Equal([204, 503, 404], host.Harness.Journal.For(HarnessEndpoint.OptimalDialDeleteWebhook).Select(e => e.ResponseStatus));
        var gone = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.GetAsync(first.Endpoint.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var never = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.DeleteAsync(first.Endpoint.Id));
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ListDeliveries_takes_a_limit_of_1_to_100(int limit)
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.OptimalDialWebhooks.ListDeliveriesAsync(Guid.NewGuid(), limit));

        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Without_DI_it_works_on_the_same_options_as_the_upload_client()
    {
        using var harness = UploadClientsHarness.Start();
        var webhooks = new OptimalDialWebhookEndpoints(harness.CreateOptimalDialOptions());

        var created = await webhooks.CreateAsync(harness.OptimalDial.WebhookReceiverUrl);

        Assert.Equal(created.Endpoint.Id, Assert.Single(await webhooks.ListAsync()).Id);
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new OptimalDialWebhookEndpoints(new OptimalDialOptions { ApiKey = "not-a-key" }));
    }

    [Fact]
    public void AddUploadClients_registers_one_shared_instance()
    {
        using var host = TestHost.Start();

        Assert.Same(host.OptimalDialWebhooks, host.Services.GetRequiredService<IOptimalDialWebhookEndpoints>());
        Assert.IsType<OptimalDialWebhookEndpoints>(host.OptimalDialWebhooks);
    }
}

/// <summary>A webhook secret never reaches a log line, a span or an exception, on any of the new operations.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public class OptimalDial_webhook_secrets_stay_out_of_sight
{
    [Fact]
    public async Task Across_every_operation_and_an_unreadable_create_answer()
    {
        using var telemetry = new TelemetryRecorder();
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var errors = new List<Exception>();

        var created = await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl, events: [OptimalDialWebhookEventTypes.UploadCreated]);
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });
        var texts = new List<string?>
        {
            created.ToString(),
            string.Join(", ", await host.OptimalDialWebhooks.ListAsync()),
            (await host.OptimalDialWebhooks.GetAsync(created.Endpoint.Id)).ToString(),
            (await host.OptimalDialWebhooks.UpdateAsync(created.Endpoint.Id, new OptimalDialWebhookEndpointUpdate { Description = "x" })).ToString(),
            string.Join(", ", await host.OptimalDialWebhooks.ListDeliveriesAsync(created.Endpoint.Id)),
        };

        // Answers the SDK cannot read, each holding a live secret: the create answer without its endpoint, and cut off.
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateWebhook, HarnessFault.MissingField("webhook"));
        errors.Add(await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl)));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateWebhook, HarnessFault.CutOffBody());
        errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl)));
        await host.OptimalDialWebhooks.DeleteAsync(created.Endpoint.Id);
        errors.Add(await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDialWebhooks.GetAsync(created.Endpoint.Id)));

        Assert.Equal(2, host.Harness.OptimalDial.WebhookEndpointIds.Count); // the two unreadable creates registered endpoints
        var spans = telemetry.Spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.StatusDescription ?? string.Empty).Concat(s.Events.Select(e => e.Name)));
        var unreadable = Assert.IsType<UploadUnexpectedResponseException>(errors[0]);
        Assert.Contains("not kept", unreadable.ResponseBody, StringComparison.Ordinal);
        string?[] seen = [.. texts, .. errors.Select(e => e.ToString()), .. errors.OfType<UploadUnexpectedResponseException>().Select(e => e.ResponseBody), .. errors.OfType<UploadApiException>().Select(e => e.ResponseBody), .. spans];
        SecretScan.AssertClean(host, null, seen); // the live endpoints' secrets, the API key, every credential sent
        Assert.All(seen.Concat(host.Logs.Lines), text => Assert.DoesNotContain(created.Secret, text ?? string.Empty, StringComparison.Ordinal)); // the deleted one's
        Assert.Contains(telemetry.Spans, s => s.DisplayName == "OptimalDial.CreateWebhookEndpoint");
    }
}
