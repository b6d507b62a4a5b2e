using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace UploadClients.Benchmarks;

/// <summary>
/// An in-process Kestrel server on loopback that drains request bodies with a pooled buffer and
/// answers with the providers' documented JSON: the same sink for the SDK and its raw baseline.
/// </summary>
public sealed class Sink : IAsyncDisposable
{
    public const string UploadJson =
        "{\"id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"user_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"original_filename\":\"big.csv\"," +
        "\"storage_path\":\"uploads/x/original.csv\",\"status\":\"validating\",\"created_at\":\"2026-11-23T12:00:00Z\",\"updated_at\":\"2026-11-23T12:00:00Z\"," +
        "\"organization_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"file_size_bytes\":104857600,\"valid_row_count\":1000,\"invalid_row_count\":0," +
        "\"credits_required\":1000,\"credits_charged\":1000,\"credits_refunded\":0,\"source\":\"api\",\"api_key_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\"," +
        "\"skip_mobile_lookup\":false,\"processed_storage_path\":null,\"processed_filtered_storage_path\":null,\"error_message\":null,\"exceeded_daily_limit\":false}";

    public const string SourceJson = "{\"source_id\":\"src_1\",\"directory_id\":\"d\",\"source_status\":\"processing\",\"accepted\":1000,\"failed\":0,\"warnings\":0,\"is_idempotent\":false}";

    private readonly WebApplication _app;

    private Sink(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public long LastBodyBytes { get; private set; }

    public static async Task<Sink> StartAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        Sink? sink = null;
        async Task Drain(HttpContext context)
        {
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            ArrayPool<byte>.Shared.Return(buffer);
            sink!.LastBodyBytes = total;
        }

        app.MapPost("/api/v1/uploads", async context =>
        {
            await Drain(context);
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(UploadJson);
        });
        app.MapGet("/api/v1/uploads/{id}", context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(UploadJson);
        });
        app.MapPost("/v2/organizations/{o}/directories/{d}/sources/csv-upload", async context =>
        {
            await Drain(context);
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(SourceJson);
        });
        app.MapPut("/s3/{**key}", async context =>
        {
            await Drain(context);
            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        sink = new Sink(app, new Uri($"http://127.0.0.1:{port}/"));
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
