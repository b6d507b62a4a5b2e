using System.Text.Json;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>OptimalDial's documented webhook endpoint examples (endpoints/webhooks/*), answered to the client through the harness, parse with their values.</summary>
public class OptimalDial_documented_webhook_endpoint_responses_parse_with_their_values
{
    private static readonly Guid ExampleId = Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a");
    private static readonly DateTimeOffset ExampleTime = new(2023, 11, 7, 5, 31, 56, TimeSpan.Zero);

    [Fact]
    public async Task The_create_answer_gives_the_endpoint_and_its_secret()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateWebhook, HarnessFault.Status(201, Fixture.Text("optimaldial/create-a-webhook-endpoint.response.json")));

        var created = await host.OptimalDialWebhooks.CreateAsync(new Uri("https://hooks.example.com/optimaldial"), "CRM sync");

        AssertExampleEndpoint(created.Endpoint);
        Assert.Equal("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", created.Secret);
        Assert.DoesNotContain(created.Secret, created.ToString(), StringComparison.Ordinal);
        Assert.Contains("Secret = ***", created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_answer_is_a_JSON_array_of_endpoints()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhooks, HarnessFault.Status(200, Fixture.Text("optimaldial/list-webhook-endpoints.response.json")));

        var endpoints = await host.OptimalDialWebhooks.ListAsync();

        AssertExampleEndpoint(Assert.Single(endpoints));
    }

    [Theory]
    [InlineData(HarnessEndpoint.OptimalDialGetWebhook)]
    [InlineData(HarnessEndpoint.OptimalDialUpdateWebhook)]
    public async Task The_WebhookEndpoint_object_of_get_and_update(string endpoint)
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(endpoint, HarnessFault.Status(200, Fixture.Text("optimaldial/update-a-webhook-endpoint.response.json")));

        var read = endpoint == HarnessEndpoint.OptimalDialGetWebhook
            ? await host.OptimalDialWebhooks.GetAsync(ExampleId)
            : await host.OptimalDialWebhooks.UpdateAsync(ExampleId, new OptimalDialWebhookEndpointUpdate { IsActive = true });

        AssertExampleEndpoint(read);
    }

    [Fact]
    public async Task The_deliveries_answer()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhookDeliveries, HarnessFault.Status(200, Fixture.Text("optimaldial/list-recent-deliveries-for-a-webhook-endpoint.response.json")));

        var delivery = Assert.Single(await host.OptimalDialWebhooks.ListDeliveriesAsync(ExampleId));

        Assert.Equal(ExampleId, delivery.Id);
        Assert.Equal(ExampleId, delivery.WebhookEndpointId);
        Assert.Equal("3c90c3cc-0d44-4b50-8888-8dd25736052a", delivery.EventId);
        Assert.Equal("upload.completed", delivery.EventType);
        Assert.Equal(OptimalDialWebhookDeliveryStatus.Pending, delivery.Status);
        Assert.False(delivery.IsFinal);
        Assert.Equal(1, delivery.AttemptCount);
        Assert.Equal(ExampleTime, delivery.NextRetryAt);
        Assert.Equal(ExampleTime, delivery.CreatedAt);
        Assert.Equal(ExampleTime, delivery.LastAttemptAt);
        Assert.Equal(503, delivery.LastResponseStatus);
        Assert.Equal("Receiver answered 503", delivery.LastError);
        Assert.Equal(ExampleTime, delivery.DeliveredAt);
    }

    [Fact]
    public async Task An_event_id_in_the_evt_form_events_carry_and_an_unknown_status_are_kept_as_sent()
    {
        using var host = TestHost.Start();
        var body = Fixture.Text("optimaldial/list-recent-deliveries-for-a-webhook-endpoint.response.json")
            .Replace("\"event_id\": \"3c90c3cc-0d44-4b50-8888-8dd25736052a\"", "\"event_id\": \"evt_a1b2c3d4e5f67890abcdef12\"", StringComparison.Ordinal)
            .Replace("\"status\": \"pending\"", "\"status\": \"throttled\"", StringComparison.Ordinal);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhookDeliveries, HarnessFault.Status(200, body));

        var delivery = Assert.Single(await host.OptimalDialWebhooks.ListDeliveriesAsync(ExampleId));

        Assert.Equal("evt_a1b2c3d4e5f67890abcdef12", delivery.EventId);
        Assert.Equal("throttled", delivery.Status);
    }

    internal static void AssertExampleEndpoint(OptimalDialWebhookEndpoint endpoint)
    {
        Assert.Equal(ExampleId, endpoint.Id);
        Assert.Equal(ExampleId, endpoint.UserId);
        Assert.Equal(ExampleId, endpoint.OrganizationId);
        Assert.Equal(new Uri("https://hooks.example.com/optimaldial"), endpoint.Url);
        Assert.Equal(["upload.created"], endpoint.Events);
        Assert.True(endpoint.IsActive);
        Assert.Equal(1, endpoint.ConsecutiveFailures);
        Assert.Equal("CRM sync", endpoint.Description);
        Assert.Equal(ExampleTime, endpoint.CreatedAt);
        Assert.Equal(ExampleTime, endpoint.UpdatedAt);
        Assert.Equal(ExampleTime, endpoint.VerifiedAt);
        Assert.Equal(ExampleTime, endpoint.LastSuccessAt);
        Assert.Equal(ExampleTime, endpoint.LastFailureAt);
        Assert.Equal(ExampleTime, endpoint.DisabledAt);
    }
}

