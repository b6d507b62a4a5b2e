using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Server;

namespace UploadClients.Testing.OptimalDial;

/// <summary>
/// Webhook endpoints as OptimalDial documents them (api-reference/webhooks, endpoints/webhooks/*):
/// register (after a synchronous ping that must be answered 2xx), list (a JSON array), read,
/// update (a changed URL is pinged again), delete, and the deliveries of each endpoint, most recent
/// first. Events about uploads (upload.created when one is accepted, upload.completed and
/// upload.failed when a read moves it there) are delivered to every active endpoint subscribed to
/// them, signed with that endpoint's secret; a failed attempt is tried again after the documented
/// backoff (1m, 5m, 30m, 2h, 12h; 6 attempts in all) when <see cref="DeliverDueWebhooksAsync"/>
/// runs after the harness clock has passed it; 20 failures in a row disable the endpoint.
/// </summary>
/// <remarks>
/// Where the fake differs from OptimalDial, on purpose: an http URL on a loopback host is accepted
/// (OptimalDial takes https on public IPs only), so tests and the samples can receive on
/// 127.0.0.1. Assumed where OptimalDial is silent: DELETE answers 204; an invalid field is 422, a
/// URL that is not https or fails the ping 400; the deliveries' <c>event_id</c> is a UUID (as the
/// page prints it) whose first 24 hex digits are the event's <c>evt_…</c> id.
/// </remarks>
public sealed partial class OptimalDialFake
{
    private static readonly string[] KnownEventTypes = [OptimalDialWebhookEventTypeNames.UploadCreated, OptimalDialWebhookEventTypeNames.UploadCompleted, OptimalDialWebhookEventTypeNames.UploadFailed];

    /// <summary>The documented waits between delivery attempts.</summary>
    private static readonly TimeSpan[] RetryBackoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    /// <summary>The sender's own transport: no proxy, no redirects followed (as OptimalDial documents).</summary>
    private static readonly HttpClient Outbound = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    private readonly ConcurrentDictionary<Guid, FakeWebhookEndpoint> _endpoints = new();
    private readonly ConcurrentQueue<OptimalDialWebhookDelivery> _received = new();
    private readonly Lock _deliveriesLock = new();
    private readonly List<FakeDelivery> _deliveries = [];

    /// <summary>How long a receiver has to answer a ping or a delivery (OptimalDial documents 5 seconds for the ping). Real time, not the harness clock.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed deliveries in a row after which an endpoint is disabled (OptimalDial documents 20).</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 20;

    /// <summary>
    /// A receiver the harness itself serves (it answers 200 and keeps what it got in
    /// <see cref="ReceivedWebhooks"/>): register it to test without a receiver of your own. Inject
    /// faults into <see cref="HarnessEndpoint.OptimalDialWebhookReceiver"/> to make it fail.
    /// </summary>
    public Uri WebhookReceiverUrl => new(_baseAddress, "hooks/optimaldial/receiver");

    /// <summary>What the harness's own receiver got, pings included, in order.</summary>
    public IReadOnlyList<OptimalDialWebhookDelivery> ReceivedWebhooks => [.. _received];

    /// <summary>The registered webhook endpoints.</summary>
    public IReadOnlyCollection<Guid> WebhookEndpointIds => [.. _endpoints.Keys];

    /// <summary>The signing secret of a registered endpoint (the fake's copy of what it returned once).</summary>
    /// <param name="webhookId">The endpoint.</param>
    /// <returns>The secret, or <see langword="null"/>.</returns>
    public string? WebhookSecret(Guid webhookId) => _endpoints.TryGetValue(webhookId, out var e) ? e.Sender.Secret : null;

