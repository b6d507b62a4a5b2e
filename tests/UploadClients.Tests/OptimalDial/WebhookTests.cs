using System.Net;
using System.Text;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

/// <summary>The fake's deliveries carry every header of the webhooks guide's "Headers we send" table, in its documented form.</summary>
public class A_fake_webhook_delivery
{
    /// <summary>The table's rows: header and example (docs.optimaldial.com/guides/webhooks, as the fixture keeps them).</summary>
    private static List<(string Header, string Example)> Documented() =>
        [.. UploadClients.Tests.Contract.Fixture.Text("optimaldial/webhooks.headers-we-send.txt").Split('\n')
            .Skip(2)
            .Where(line => line.Contains('|', StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(cells => (cells[0], cells[1]))];

    private sealed class Recorder : HttpMessageHandler
    {
        public HttpRequestMessage? Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task Carries_every_header_of_the_guides_table_in_its_documented_form()
    {
        using var harness = UploadClientsHarness.Start();
        var id = harness.OptimalDial.AddUpload("completed");
        var delivery = harness.OptimalDial.CreateWebhookEvent(OptimalDialWebhookEventTypes.UploadCompleted, id);
        var recorder = new Recorder();
        using var http = new HttpClient(recorder);

        using var response = await OptimalDialWebhookSender.SendAsync(http, new Uri("https://receiver.example.com/hooks"), delivery);

        var table = Documented();
        Assert.Equal(8, table.Count);
        foreach (var (header, example) in table)
        {
            var sent = recorder.Sent!.Headers.TryGetValues(header, out var values) ? string.Join(",", values)
                : recorder.Sent.Content!.Headers.TryGetValues(header, out var content) ? string.Join(",", content)
                : null;
            Assert.True(sent is not null, $"the delivery has no {header} (the guide's table lists it)");
            switch (header)
            {
                case "X-OptimalDial-Signature":
                    Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", sent); // the example's form: t=1714000000,v1=2c9a…7b8
                    break;
                case "X-OptimalDial-Timestamp":
                    Assert.Matches("^[0-9]{10}$", sent); // unix seconds, as 1714000000
                    break;
                case "X-OptimalDial-Event-Id":
                    Assert.StartsWith("evt_", sent, StringComparison.Ordinal); // evt_a1b2c3d4…
                    break;
                case "X-OptimalDial-Delivery-Id":
                    Assert.True(Guid.TryParse(sent, out _), $"{header}: {sent} (the guide's example, b8e1c2a3-…, is a UUID)");
                    break;
                default:
                    Assert.Equal(example, sent); // a whole example is the value: Content-Type, User-Agent, the event, the first attempt
                    break;
            }
        }

        // Before: no User-Agent, and a delivery id "dlv_1" where the guide shows a UUID.
    }
}

public class Webhook_deliveries_are_verified_before_they_are_trusted
{
    [Fact]
    public void A_correctly_signed_upload_completed_event_is_accepted_and_typed()
    {
        var clock = new TestClock();
        using var harness = UploadClientsHarness.Start(new HarnessOptions { TimeProvider = clock });
        var id = harness.OptimalDial.AddUpload("completed");
        harness.OptimalDial.UploadJson(id);
        var delivery = harness.OptimalDial.CreateWebhookEvent(OptimalDialWebhookEventTypes.UploadCompleted, id);
        var verifier = new OptimalDialWebhookVerifier(harness.OptimalDial.Webhooks.Secret, clock);

        var evt = verifier.Verify(delivery.Body, delivery.Signature);

        Assert.Equal(OptimalDialWebhookEventTypes.UploadCompleted, evt.Type);
        Assert.StartsWith("evt_", evt.Id);
        Assert.Equal(delivery.Headers[OptimalDialWebhookHeaders.EventId], evt.Id);
        Assert.Equal(OptimalDialWebhookSender.ApiVersion, evt.ApiVersion);
        Assert.Equal(clock.GetUtcNow(), evt.CreatedAt);
        Assert.Equal(id, evt.Data.Upload!.Id);
        Assert.Equal(OptimalDialUploadStatus.Completed, evt.Data.Upload.Status);
        var processed = evt.Data.GetDownloadUrl(OptimalDialFileKind.ProcessedFiltered)!;
        Assert.Contains("/processed-filtered.csv?", processed.OriginalString);
        Assert.Contains("/processed.csv?", evt.Data.GetDownloadUrl(OptimalDialFileKind.Processed)!.OriginalString);
    }

    [Theory]
    [InlineData(OptimalDialWebhookEventTypes.UploadCreated)]
    [InlineData(OptimalDialWebhookEventTypes.UploadFailed)]
    public void Other_upload_events_parse(string type)
    {
        using var harness = UploadClientsHarness.Start();
        var id = harness.OptimalDial.AddUpload("failed");
        var delivery = harness.OptimalDial.CreateWebhookEvent(type, id);

        var evt = new OptimalDialWebhookVerifier(harness.OptimalDial.Webhooks.Secret).Verify(delivery.Body, delivery.Signature);

        Assert.Equal(type, evt.Type);
        Assert.Equal(type == OptimalDialWebhookEventTypes.UploadFailed ? "Processing failed (harness)" : null, evt.Data.ErrorMessage);
        Assert.Null(evt.Data.Upload!.Downloads);
        Assert.Null(evt.Data.GetDownloadUrl(OptimalDialFileKind.Processed));
        Assert.Equal(type == OptimalDialWebhookEventTypes.UploadCreated ? 150 : null, evt.Data.Upload.TotalRows);
    }

    [Fact]
    public void A_ping_carries_its_challenge()
    {
        var sender = new OptimalDialWebhookSender();
        var delivery = sender.CreateDelivery(OptimalDialWebhookEventTypes.WebhookPing, new System.Text.Json.Nodes.JsonObject { ["challenge"] = "abc123" });

        var evt = new OptimalDialWebhookVerifier(sender.Secret).Verify(delivery.Body, delivery.Signature);

        Assert.Equal("abc123", evt.Data.Challenge);
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var sender = new OptimalDialWebhookSender();
        var delivery = sender.CreateDelivery(OptimalDialWebhookEventTypes.WebhookPing, new System.Text.Json.Nodes.JsonObject { ["challenge"] = "abc" });
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body).Replace("abc", "abd", StringComparison.Ordinal));

        var ex = Assert.Throws<OptimalDialWebhookSignatureException>(() => new OptimalDialWebhookVerifier(sender.Secret).Verify(tampered, delivery.Signature));

        Assert.Equal(OptimalDialWebhookFailure.SignatureMismatch, ex.Reason);
    }

    [Fact]
    public void A_wrong_secret_is_refused_without_showing_either_secret()
    {
        var sender = new OptimalDialWebhookSender();
        var delivery = sender.CreateDelivery(OptimalDialWebhookEventTypes.WebhookPing, []);
        var other = new OptimalDialWebhookSender().Secret;

        var ex = Assert.Throws<OptimalDialWebhookSignatureException>(() => new OptimalDialWebhookVerifier(other).Verify(delivery.Body, delivery.Signature));

        Assert.Equal(OptimalDialWebhookFailure.SignatureMismatch, ex.Reason);
        Assert.DoesNotContain(sender.Secret, ex.ToString());
        Assert.DoesNotContain(other, ex.ToString());
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    public void The_timestamp_must_be_within_five_minutes(int offsetSeconds, bool accepted)
    {
        var clock = new TestClock();
        var sender = new OptimalDialWebhookSender(timeProvider: clock);
        var delivery = sender.CreateDelivery(OptimalDialWebhookEventTypes.WebhookPing, [], clock.GetUtcNow().AddSeconds(offsetSeconds));
        var verifier = new OptimalDialWebhookVerifier(sender.Secret, clock);

        if (accepted)
        {
            Assert.Equal(OptimalDialWebhookEventTypes.WebhookPing, verifier.Verify(delivery.Body, delivery.Signature).Type);
        }
        else
        {
            Assert.Equal(OptimalDialWebhookFailure.TimestampOutsideTolerance, Assert.Throws<OptimalDialWebhookSignatureException>(() => verifier.Verify(delivery.Body, delivery.Signature)).Reason);
        }
    }

    [Fact]
    public void Any_of_several_v1_signatures_may_match_as_during_secret_rotation()
    {
        var sender = new OptimalDialWebhookSender();
        var delivery = sender.CreateDelivery(OptimalDialWebhookEventTypes.WebhookPing, []);
        var oldSignature = sender.Sign(delivery.Body, secret: new OptimalDialWebhookSender().Secret).Split(",v1=")[1];
        var header = delivery.Signature + ",v1=" + oldSignature + ",v0=ignored";

        Assert.Equal(OptimalDialWebhookEventTypes.WebhookPing, new OptimalDialWebhookVerifier(sender.Secret).Verify(delivery.Body, header).Type);
        var reversed = "v1=" + oldSignature + "," + delivery.Signature;
        Assert.Equal(OptimalDialWebhookEventTypes.WebhookPing, new OptimalDialWebhookVerifier(sender.Secret).Verify(delivery.Body, reversed).Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=notanumber,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1700000000")]
    [InlineData("t=1700000000,v1=xyz")]
    [InlineData("t=1,t=2,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    [InlineData("t=99999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=253402300800,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=9223372036854775807,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_header_is_its_own_failure(string header)
    {
        var ex = Assert.Throws<OptimalDialWebhookSignatureException>(() => new OptimalDialWebhookVerifier("secret").Verify("{}"u8, header));
        Assert.Equal(OptimalDialWebhookFailure.MalformedHeader, ex.Reason);
    }

    [Fact]
    public void A_signed_body_that_is_not_an_event_is_a_payload_failure()
    {
        var sender = new OptimalDialWebhookSender();
        var body = "[1,2,3]"u8.ToArray();

        var ex = Assert.Throws<OptimalDialWebhookSignatureException>(() => new OptimalDialWebhookVerifier(sender.Secret).Verify(body, sender.Sign(body)));

        Assert.Equal(OptimalDialWebhookFailure.MalformedPayload, ex.Reason);
    }

    [Fact]
    public async Task End_to_end_over_HTTP_with_a_listener_on_loopback()
    {
        using var harness = UploadClientsHarness.Start();
        var id = harness.OptimalDial.AddUpload("completed");
        var delivery = harness.OptimalDial.CreateWebhookEvent(OptimalDialWebhookEventTypes.UploadCompleted, id);
        var verifier = new OptimalDialWebhookVerifier(harness.OptimalDial.Webhooks.Secret);
        var port = System.Net.Sockets.TcpListener.Create(0) is var probe ? StartAndStop(probe) : 0;
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hooks/");
        listener.Start();

        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            try
            {
                var evt = verifier.Verify(body.ToArray(), context.Request.Headers[OptimalDialWebhookHeaders.Signature] ?? string.Empty);
                context.Response.StatusCode = 200;
                return evt;
            }
            finally
            {
                context.Response.Close();
            }
        });
        using var http = new HttpClient();
        using var response = await OptimalDialWebhookSender.SendAsync(http, new Uri($"http://127.0.0.1:{port}/hooks/"), delivery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, (await received).Data.Upload!.Id);
    }

    private static int StartAndStop(System.Net.Sockets.TcpListener listener)
    {
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
