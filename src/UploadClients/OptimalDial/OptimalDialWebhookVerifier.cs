using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace UploadClients.OptimalDial;

/// <summary>
/// Verifies OptimalDial webhook deliveries: <c>X-OptimalDial-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</c>
/// is HMAC-SHA256 of <c>"{t}.{raw body}"</c> keyed by the endpoint's secret (Stripe-compatible),
/// compared in constant time, with several <c>v1</c> values allowed (secret rotation) and a replay
/// window on a <see cref="TimeProvider"/>. Thread-safe; make one per endpoint secret.
/// </summary>
public sealed class OptimalDialWebhookVerifier
{
    /// <summary>The default replay window: 5 minutes either side of now.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;

    /// <summary>Creates a verifier.</summary>
    /// <param name="endpointSecret">The endpoint's signing secret (shown once when the webhook endpoint is created).</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <param name="tolerance">How far the signed timestamp may be from now; defaults to 5 minutes.</param>
    public OptimalDialWebhookVerifier(string endpointSecret, TimeProvider? timeProvider = null, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointSecret);
        // Stripe-compatible: the key is the secret's text as UTF-8 (the 64 hex characters, not the bytes they spell).
        _key = Encoding.UTF8.GetBytes(endpointSecret);
        _time = timeProvider ?? TimeProvider.System;
        _tolerance = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_tolerance, TimeSpan.Zero, nameof(tolerance));
    }

    /// <summary>Checks the signature and timestamp of a delivery, then reads its event.</summary>
    /// <param name="body">The raw request body, exactly as received (before any JSON parsing).</param>
    /// <param name="signatureHeader">The <c>X-OptimalDial-Signature</c> header.</param>
    /// <returns>The event.</returns>
    /// <exception cref="OptimalDialWebhookSignatureException">The header is malformed, no signature matches, the timestamp is stale, or the body is not an event.</exception>
    public OptimalDialWebhookEvent Verify(ReadOnlySpan<byte> body, string signatureHeader)
    {
        var (timestamp, timestampText, signatures) = ParseHeader(signatureHeader);

        Span<byte> expected = stackalloc byte[32];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key))
        {
            hmac.AppendData(Encoding.ASCII.GetBytes(timestampText + "."));
            hmac.AppendData(body);
            hmac.GetHashAndReset(expected);
        }

        var matched = false;
        foreach (var signature in signatures)
        {
            // Every candidate is compared, in constant time, whatever an earlier one gave.
            matched |= signature.Length == expected.Length && CryptographicOperations.FixedTimeEquals(signature, expected);
        }

        if (!matched)
        {
            throw new OptimalDialWebhookSignatureException(
                OptimalDialWebhookFailure.SignatureMismatch,
                "No v1 signature matches this body: the body was changed after signing, or it was signed with another secret. Check the endpoint secret, and verify the raw body before parsing it.");
        }

        var age = _time.GetUtcNow() - timestamp;
        if (age.Duration() > _tolerance)
        {
            throw new OptimalDialWebhookSignatureException(
                OptimalDialWebhookFailure.TimestampOutsideTolerance,
                $"The delivery was signed at {timestamp:O}, {Math.Round(age.TotalSeconds)} seconds from now; the tolerance is {_tolerance.TotalSeconds} seconds. It may be a replay, or this machine's clock is off.");
        }

        try
        {
            return JsonSerializer.Deserialize(body, OptimalDialJsonContext.Default.OptimalDialWebhookEvent)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new OptimalDialWebhookSignatureException(OptimalDialWebhookFailure.MalformedPayload, "The signed body is not an OptimalDial event: " + ex.Message, ex);
        }
    }

    /// <summary>Verifies a body given as text (it is UTF-8 encoded exactly as received).</summary>
    /// <param name="body">The raw request body.</param>
    /// <param name="signatureHeader">The <c>X-OptimalDial-Signature</c> header.</param>
    /// <returns>The event.</returns>
    public OptimalDialWebhookEvent Verify(string body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(Encoding.UTF8.GetBytes(body), signatureHeader);
    }

    private static (DateTimeOffset Timestamp, string TimestampText, List<byte[]> Signatures) ParseHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw Malformed("The X-OptimalDial-Signature header is missing or empty.");
        }

        string? t = null;
        var signatures = new List<byte[]>();
        foreach (var item in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Malformed("The X-OptimalDial-Signature header must be 't=<unix seconds>,v1=<hex>' (a part has no '=').");
            }

            var (key, value) = (item[..eq], item[(eq + 1)..]);
            if (key == "t")
            {
                if (t is not null)
                {
                    throw Malformed("The X-OptimalDial-Signature header has more than one timestamp.");
                }

                t = value;
            }
            else if (key == "v1")
            {
                if (value.Length != 64 || !value.All(Uri.IsHexDigit))
                {
                    throw Malformed("A v1 signature must be 64 hexadecimal characters (HMAC-SHA256).");
                }

                signatures.Add(Convert.FromHexString(value));
            }

            // Other schemes (v0, …) are ignored, as Stripe-compatible verifiers do.
        }

        // A timestamp outside what DateTimeOffset holds (t=99999999999999) is a malformed header, not
        // an ArgumentOutOfRangeException: a receiver that catches only the signature exception must
        // answer 400, or the sender retries for hours.
        if (t is null
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw Malformed("The X-OptimalDial-Signature header has no valid 't=<unix seconds>' timestamp.");
        }

        if (signatures.Count == 0)
        {
            throw Malformed("The X-OptimalDial-Signature header has no v1 signature.");
        }

        return (DateTimeOffset.FromUnixTimeSeconds(seconds), t, signatures);
    }

    private static OptimalDialWebhookSignatureException Malformed(string message) => new(OptimalDialWebhookFailure.MalformedHeader, message);
}
