using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace UploadClients.Testing;

/// <summary>
/// Runs in front of WireMock for every request: journals it (exact raw path and query, headers,
/// body with its MD5) and applies an injected fault, down to dropping the TCP connection.
/// </summary>
internal sealed class HarnessMiddleware(RequestJournal journal, HarnessOptions options)
{
    /// <summary>
    /// Carries the request target exactly as sent to the fakes (WireMock normalizes its own copy of
    /// the query). Set after the journal captured the headers, so it never appears there.
    /// </summary>
    internal const string RawTargetHeader = "X-UploadClients-Harness-Raw-Target";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<HarnessFault>> _faults = new(StringComparer.Ordinal);

    internal void Inject(string endpoint, HarnessFault fault, int times)
    {
        var queue = _faults.GetOrAdd(endpoint, _ => new ConcurrentQueue<HarnessFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    internal int Pending(string endpoint) => _faults.TryGetValue(endpoint, out var q) ? q.Count : 0;

    internal void ClearFaults() => _faults.Clear();

    internal async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? raw : raw[..q];
        var rawQuery = q < 0 ? string.Empty : raw[q..];
        var endpoint = HarnessEndpoint.Identify(context.Request.Method, context.Request.Path.Value ?? "/");
        HarnessFault? fault = null;
        if (endpoint is not null && _faults.TryGetValue(endpoint, out var queue))
        {
            queue.TryDequeue(out fault);
            fault = fault?.WithProviderBody(endpoint);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var receivedAt = options.TimeProvider.GetUtcNow();
        var sequence = journal.NextSequence();

        if (fault is { Kind: FaultKind.DropConnection, AfterReadingBody: false })
        {
            Record(sequence, receivedAt, context, rawPath, rawQuery, headers, [], 0, string.Empty, endpoint, fault, status: 0, responseBody: []);
            context.Abort();
            return;
        }

        context.Request.Headers[RawTargetHeader] = raw;
        context.Request.EnableBuffering(bufferThreshold: 1024 * 1024, bufferLimit: options.MaxRequestBodyBytes);
        var (kept, length, md5) = await ReadBodyAsync(context.Request.Body, options.MaxJournaledBodyBytes, context.RequestAborted).ConfigureAwait(false);
        context.Request.Body.Position = 0;

        // The entry is journaled just before the answer's bytes go out, so a client that has its
        // answer always finds its request in the journal.
        var recorded = false;
        void Commit(int status, byte[]? responseBody = null)
        {
            if (!recorded)
            {
                recorded = true;
                var response = responseBody is null ? [] : responseBody.Length <= options.MaxJournaledBodyBytes ? responseBody : responseBody[..options.MaxJournaledBodyBytes];
                Record(sequence, receivedAt, context, rawPath, rawQuery, headers, kept, length, md5, endpoint, fault, status, response);
            }
        }

        try
        {
            switch (fault)
            {
                case null:
                    await RespondAsync(context, next, null, Commit).ConfigureAwait(false);
                    break;
                case { Kind: FaultKind.DropConnection, AfterProcessing: true }:
                    // The fake acts on the request (an upload created and charged); its answer never leaves.
                    using (await CaptureAsync(context, next).ConfigureAwait(false))
                    {
                    }

                    Commit(0);
                    context.Abort();
                    return;
                case { Kind: FaultKind.DropConnection }:
                    Commit(0);
                    context.Abort();
                    return;
                case { Kind: FaultKind.Delay }:
                    journal.Held();
                    await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                    await RespondAsync(context, next, null, Commit).ConfigureAwait(false);
                    break;
                case { Kind: FaultKind.CutBody or FaultKind.StallBody }:
                    await RespondPartlyAsync(context, next, fault, Commit).ConfigureAwait(false);
                    break;
                case { AfterProcessing: true }:
                    await RespondAsync(context, next, fault, Commit).ConfigureAwait(false);
                    break;
                default:
                    await WriteFaultAsync(context, fault, Commit).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (its timeout fired during a delay): nothing more to answer.
        }
        finally
        {
            Commit(0);
        }
    }

    private void Record(
        long sequence, DateTimeOffset receivedAt, HttpContext context, string rawPath, string rawQuery, Dictionary<string, string> headers,
        byte[] body, long length, string md5, string? endpoint, HarnessFault? fault, int status, byte[] responseBody)
    {
        journal.Add(new JournalEntry(sequence, receivedAt, context.Request.Method, rawPath, rawQuery, headers, body, length, md5, endpoint, fault?.Description)
        {
            ResponseStatus = status,
            ResponseContentType = context.Response.ContentType,
            ResponseBody = responseBody,
        });
    }

    private static async Task WriteFaultAsync(HttpContext context, HarnessFault fault, Action<int, byte[]?> commit)
    {
        context.Response.StatusCode = (int)fault.StatusCode;
        if (fault.Header is { } header)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (fault.RetryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(seconds.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        else if (fault.RetryAfterDate is { } date)
        {
            context.Response.Headers.RetryAfter = date.ToString("R", CultureInfo.InvariantCulture);
        }

        var text = fault.Body ?? string.Empty;
        if (fault.Kind == FaultKind.EchoCredential)
        {
            var credential = context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth && auth.IndexOf(' ', StringComparison.Ordinal) is var space and > 0
                ? auth[(space + 1)..]
                : string.Empty;
            var echo = new JsonObject
            {
                ["detail"] = $"The credential {credential} is not valid for this resource",
                ["error"] = new JsonObject { ["code"] = "invalid_credential", ["message"] = $"refused {credential}" },
                ["message"] = $"refused {credential}",
            };
            text = echo.ToJsonString();
        }

        var body = Encoding.UTF8.GetBytes(text);
        if (body.Length > 0)
        {
            context.Response.ContentType = fault.Kind == FaultKind.EchoCredential ? "application/json" : fault.BodyContentType;
        }

        context.Response.ContentLength = body.Length;
        commit(context.Response.StatusCode, body);
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets WireMock answer into a buffer, then applies an after-processing fault (if any) and sends
    /// the response with an exact Content-Length, as the real APIs and S3 do (WireMock alone answers chunked).
    /// </summary>
    private static async Task RespondAsync(HttpContext context, Func<Task> next, HarnessFault? fault, Action<int, byte[]?> commit)
    {
        var original = context.Response.Body;
        using var captured = await CaptureAsync(context, next).ConfigureAwait(false);

        if (fault is null || (fault.Kind == FaultKind.RewriteHeader && fault.Header is { } header))
        {
            if (fault?.Header is { } set)
            {
                context.Response.Headers[set.Key] = set.Value;
            }

            context.Response.Headers.TransferEncoding = default;
            context.Response.ContentLength = captured.Length;
            captured.Position = 0;
            commit(context.Response.StatusCode, captured.ToArray());
            await captured.CopyToAsync(original).ConfigureAwait(false);
            return;
        }

        if (fault.Kind == FaultKind.RewriteJson && (fault.Rewrite is not null || fault.RewriteNode is not null))
        {
            var status = context.Response.StatusCode;
            JsonNode node;
            if (fault.RewriteNode is { } drift)
            {
                node = JsonNode.Parse(captured.ToArray()) ?? new JsonObject();
                drift(node);
            }
            else
            {
                var root = JsonNode.Parse(captured.ToArray()) as JsonObject ?? [];
                fault.Rewrite!(root);
                node = root;
            }

            var text = Encoding.UTF8.GetBytes(node.ToJsonString());
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = text.Length;
            commit(status, text);
            await context.Response.Body.WriteAsync(text).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.Clear();
        await WriteFaultAsync(context, fault, commit).ConfigureAwait(false);
    }

    /// <summary>Lets WireMock answer into a buffer (the response's headers are set, nothing is sent yet).</summary>
    private static async Task<MemoryStream> CaptureAsync(HttpContext context, Func<Task> next)
    {
        var original = context.Response.Body;
        var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        captured.Position = 0;
        return captured;
    }

    /// <summary>Lets the fake answer, sends its headers and half its body, then drops or holds the rest.</summary>
    private async Task RespondPartlyAsync(HttpContext context, Func<Task> next, HarnessFault fault, Action<int, byte[]?> commit)
    {
        var original = context.Response.Body;
        var body = (await CaptureAsync(context, next).ConfigureAwait(false)).ToArray();
        var half = body.Length / 2;
        context.Response.Headers.TransferEncoding = default;
        context.Response.ContentLength = body.Length;
        commit(context.Response.StatusCode, body[..half]);
        await original.WriteAsync(body.AsMemory(0, half), context.RequestAborted).ConfigureAwait(false);
        await original.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        if (fault.Kind == FaultKind.CutBody)
        {
            // Ending the response short of its Content-Length makes the server close the connection
            // after the bytes already written (an abort could reset it before they are read).
            return;
        }

        journal.Held();
        await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<(byte[] Kept, long Length, string Md5)> ReadBodyAsync(Stream body, int keep, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            if (kept.Length < keep)
            {
                kept.Write(buffer, 0, (int)Math.Min(read, keep - kept.Length));
            }

            total += read;
        }

        return (kept.ToArray(), total, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }
}
