using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;

namespace UploadClients;

/// <summary>
/// What every provider facade does around a call, once for all its attempts: build the request,
/// send it through the pipeline (HttpPipeline), keep the span and the upload metric, turn a timeout
/// into a clear <see cref="TimeoutException"/> (or <see cref="UploadOutcomeUnknownException"/> for a
/// request that creates or charges), map an error status through the provider's mapper, and read a
/// success body with the provider's source-generated JSON metadata, so that malformed JSON, an
/// empty body or a missing field is an <see cref="UploadUnexpectedResponseException"/>, never a
/// <see cref="NullReferenceException"/>.
/// </summary>
internal sealed partial class ProviderHttp
{
    private readonly IProviderErrorMapper _errors;
    private readonly Func<IEnumerable<string?>> _secrets;
    private readonly HttpClient? _client;
    private readonly string? _base;
    private bool _successBodiesHoldSecrets;

    /// <summary>Creates the call helper of one provider.</summary>
    /// <param name="provider">The provider's name, for messages and telemetry.</param>
    /// <param name="errors">Maps the provider's error bodies.</param>
    /// <param name="secrets">The values to redact from every message.</param>
    /// <param name="timeProvider">The clock for elapsed times and Retry-After dates.</param>
    /// <param name="logger">Where calls are logged.</param>
    /// <param name="client">The pipeline (HttpPipeline) that requests are sent through (the provider interfaces are made on it).</param>
    /// <param name="baseAddress">The API's address; its path, if any, prefixes every request path.</param>
    /// <param name="account">The named account the client belongs to (a telemetry tag and logging scope), or null.</param>
    internal ProviderHttp(string provider, IProviderErrorMapper errors, Func<IEnumerable<string?>> secrets, TimeProvider timeProvider, ILogger? logger = null, HttpClient? client = null, Uri? baseAddress = null, string? account = null)
    {
        Provider = provider;
        Account = account;
        _errors = errors;
        _secrets = secrets;
        TimeProvider = timeProvider;
        Logger = logger ?? NullLogger.Instance;
        _client = client;
        _base = baseAddress?.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>
    /// Marks calls whose success body is itself a secret (a token endpoint's): a body the SDK cannot
    /// read is then not kept in the exception at all, as no pattern can know where its token is.
    /// </summary>
    internal ProviderHttp SuccessBodiesHoldSecrets()
    {
        _successBodiesHoldSecrets = true;
        return this;
    }

    /// <summary>The same helper with more values to redact (for example a caller's callback headers).</summary>
    internal ProviderHttp WithSecrets(IEnumerable<string?> more) =>
        new(Provider, _errors, () => _secrets().Concat(more), TimeProvider, Logger, _client, _base is null ? null : new Uri(_base), Account);

    /// <summary>A JSON request body (UTF-8, <c>application/json</c>) from source-generated metadata.</summary>
    internal static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Sends <paramref name="request"/> through the pipeline and reads the success body as <typeparamref name="T"/>. See <see cref="SendAsync{T}(string, CallText, Func{CancellationToken, Task{HttpResponseMessage}}, JsonTypeInfo{T}, CancellationToken, string?, UploadFile?, bool)"/>.</summary>
    internal async Task<T> SendAsync<T>(
        string name,
        CallText operation,
        HttpRequestMessage request,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken,
        string? timeoutAdvice = null,
        UploadFile? file = null)
    {
        using (request)
        {
            using var response = await SendCoreAsync<object?>(name, operation, null, null, request, timeoutAdvice, file, false, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(operation, response, typeInfo, cancellationToken).ConfigureAwait(false);
        }
    }

    internal ILogger Logger { get; }

    /// <summary>The pipeline requests are sent through, if this helper has one.</summary>
    internal HttpClient? Client => _client;

    internal string Provider { get; }

    /// <summary>The named account the client belongs to, or null for the default account.</summary>
    internal string? Account { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Redacts a text with this provider's secrets.</summary>
    internal string Redact(string text) => Redactor.Redact(text, _secrets());

    /// <summary>Sends with <paramref name="send"/>, then reads the success body as <typeparamref name="T"/>.</summary>
    /// <param name="name">The operation's stable name, for spans, metrics and logs ("CreateUpload").</param>
    /// <param name="operation">The operation in words, for messages ("create an upload").</param>
    /// <param name="send">Sends the request.</param>
    /// <param name="typeInfo">How to read the success body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="timeoutAdvice">What to do when the outcome is unknown (a timeout, or a failure once a request that creates or charges was sent).</param>
    /// <param name="file">The file the request carries, if any (it counts as an upload).</param>
    /// <param name="mayHaveTakenEffect">
    /// The request creates or charges and is not safe to repeat (a POST or PATCH the provider does not
    /// dedupe): a failure once it may have been received is an <see cref="UploadOutcomeUnknownException"/>,
    /// and a 5xx answer says <see cref="UploadApiException.MayHaveTakenEffect"/>.
    /// </param>
    internal async Task<T> SendAsync<T>(
        string name,
        CallText operation,
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken,
        string? timeoutAdvice = null,
        UploadFile? file = null,
        bool mayHaveTakenEffect = false)
    {
        using var response = await SendCoreAsync(name, operation, send, Invoke, null, timeoutAdvice, file, mayHaveTakenEffect, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(operation, response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a read with <paramref name="send"/> given <paramref name="state"/> (a static lambda and a
    /// value tuple: no closure is allocated, which counts on a poll), then reads the success body.
    /// </summary>
    /// <param name="name">The operation's stable name, for spans, metrics and logs ("GetUpload").</param>
    /// <param name="operation">The operation in words, for messages.</param>
    /// <param name="state">What <paramref name="send"/> needs (the interface and the ids).</param>
    /// <param name="send">Sends the request.</param>
    /// <param name="typeInfo">How to read the success body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    internal async Task<T> SendAsync<T, TState>(
        string name,
        CallText operation,
        TState state,
        Func<TState, CancellationToken, Task<HttpResponseMessage>> send,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(name, operation, state, send, null, null, null, false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(operation, response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private static readonly Func<Func<CancellationToken, Task<HttpResponseMessage>>, CancellationToken, Task<HttpResponseMessage>> Invoke = static (send, ct) => send(ct);

    /// <summary>Sends with <paramref name="send"/> and throws for a non-success status. See the other overload for the parameters.</summary>
    internal Task<HttpResponseMessage> SendAsync(
        string name,
        CallText operation,
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken,
        string? timeoutAdvice = null,
        UploadFile? file = null,
        bool mayHaveTakenEffect = false) =>
        SendCoreAsync(name, operation, send, Invoke, null, timeoutAdvice, file, mayHaveTakenEffect, cancellationToken);

    private async Task<HttpResponseMessage> SendCoreAsync<TState>(
        string name,
        CallText operation,
        TState state,
        Func<TState, CancellationToken, Task<HttpResponseMessage>>? send,
        HttpRequestMessage? request,
        string? timeoutAdvice,
        UploadFile? file,
        bool mayHaveTakenEffect,
        CancellationToken cancellationToken)
    {
        // The span's name is built only when someone listens (a poll is the SDK's most frequent call).
        using var activity = UploadClientsTelemetry.Source.HasListeners() ? UploadClientsTelemetry.Source.StartActivity(Provider + "." + name, ActivityKind.Client) : null;
        UploadClientsTelemetry.TagSpan(activity, Provider, Account);
        activity?.SetTag(UploadClientsTelemetry.OperationTag, name);
        using var scope = UploadClientsTelemetry.AccountScope(Logger, Account);
        if (file is not null)
        {
            LogUploadStarted(Logger, Provider, name, file.Length);
        }

        // A request not safe to repeat (it creates or charges) that fails once it may have been
        // received has an unknown outcome: say so, with a type and the advice, whatever the failure.
        var uncertain = request is not null ? !UploadResilience.IsSafeToRepeat(request) : mayHaveTakenEffect;
        var advice = timeoutAdvice ?? "Check whether it took effect before sending it again.";
        var started = TimeProvider.GetTimestamp();
        HttpResponseMessage? response = null;
        string outcome = "success";
        try
        {
            try
            {
                response = send is not null
                    ? await send(state, cancellationToken).ConfigureAwait(false)
                    : await (_client ?? throw new InvalidOperationException("This ProviderHttp has no client.")).SendAsync(request!, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException timeout) when (uncertain)
            {
                outcome = "timeout";
                throw new UploadOutcomeUnknownException(
                    Provider,
                    name,
                    $"{Provider} did not answer in time when asked to {operation} (see the provider options' RequestTimeout and UploadTimeout), and the request was sent: it may have been received. {advice}",
                    timeout);
            }
            catch (TimeoutRejectedException timeout)
            {
                outcome = "timeout";
                throw new TimeoutException(
                    $"{Provider} did not answer in time when asked to {operation} (see the provider options' RequestTimeout and UploadTimeout)." +
                    (timeoutAdvice is null ? string.Empty : " " + timeoutAdvice),
                    timeout);
            }
            catch (Polly.RateLimiting.RateLimiterRejectedException rejected)
            {
                outcome = "rate_limited";
                throw new UploadRateLimitRejectedException(
                    Provider,
                    $"The request to {operation} was not sent: the client-side write rate limit's queue is full (WriteRateLimit.QueueLimit requests already wait for a permit). Nothing reached {Provider}; send it again later, or raise the queue limit.",
                    rejected);
            }
            catch (OperationCanceledException)
            {
                outcome = "canceled";
                throw;
            }
            catch (HttpRequestException ex) when (uncertain && !UploadResilience.NeverReachedServer(ex))
            {
                outcome = "transport";
                throw new UploadOutcomeUnknownException(
                    Provider,
                    name,
                    $"The connection failed after the request to {operation} was sent ({ex.Message}): {Provider} may have received it. {advice}",
                    ex);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError && _base is not null)
            {
                // Still .NET's HttpRequestException (same HttpRequestError), but naming the provider, the address and the setting.
                outcome = "transport";
                var setting = (Account is null ? "UploadClients:" : "UploadClients:Accounts:" + Account + ":") + Provider + ":BaseAddress";
                throw new HttpRequestException(
                    ex.HttpRequestError,
                    $"{Provider} could not be reached at {Redactor.RedactUrl(new Uri(_base))} ({Redactor.Redact(ex.Message)}); check {setting} and the network.",
                    ex,
                    ex.StatusCode);
            }
            catch (HttpRequestException)
            {
                outcome = "transport";
                throw;
            }

            activity?.SetTag(UploadClientsTelemetry.HttpStatusTag, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                outcome = "error";
                using (response)
                {
                    var error = await ToExceptionAsync(operation.ToString(), response, cancellationToken).ConfigureAwait(false);
                    error.MayHaveTakenEffect = uncertain && (int)error.StatusCode >= 500;
                    activity?.SetTag(UploadClientsTelemetry.ErrorTypeTag, ((int)error.StatusCode).ToString(CultureInfo.InvariantCulture));
                    LogCallFailed(Logger, Provider, name, (int)error.StatusCode, error.ErrorCode);
                    throw error;
                }
            }

            if (Logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = TimeProvider.GetElapsedTime(started);
                LogCallSucceeded(Logger, Provider, name, (int)response.StatusCode, elapsed);
            }
            return response;
        }
        finally
        {
            if (outcome != "success")
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                activity?.SetTag(UploadClientsTelemetry.ErrorTypeTag, activity.GetTagItem(UploadClientsTelemetry.ErrorTypeTag) ?? outcome);
            }

            if (file is not null)
            {
                var tags = UploadClientsTelemetry.Tags(Provider, Account);
                tags.Add(UploadClientsTelemetry.OperationTag, name);
                tags.Add(UploadClientsTelemetry.OutcomeTag, outcome);
                UploadClientsTelemetry.Uploads.Add(1, in tags);
            }
        }
    }

    /// <summary>Reads a success body; a body that is not the documented JSON becomes an <see cref="UploadApiException"/>.</summary>
    internal async Task<T> ReadAsync<T>(CallText operation, HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (response.Content is BufferedContent buffered)
        {
            // Read within the attempt by the pipeline's last step: parse it where it is.
            return Parse(operation, response, buffered.Body, typeInfo);
        }

        // The body is read into a pooled buffer (status bodies are small): parsed from there, and
        // still at hand for the error snippet when it is not the documented JSON.
        var length = response.Content.Headers.ContentLength is { } l and > 0 and < int.MaxValue ? (int)l : 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var disposeStream = stream.ConfigureAwait(false);
            var total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return Parse(operation, response, buffer.AsSpan(0, total), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private T Parse<T>(CallText operation, HttpResponseMessage response, ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo)
    {
        if (body.IsEmpty)
        {
            throw Unreadable(operation, response, [], "an empty body", null);
        }

        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo)
                ?? throw Unreadable(operation, response, body.ToArray(), "a JSON null", null);

            // A documented member absent or a status the docs do not list: logged once per process, counted always.
            WorkingDrift.Observe(this, typeof(T), body);
            return value;
        }
        catch (JsonException ex)
        {
            throw Unreadable(operation, response, body.ToArray(), "a body that is not the documented JSON" + (_successBodiesHoldSecrets ? string.Empty : " (" + ex.Message + ")"), ex);
        }
    }

    /// <summary>Maps a non-success response through the provider's mapper.</summary>
    internal async Task<UploadApiException> ToExceptionAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            // API calls follow no redirect (HttpPipeline): say where it pointed (scheme, host and port
            // only: a path or query could hold a secret) and what to check.
            var target = response.Headers.Location is { IsAbsoluteUri: true } location
                ? location.GetLeftPart(UriPartial.Authority)
                : response.Headers.Location is null ? "nowhere (no Location header)" : "a relative location";
            var redirect = new UploadApiException(
                Provider,
                response.StatusCode,
                $"{Provider} answered {(int)response.StatusCode} redirecting to {target} when asked to {operation}. " +
                "The SDK follows no redirect of an API call, so that credentials never reach another host; check the BaseAddress in the provider options (a proxy or gateway in front of the API may be redirecting).",
                responseBody: Redact(text));
            redirect.KeepResponse(ResponseHeaders.Of(response, Redact));
            return redirect;
        }

        var error = new ProviderError(
            Provider,
            operation,
            response.StatusCode,
            response.ReasonPhrase,
            Redact(text),
            RetryAfter.From(response, TimeProvider));
        var mapped = _errors.Map(error);
        mapped.KeepResponse(ResponseHeaders.Of(response, Redact));
        return mapped;
    }

    private UploadUnexpectedResponseException Unreadable(CallText operation, HttpResponseMessage response, byte[] body, string what, Exception? inner)
    {
        var snippet = _successBodiesHoldSecrets
            ? $"(not kept: {body.Length} bytes that may hold a live token)"
            : Redact(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, Redactor.MaxBodyChars * 2)));
        if (_successBodiesHoldSecrets && inner is JsonException)
        {
            // The parser's message quotes the text it stopped at, which may be the token.
            inner = new JsonException("The body is not the documented JSON (details not kept: they may quote a token).");
        }

        var unreadable = new UploadUnexpectedResponseException(
            Provider,
            response.StatusCode,
            $"{Provider} answered {(int)response.StatusCode} with {what} when asked to {operation}. " +
            "The SDK could not read the result; if this repeats, report it with the ResponseBody and RequestId of this exception.",
            snippet,
            inner);
        unreadable.KeepResponse(ResponseHeaders.Of(response, Redact));
        return unreadable;
    }

    /// <summary>
    /// True when <paramref name="ex"/> is a failure the SDK would have retried, had the file not
    /// been a non-seekable stream that was already sent (so a retry would send nothing or half).
    /// </summary>
    internal static bool WasNotRetriedForwardOnly(Exception ex, UploadFile file) =>
        !file.IsReplayable
        && !file.CanReopen
        && (ex is UploadApiException { IsTransient: true } || (ex is HttpRequestException && !UploadResilience.NeverReachedServer(ex)));

    /// <summary>
    /// The same failure, with a sentence saying why it was not retried and what to do. An
    /// <see cref="HttpRequestException"/> is wrapped, keeping its <see cref="HttpRequestException.HttpRequestError"/>
    /// and status, with the original as the inner exception.
    /// </summary>
    internal static Exception ExplainForwardOnly(Exception ex, UploadFile file, string advice)
    {
        var why = $" It was not retried because '{file.FileName}' is a non-seekable stream that was already sent once (a retry would send nothing or half of it); {advice}";
        if (ex is UploadApiException api)
        {
            var explained = new UploadApiException(api.Provider, api.StatusCode, api.MessageWithoutRequestId + why, api.ErrorCode, api.FieldErrors, api.ResponseBody, api) { RetryAfter = api.RetryAfter, ErrorDetails = api.ErrorDetails };
            explained.KeepResponse(api.ResponseHeaders);
            return explained;
        }

        return ex is HttpRequestException http
                ? new HttpRequestException(http.HttpRequestError, http.Message + why, http, http.StatusCode)
                : ex;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "{Provider} {Operation}: sending a file of {Bytes} bytes")]
    private static partial void LogUploadStarted(ILogger logger, string provider, string operation, long? bytes);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "{Provider} {Operation}: {Status} in {Elapsed}")]
    private static partial void LogCallSucceeded(ILogger logger, string provider, string operation, int status, TimeSpan elapsed);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "{Provider} {Operation}: the provider answered {Status} ({ErrorCode})")]
    private static partial void LogCallFailed(ILogger logger, string provider, string operation, int status, string? errorCode);

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var disposeStream = stream.ConfigureAwait(false);
            var buffer = new byte[BoundedResponseHandler.MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The connection dropped while the error body was read: the status is all there is.
            return string.Empty;
        }
    }
}
