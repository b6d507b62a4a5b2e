using System.Net;
using Microsoft.Extensions.Configuration;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;

/// <summary>
/// Receives OptimalDial webhooks without ASP.NET Core: an HttpListener on loopback, the raw body
/// verified before anything else, 200 for a good delivery and 400 for a bad one (so OptimalDial
/// does not retry a forgery forever). Offline, the harness plays OptimalDial and sends what
/// OptimalDial documents: the webhook.ping of a registration, a signed upload.completed event, and
/// then a tampered copy of it.
/// </summary>
internal static class WebhookReceiver
{
    /// <summary>The whole handler: body and header in, status and event out. Copy this into your own host.</summary>
    public static (int Status, OptimalDialWebhookEvent? Event, string Message) Handle(OptimalDialWebhookVerifier verifier, byte[] body, string? signatureHeader)
    {
        try
        {
            var evt = verifier.Verify(body, signatureHeader ?? string.Empty);
            return (200, evt, $"{evt.Type} {evt.Id} verified");
        }
        catch (OptimalDialWebhookSignatureException ex)
        {
            return (400, null, $"refused ({ex.Reason}): {ex.Message}");
        }
    }

    public static async Task<int> RunAsync(IConfiguration configuration, UploadClientsHarness? harness, IOptimalDialClient client, int port)
    {
        var secret = configuration["UploadClients:OptimalDial:WebhookSecret"] ?? harness?.OptimalDial.Webhooks.Secret;
        if (secret is null)
        {
            Console.Error.WriteLine("Set UploadClients__OptimalDial__WebhookSecret to your endpoint's signing secret.");
            return 2;
        }

        var verifier = new OptimalDialWebhookVerifier(secret);
        using var listener = new HttpListener();
        var prefix = $"http://127.0.0.1:{port}/optimaldial/webhooks/";
        listener.Prefixes.Add(prefix);
        listener.Start();
        Console.WriteLine($"Listening for OptimalDial webhooks on {prefix}");

        var expected = harness is null ? int.MaxValue : 3;
        var sending = harness is null ? Task.CompletedTask : SendTestDeliveriesAsync(harness, new Uri(prefix));
        for (var received = 0; received < expected; received++)
        {
            var context = await listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var (status, evt, message) = Handle(verifier, body.ToArray(), context.Request.Headers[OptimalDialWebhookHeaders.Signature]);
            context.Response.StatusCode = status;
            context.Response.Close();
            Console.WriteLine($"  {status}: {message}");
            if (evt?.Type == OptimalDialWebhookEventTypes.UploadCompleted && evt.Data.Upload is { } upload)
            {
                Console.WriteLine($"  {upload.OriginalFilename}: {upload.ValidRowCount} valid and {upload.InvalidRowCount} invalid rows");
                using var processed = new MemoryStream();
                await client.DownloadAsync(upload.Id, OptimalDialFileKind.Processed, processed);
                Console.WriteLine($"  downloaded the processed file of {upload.Id}: {processed.Length:N0} bytes");
            }
        }

        await sending;
        return 0;
    }

    private static async Task SendTestDeliveriesAsync(UploadClientsHarness harness, Uri endpoint)
    {
        using var http = new HttpClient();
        (await OptimalDialWebhookSender.SendAsync(http, endpoint, harness.OptimalDial.CreateWebhookPing())).Dispose();
        var id = harness.OptimalDial.AddUpload("completed");
        var good = harness.OptimalDial.CreateWebhookEvent(OptimalDialWebhookEventTypes.UploadCompleted, id);
        (await OptimalDialWebhookSender.SendAsync(http, endpoint, good)).Dispose();
        var tampered = good with { Body = [.. good.Body.Take(good.Body.Length - 1), (byte)' '] };
        (await OptimalDialWebhookSender.SendAsync(http, endpoint, tampered)).Dispose();
    }
}