/// <summary>What the webhook endpoint client sends has the documented field names, types and values.</summary>
public class OptimalDial_webhook_endpoint_requests_match_the_documented_examples
{
    [Fact]
    public async Task The_create_body()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateWebhook, HarnessFault.Status(201, Fixture.Text("optimaldial/create-a-webhook-endpoint.response.json")));

        await host.OptimalDialWebhooks.CreateAsync(new Uri("https://hooks.example.com/optimaldial"), "CRM sync", ["upload.completed", "upload.failed"]);

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateWebhook));
        Assert.Equal("POST", sent.Method);
        Assert.StartsWith("application/json", sent.Header("Content-Type"));
        AssertSameJson(Fixture.Json("optimaldial/create-a-webhook-endpoint.request.json"), sent.Body);
    }

    [Fact]
    public async Task The_update_body_with_every_field()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialUpdateWebhook, HarnessFault.Status(200, Fixture.Text("optimaldial/update-a-webhook-endpoint.response.json")));

        await host.OptimalDialWebhooks.UpdateAsync(Guid.NewGuid(), new OptimalDialWebhookEndpointUpdate
        {
            Url = new Uri("https://hooks.example.com/optimaldial"),
            Description = "CRM sync",
            Events = ["upload.created"],
            IsActive = true,
        });

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialUpdateWebhook));
        Assert.Equal("PATCH", sent.Method);
        AssertSameJson(Fixture.Json("optimaldial/update-a-webhook-endpoint.request.json"), sent.Body);
    }

    [Fact]
    public async Task An_update_sends_only_what_was_set()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialUpdateWebhook, HarnessFault.Status(200, Fixture.Text("optimaldial/update-a-webhook-endpoint.response.json")));

        await host.OptimalDialWebhooks.UpdateAsync(Guid.NewGuid(), new OptimalDialWebhookEndpointUpdate { IsActive = false });

        Assert.Equal("{\"is_active\":false}", Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialUpdateWebhook)).BodyText());
    }

    [Fact]
    public async Task The_deliveries_limit_is_a_query_parameter()
    {
        using var host = TestHost.Start();
        var id = Guid.NewGuid();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhookDeliveries, HarnessFault.Status(200, "[]"));

        Assert.Empty(await host.OptimalDialWebhooks.ListDeliveriesAsync(id, limit: 100));

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialListWebhookDeliveries));
        Assert.Equal($"/api/v1/webhooks/{id}/deliveries", sent.Path);
        Assert.Equal("?limit=100", sent.Query);
    }

    /// <summary>The same members in the same order with the same values: the documented example, exactly.</summary>
    private static void AssertSameJson(JsonElement documented, byte[] sent)
    {
        using var body = JsonDocument.Parse(sent);
        Assert.Empty(JsonShape.Of(documented).Differences(JsonShape.Of(body.RootElement)));
        Assert.Equal(JsonSerializer.Serialize(documented), JsonSerializer.Serialize(body.RootElement));
    }
}
