// Start-up cost: the time from AddUploadClients to the first request the SDK sends, and to the
// first status it returns, in a fresh process (what a short-lived job pays on every run). The
// request goes to an in-memory handler, so no network time is in the figure.
//
//   dotnet run -c Release --project tests/UploadClients.Startup                         (JIT)
//   dotnet publish tests/UploadClients.Startup -c Release -r linux-x64 -p:PublishAot=true -o artifacts/startup
//   artifacts/startup/UploadClients.Startup                                              (native AOT)
//   add --raw for the baseline: the same GET by hand with HttpClient
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;

var clock = Stopwatch.StartNew();
var firstRequest = TimeSpan.Zero;
var body = Encoding.UTF8.GetBytes("{\"id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"status\":\"validating\"}");

if (args.Contains("--raw"))
{
    // The baseline: a hand-written GET with HttpClient and System.Text.Json's reader, in a fresh process.
    using var http = new HttpClient(new FirstRequest(body, () => firstRequest = clock.Elapsed)) { BaseAddress = new Uri("https://api.optimaldial.com") };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "od_live_startup_key");
    using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/v1/uploads/3c90c3cc-0d44-4b50-8888-8dd25736052a"));
    Console.WriteLine($"{Mode()} raw HttpClient: first request sent {firstRequest.TotalMilliseconds:F1} ms, first status read ({document.RootElement.GetProperty("status").GetString()}) {clock.Elapsed.TotalMilliseconds:F1} ms");
    return;
}

var services = new ServiceCollection().AddUploadClients(o => o.OptimalDial.ApiKey = "od_live_startup_key");
services.AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName)
    .ConfigurePrimaryHttpMessageHandler(() => new FirstRequest(body, () => firstRequest = clock.Elapsed));
var registered = clock.Elapsed;
using var provider = services.BuildServiceProvider();
var built = clock.Elapsed;
var client = provider.GetRequiredService<IOptimalDialClient>();
var resolved = clock.Elapsed;
var upload = await client.GetUploadAsync(Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a"));
var firstResult = clock.Elapsed;

var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
var sinceProcessStart = DateTime.UtcNow - processStart;
Console.WriteLine($"{Mode()} SDK: " +
    $"AddUploadClients -> first request sent {firstRequest.TotalMilliseconds:F1} ms, -> first status returned ({upload.Status}) {firstResult.TotalMilliseconds:F1} ms; " +
    $"process start -> first status {sinceProcessStart.TotalMilliseconds:F0} ms " +
    $"(registered {registered.TotalMilliseconds:F1}, provider built {built.TotalMilliseconds:F1}, client resolved {resolved.TotalMilliseconds:F1} ms)");

static string Mode() => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native AOT";

/// <summary>Answers from memory, and notes when the first request arrives.</summary>
internal sealed class FirstRequest(byte[] body, Action arrived) : HttpMessageHandler
{
    private int _seen;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _seen, 1) == 0)
        {
            arrived();
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
