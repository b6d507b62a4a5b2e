using System.Net;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using UploadClients;
using UploadClients.OptimalDial;
using UploadClients.Testing;

/// <summary>
/// Receives OptimalDial webhooks without ASP.NET Core: an HttpListener on loopback, the raw body
/// verified before anything else, 200 for a good delivery and 400 for a bad one (so OptimalDial
/// does not retry a forgery forever). Offline, the sample registers its own listener with
/// <see cref="IOptimalDialWebhookEndpoints"/> against the harness (which pings it, as OptimalDial
/// does), uploads a file so that OptimalDial's events arrive, lists the endpoint's deliveries, and
/// then removes the endpoint again.
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

    public static async Task<int> RunAsync(IConfiguration configuration, UploadClientsHarness? harness, IOptimalDialClient client, IOptimalDialWebhookEndpoints webhooks, int port)
    {
        var prefix = new Uri($"http://127.0.0.1:{port}/optimaldial/webhooks/");
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix.AbsoluteUri);
        listener.Start();
        Console.WriteLine($"Listening for OptimalDial webhooks on {prefix}");

        if (harness is null)
        {
            // Against OptimalDial: the endpoint is registered at a public https URL that forwards here
            // (`webhooks register`), and its secret is in the configuration.
            var secret = configuration["UploadClients:OptimalDial:WebhookSecret"];
            if (secret is null)
            {
                Console.Error.WriteLine("Set UploadClients__OptimalDial__WebhookSecret to your endpoint's signing secret (shown once by `webhooks register`).");
                return 2;
            }

            await ServeAsync(listener, new OptimalDialWebhookVerifier(secret), client, int.MaxValue, CancellationToken.None);
            return 0;
        }

        // Offline: register the listener itself. The harness pings it before answering, so it must be serving already.
        var verifiers = new VerifierSlot();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, verifiers, client, int.MaxValue, stop.Token);
        var created = await webhooks.CreateAsync(prefix, "UploadClients sample receiver", [OptimalDialWebhookEventTypes.UploadCreated, OptimalDialWebhookEventTypes.UploadCompleted]);
        verifiers.Verifier = new OptimalDialWebhookVerifier(created.Secret);
        AnsiConsole.MarkupLine($"Registered [bold]{created.Endpoint.Id}[/] for {string.Join(", ", created.Endpoint.Events)}; its signing secret came with the answer, once, and verifies what arrives.");

        var upload = await client.UploadAndWaitAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(SampleCsv(), "webhook-demo.csv"), PhoneColumn = "phone" });
        AnsiConsole.MarkupLine($"Upload [bold]{upload.Id}[/] is {upload.Status}.");

        var table = new Table().AddColumns("event", "status", "attempts", "last answer", "delivered at");
        foreach (var d in await webhooks.ListDeliveriesAsync(created.Endpoint.Id, limit: 10))
        {
            table.AddRow(d.EventType ?? "?", d.Status.ToString(), $"{d.AttemptCount}", $"{d.LastResponseStatus}", $"{d.DeliveredAt:u}");
        }

        AnsiConsole.Write(table);
        await webhooks.DeleteAsync(created.Endpoint.Id);
        AnsiConsole.MarkupLine($"Removed endpoint [bold]{created.Endpoint.Id}[/].");
        await stop.CancelAsync();
        listener.Stop();
        await serving;
        return 0;
    }

    /// <summary>Serves deliveries until <paramref name="stop"/>: verify, answer, and download the processed file of a completed upload.</summary>
    private static async Task ServeAsync(HttpListener listener, object verifier, IOptimalDialClient client, int count, CancellationToken stop)
    {
        for (var received = 0; received < count && !stop.IsCancellationRequested; received++)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, stop);
            var current = verifier is VerifierSlot slot ? slot.Verifier : (OptimalDialWebhookVerifier)verifier;
            var (status, evt, message) = current is null
                ? (200, null, "registration ping answered (the secret comes with the registration's answer)")
                : Handle(current, body.ToArray(), context.Request.Headers[OptimalDialWebhookHeaders.Signature]);
            context.Response.StatusCode = status;
            context.Response.Close();
            Console.WriteLine($"  {status}: {message}");
            if (evt?.Type == OptimalDialWebhookEventTypes.UploadCompleted && evt.Data.Upload is { } upload)
            {
                Console.WriteLine($"  {upload.OriginalFilename}: {upload.ValidRowCount} valid and {upload.InvalidRowCount} invalid rows");
                using var processed = new MemoryStream();
                await client.DownloadAsync(upload.Id, OptimalDialFileKind.Processed, processed, cancellationToken: stop);
                Console.WriteLine($"  downloaded the processed file of {upload.Id}: {processed.Length:N0} bytes");
            }
        }
    }

    private static byte[] SampleCsv() =>
        System.Text.Encoding.UTF8.GetBytes("name,phone\r\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"Contact {i},(212) 555-{i:0000}\r\n")));

    /// <summary>The verifier once the registration has returned the secret (the ping comes before it).</summary>
    private sealed class VerifierSlot
    {
        public volatile OptimalDialWebhookVerifier? Verifier;
    }
}
