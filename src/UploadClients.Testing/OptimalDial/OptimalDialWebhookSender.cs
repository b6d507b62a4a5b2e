using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace UploadClients.Testing.OptimalDial;

/// <summary>
/// Signs and delivers webhook events the way OptimalDial documents (docs.optimaldial.com/guides/webhooks):
/// body <c>{"id","type","api_version","created_at","data"}</c> with <c>created_at</c> in ISO 8601, header
/// <c>X-OptimalDial-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}"&gt;</c> keyed by the
/// endpoint secret's text, plus the other <c>X-OptimalDial-*</c> headers. Independent of the SDK's
/// verifier, so a test of one against the other checks both.
/// </summary>
public sealed class OptimalDialWebhookSender
{
    /// <summary>The API version the events claim: the one OptimalDial's documented events carry.</summary>
    public const string ApiVersion = "2026-04-23";

    private readonly TimeProvider _time;

    /// <summary>Creates a sender.</summary>
    /// <param name="secret">The endpoint secret; a random 64-hex secret when null.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    public OptimalDialWebhookSender(string? secret = null, TimeProvider? timeProvider = null)
    {
        Secret = secret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The endpoint secret events are signed with (give it to the verifier).</summary>
    public string Secret { get; }

    /// <summary>The signature header for <paramref name="body"/> signed at <paramref name="at"/> (now when null).</summary>
    /// <param name="body">The exact body.</param>
    /// <param name="at">The signing time.</param>
    /// <param name="secret">Another secret to sign with (to test a wrong one); <see cref="Secret"/> when null.</param>
    /// <returns>The <c>X-OptimalDial-Signature</c> value.</returns>
    public string Sign(ReadOnlySpan<byte> body, DateTimeOffset? at = null, string? secret = null)
    {
        var t = (at ?? _time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t + ".", signed);
        body.CopyTo(signed.AsSpan(t.Length + 1));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? Secret), signed);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Builds a signed delivery of an event.</summary>
    /// <param name="type">The event type.</param>
    /// <param name="data">The event's <c>data</c>.</param>
    /// <param name="at">The event and signing time (now when null).</param>
    /// <returns>The body and headers.</returns>
    public OptimalDialWebhookDelivery CreateDelivery(string type, JsonObject data, DateTimeOffset? at = null) =>
        CreateDelivery(type, data, at, "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));

    /// <summary>A delivery of the event <paramref name="eventId"/> (one event goes to every subscribed endpoint with the same id).</summary>
    internal OptimalDialWebhookDelivery CreateDelivery(string type, JsonObject data, DateTimeOffset? at, string eventId)
    {
        var when = at ?? _time.GetUtcNow();
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = eventId,
            ["type"] = type,
            ["api_version"] = ApiVersion,
            ["created_at"] = IsoTimestamp(when),
            ["data"] = data,
        }.ToJsonString());
        var delivery = Guid.NewGuid().ToString("D"); // the guide's example, b8e1c2a3-…, is a UUID
        return Signed(body, type, eventId, delivery, attempt: 1, when);
    }

    /// <summary>A later attempt of <paramref name="first"/>: the same body and ids, signed anew at <paramref name="at"/>.</summary>
    internal OptimalDialWebhookDelivery Retry(OptimalDialWebhookDelivery first, int attempt, DateTimeOffset at) =>
        Signed(first.Body, first.Headers["X-OptimalDial-Event"], first.Headers["X-OptimalDial-Event-Id"], first.Headers["X-OptimalDial-Delivery-Id"], attempt, at);

    private OptimalDialWebhookDelivery Signed(byte[] body, string type, string eventId, string deliveryId, int attempt, DateTimeOffset when) =>
        new(body, new Dictionary<string, string>
        {
            // The guide's "Headers we send" table: User-Agent, then the X-OptimalDial-* headers.
            ["User-Agent"] = UserAgent,
            ["X-OptimalDial-Signature"] = Sign(body, when),
            ["X-OptimalDial-Event"] = type,
            ["X-OptimalDial-Event-Id"] = eventId,
            ["X-OptimalDial-Delivery-Id"] = deliveryId,
            ["X-OptimalDial-Attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
            ["X-OptimalDial-Timestamp"] = when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>The <c>User-Agent</c> of OptimalDial's webhook deliveries (docs.optimaldial.com/guides/webhooks, "Headers we send").</summary>
    public const string UserAgent = "OptimalDial-Webhooks/1.0";

    /// <summary>A time as OptimalDial prints it in events: <c>2026-04-24T12:34:56.789+00:00</c>.</summary>
    /// <param name="when">The time.</param>
    /// <returns>The text.</returns>
    public static string IsoTimestamp(DateTimeOffset when) =>
        when.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>POSTs a delivery to a receiver (for example a test's or sample's HttpListener on loopback).</summary>
    /// <param name="http">The client to send with.</param>
    /// <param name="endpoint">The receiver's URL.</param>
    /// <param name="delivery">The delivery.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The receiver's answer.</returns>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri endpoint, OptimalDialWebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(delivery);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in delivery.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A signed webhook delivery: the exact body and its headers.</summary>
/// <param name="Body">The body bytes, exactly as signed.</param>
/// <param name="Headers">The headers OptimalDial sends with it (its webhooks guide's table): <c>User-Agent</c> and the <c>X-OptimalDial-*</c> headers.</param>
public sealed record OptimalDialWebhookDelivery(byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The <c>X-OptimalDial-Signature</c> header.</summary>
    public string Signature => Headers["X-OptimalDial-Signature"];
}