    /// <summary>
    /// Sends every delivery whose next attempt is due on the harness clock (a test advances the clock
    /// past a backoff, then calls this). Deliveries raised by an API call are sent before that call
    /// is answered, so this is only needed for retries.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <returns>How many attempts were made.</returns>
    public async Task<int> DeliverDueWebhooksAsync(CancellationToken cancellationToken = default)
    {
        List<FakeDelivery> due;
        var now = _time.GetUtcNow();
        lock (_deliveriesLock)
        {
            due = [.. _deliveries.Where(d => d.Status == "pending" && d.NextRetryAt <= now)];
            foreach (var delivery in due)
            {
                delivery.Status = "in_flight";
            }
        }

        foreach (var delivery in due)
        {
            await AttemptAsync(delivery, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    private void RouteWebhooks(WireMockServer server)
    {
        Route(server, HarnessEndpoint.OptimalDialWebhooksPath().ToString(), "POST", CreateWebhookAsync);
        Route(server, HarnessEndpoint.OptimalDialWebhooksPath().ToString(), "GET", ListWebhooks);
        Route(server, HarnessEndpoint.OptimalDialWebhookPath().ToString(), "GET", GetWebhook);
        Route(server, HarnessEndpoint.OptimalDialWebhookPath().ToString(), "PATCH", UpdateWebhookAsync);
        Route(server, HarnessEndpoint.OptimalDialWebhookPath().ToString(), "DELETE", DeleteWebhook);
        Route(server, HarnessEndpoint.OptimalDialWebhookDeliveriesPath().ToString(), "GET", ListDeliveries);
        // The receiver only records: it must not itself send deliveries while the fake is sending one.
        server.Given(WireMock.RequestBuilders.Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(HarnessEndpoint.OptimalDialWebhookReceiverPath().ToString())).UsingMethod("POST"))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(req => Task.FromResult(Receive(req))));
    }

    /// <summary>Queues the event for every active endpoint subscribed to it; the route sends it before answering.</summary>
    private void RaiseWebhookEvent(string type, Guid uploadId)
    {
        var targets = _endpoints.Values.Where(e => e.IsActive && e.Events.Contains(type)).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        var data = WebhookEventData(type, uploadId);
        var eventUuid = Guid.NewGuid();
        var eventId = "evt_" + eventUuid.ToString("N")[..24];
        var now = _time.GetUtcNow();
        lock (_deliveriesLock)
        {
            foreach (var endpoint in targets)
            {
                _deliveries.Add(new FakeDelivery(Guid.NewGuid(), endpoint, eventUuid, type, endpoint.Sender.CreateDelivery(type, (JsonObject)data.DeepClone(), now, eventId), now));
            }
        }
    }

    private async Task AttemptAsync(FakeDelivery delivery, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var attempt = delivery.AttemptCount + 1;
        var signed = attempt == 1 ? delivery.First : delivery.Endpoint.Sender.Retry(delivery.First, attempt, now);
        var (status, error) = await PostAsync(delivery.Endpoint.Url, signed, cancellationToken).ConfigureAwait(false);
        lock (_deliveriesLock)
        {
            var endpoint = delivery.Endpoint;
            delivery.AttemptCount = attempt;
            delivery.LastAttemptAt = now;
            delivery.LastResponseStatus = status;
            if (status is >= 200 and < 300)
            {
                delivery.Status = "delivered";
                delivery.DeliveredAt = now;
                delivery.LastError = null;
                endpoint.ConsecutiveFailures = 0;
                endpoint.LastSuccessAt = now;
                return;
            }

            delivery.LastError = error ?? $"Receiver answered {status}";
            endpoint.ConsecutiveFailures++;
            endpoint.LastFailureAt = now;
            if (endpoint.ConsecutiveFailures >= DisableAfterConsecutiveFailures && endpoint.IsActive)
            {
                endpoint.IsActive = false;
                endpoint.DisabledAt = now;
                endpoint.UpdatedAt = now;
            }

            if (attempt > RetryBackoff.Length)
            {
                delivery.Status = "exhausted";
            }
            else
            {
                delivery.Status = "pending";
                delivery.NextRetryAt = now + RetryBackoff[attempt - 1];
            }
        }
    }

    /// <summary>POSTs a signed body; returns the receiver's status, or null and why when it did not answer.</summary>
    private async Task<(int? Status, string? Error)> PostAsync(string url, OptimalDialWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WebhookTimeout);
        try
        {
            using var response = await OptimalDialWebhookSender.SendAsync(Outbound, new Uri(url), delivery, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {WebhookTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, "Connection failed: " + ex.HttpRequestError);
        }
    }

    private async Task<IResponseMessage> CreateWebhookAsync(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        if (ParseObject(request) is not { } body)
        {
            return Detail(422, "The body must be a JSON object with a url");
        }

        if (body["url"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return Detail(422, "url is required");
        }

        var url = body["url"]!.GetValue<string>();
        if (CheckFields(body, url) is { } invalid)
        {
            return invalid;
        }

        var sender = new OptimalDialWebhookSender(timeProvider: _time);
        if (await PingAsync(url, sender).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        var now = _time.GetUtcNow();
        var events = body["events"] is JsonArray given ? [.. given.Select(e => e!.GetValue<string>())] : new List<string> { OptimalDialWebhookEventTypeNames.UploadCompleted, OptimalDialWebhookEventTypeNames.UploadFailed };
        var endpoint = new FakeWebhookEndpoint(Guid.NewGuid(), Interlocked.Increment(ref _sequence), sender, now)
        {
            Url = url,
            Description = body["description"]?.GetValue<string>(),
            Events = events,
            VerifiedAt = now,
        };
        _endpoints[endpoint.Id] = endpoint;
        return FakeResponses.Json(201, new JsonObject { ["webhook"] = endpoint.ToJson(), ["secret"] = sender.Secret });
    }

    private IResponseMessage ListWebhooks(IRequestMessage request) =>
        Refuse(request) ?? FakeResponses.Json(200, new JsonArray([.. _endpoints.Values.OrderBy(e => e.Sequence).Select(e => (JsonNode)e.ToJson())]));

    private IResponseMessage GetWebhook(IRequestMessage request)
    {
        FakeWebhookEndpoint? endpoint = null;
        return Refuse(request) ?? FindEndpoint(request, out endpoint) ?? FakeResponses.Json(200, endpoint!.ToJson());
    }

    private async Task<IResponseMessage> UpdateWebhookAsync(IRequestMessage request)
    {
        FakeWebhookEndpoint? endpoint = null;
        if ((Refuse(request) ?? FindEndpoint(request, out endpoint)) is { } refused)
        {
            return refused;
        }

        if (ParseObject(request) is not { } body)
        {
            return Detail(422, "The body must be a JSON object");
        }

        var url = body["url"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["url"]!.GetValue<string>() : null;
        if (CheckFields(body, url) is { } invalid)
        {
            return invalid;
        }

        var now = _time.GetUtcNow();
        if (url is not null && url != endpoint!.Url)
        {
            if (await PingAsync(url, endpoint.Sender).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            endpoint.Url = url;
            endpoint.VerifiedAt = now;
        }

        if (body.ContainsKey("description"))
        {
            endpoint!.Description = body["description"]?.GetValue<string>();
        }

        if (body["events"] is JsonArray events)
        {
            endpoint!.Events = [.. events.Select(e => e!.GetValue<string>())];
        }

        if (body["is_active"]?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
        {
            var active = body["is_active"]!.GetValue<bool>();
            if (active && !endpoint!.IsActive)
            {
                endpoint.ConsecutiveFailures = 0;
                endpoint.DisabledAt = null;
            }

            endpoint!.IsActive = active;
        }

        endpoint!.UpdatedAt = now;
        return FakeResponses.Json(200, endpoint.ToJson());
    }

    private IResponseMessage DeleteWebhook(IRequestMessage request)
    {
        FakeWebhookEndpoint? endpoint = null;
        if ((Refuse(request) ?? FindEndpoint(request, out endpoint)) is { } refused)
        {
            return refused;
        }

        _endpoints.TryRemove(endpoint!.Id, out _);
        return FakeResponses.Text(204, string.Empty, "text/plain");
    }

    private IResponseMessage ListDeliveries(IRequestMessage request)
    {
        FakeWebhookEndpoint? endpoint = null;
        if ((Refuse(request) ?? FindEndpoint(request, out endpoint)) is { } refused)
        {
            return refused;
        }

        var query = request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>();
        var limit = 20;
        if (query.TryGetValue("limit", out var l) && (!int.TryParse(l.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return Detail(422, "limit must be an integer between 1 and 100");
        }

        lock (_deliveriesLock)
        {
            return FakeResponses.Json(200, new JsonArray([.. _deliveries.Where(d => d.Endpoint.Id == endpoint!.Id).OrderByDescending(d => d.Sequence).Take(limit).Select(d => (JsonNode)d.ToJson())]));
        }
    }

    private IResponseMessage Receive(IRequestMessage request)
    {
        var headers = (request.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
            .Where(h => h.Key.StartsWith("X-OptimalDial-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new OptimalDialWebhookDelivery(request.BodyAsBytes ?? [], headers));
        return FakeResponses.Text(200, string.Empty, "text/plain");
    }

    /// <summary>The documented rules of url, description and events; null when they hold.</summary>
    private static IResponseMessage? CheckFields(JsonObject body, string? url)
    {
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            return Detail(400, "The webhook URL must be https:// and resolve to a public IP");
        }

        if (body["description"] is { } description && (description.GetValueKind() != System.Text.Json.JsonValueKind.String || description.GetValue<string>().Length > 500))
        {
            return Detail(422, "description must be a string of at most 500 characters");
        }

        if (body["events"] is { } events && (events is not JsonArray list || list.Count == 0
            || list.Any(e => e?.GetValueKind() != System.Text.Json.JsonValueKind.String || !KnownEventTypes.Contains(e.GetValue<string>()))))
        {
            return Detail(422, "events must list one or more of: " + string.Join(", ", KnownEventTypes));
        }

        return null;
    }

    /// <summary>The registration ping: a signed webhook.ping that must be answered 2xx within <see cref="WebhookTimeout"/>; null when it was.</summary>
    private async Task<IResponseMessage?> PingAsync(string url, OptimalDialWebhookSender sender)
    {
        var ping = sender.CreateDelivery("webhook.ping", new JsonObject { ["challenge"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) });
        var (status, error) = await PostAsync(url, ping, CancellationToken.None).ConfigureAwait(false);
        return status is >= 200 and < 300
            ? null
            : Detail(400, "Webhook URL failed ping verification: " + (error ?? $"the receiver answered {status}, not 2xx"));
    }

    private IResponseMessage? FindEndpoint(IRequestMessage request, out FakeWebhookEndpoint? endpoint)
    {
        endpoint = null;
        var id = request.Path.Split('/')[4];
        return Guid.TryParse(id, out var guid) && _endpoints.TryGetValue(guid, out endpoint) ? null : Detail(404, "Webhook endpoint not found");
    }

    private static JsonObject? ParseObject(IRequestMessage request)
    {
        try
        {
            return JsonNode.Parse(request.Body ?? string.Empty) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Iso(DateTimeOffset when) => when.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Iso(DateTimeOffset? when) => when is { } w ? Iso(w) : null;

    private sealed class FakeWebhookEndpoint(Guid id, long sequence, OptimalDialWebhookSender sender, DateTimeOffset createdAt)
    {
        internal Guid Id => id;

        internal long Sequence => sequence;

        internal OptimalDialWebhookSender Sender => sender;

        internal required string Url { get; set; }

        internal string? Description { get; set; }

        internal required List<string> Events { get; set; }

        internal bool IsActive { get; set; } = true;

        internal int ConsecutiveFailures { get; set; }

        internal DateTimeOffset CreatedAt { get; } = createdAt;

        internal DateTimeOffset UpdatedAt { get; set; } = createdAt;

        internal DateTimeOffset? VerifiedAt { get; set; }

        internal DateTimeOffset? LastSuccessAt { get; set; }

        internal DateTimeOffset? LastFailureAt { get; set; }

        internal DateTimeOffset? DisabledAt { get; set; }

        /// <summary>The documented WebhookEndpoint object (never the secret).</summary>
        internal JsonObject ToJson() => new()
        {
            ["id"] = id.ToString(),
            ["user_id"] = "7d3f6a52-1b0e-4c57-9d1c-2f7a8e5b9c01",
            ["organization_id"] = "0b6f8f5e-3c2a-4d7e-9a41-6c5d2b8e7f10",
            ["url"] = Url,
            ["events"] = new JsonArray([.. Events.Select(e => (JsonNode)e)]),
            ["is_active"] = IsActive,
            ["consecutive_failures"] = ConsecutiveFailures,
            ["created_at"] = Iso(CreatedAt),
            ["updated_at"] = Iso(UpdatedAt),
            ["description"] = Description,
            ["verified_at"] = Iso(VerifiedAt),
            ["last_success_at"] = Iso(LastSuccessAt),
            ["last_failure_at"] = Iso(LastFailureAt),
            ["disabled_at"] = Iso(DisabledAt),
        };
    }

    private sealed class FakeDelivery(Guid id, FakeWebhookEndpoint endpoint, Guid eventId, string eventType, OptimalDialWebhookDelivery first, DateTimeOffset createdAt)
    {
        private static long _next;

        internal long Sequence { get; } = Interlocked.Increment(ref _next);

        internal FakeWebhookEndpoint Endpoint => endpoint;

        internal OptimalDialWebhookDelivery First => first;

        internal string Status { get; set; } = "pending";

        internal int AttemptCount { get; set; }

        internal DateTimeOffset CreatedAt { get; } = createdAt;

        internal DateTimeOffset NextRetryAt { get; set; } = createdAt;

        internal DateTimeOffset? LastAttemptAt { get; set; }

        internal int? LastResponseStatus { get; set; }

        internal string? LastError { get; set; }

        internal DateTimeOffset? DeliveredAt { get; set; }

        /// <summary>The documented delivery object.</summary>
        internal JsonObject ToJson() => new()
        {
            ["id"] = id.ToString(),
            ["webhook_endpoint_id"] = endpoint.Id.ToString(),
            ["event_id"] = eventId.ToString(),
            ["event_type"] = eventType,
            ["status"] = Status,
            ["attempt_count"] = AttemptCount,
            ["next_retry_at"] = Iso(NextRetryAt),
            ["created_at"] = Iso(CreatedAt),
            ["last_attempt_at"] = Iso(LastAttemptAt),
            ["last_response_status"] = LastResponseStatus,
            ["last_error"] = LastError,
            ["delivered_at"] = Iso(DeliveredAt),
        };
    }
}

/// <summary>The event types the fake raises (its own copy, independent of the SDK's constants).</summary>
internal static class OptimalDialWebhookEventTypeNames
{
    internal const string UploadCreated = "upload.created";
    internal const string UploadCompleted = "upload.completed";
    internal const string UploadFailed = "upload.failed";
}
