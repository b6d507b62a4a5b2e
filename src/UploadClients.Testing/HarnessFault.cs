using System.Net;
using System.Text.Json.Nodes;

namespace UploadClients.Testing;

/// <summary>
/// A fault the harness applies to the next request(s) to an endpoint. Made with the static
/// factories; see <see cref="UploadClientsHarness.InjectFault"/>.
/// </summary>
public sealed record HarnessFault
{
    private HarnessFault(FaultKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; }

    /// <summary>A short description, recorded in the journal.</summary>
    public string Description { get; }

    /// <summary>The status a <see cref="FaultKind.Status"/> fault answers with.</summary>
    public HttpStatusCode StatusCode { get; private init; } = HttpStatusCode.OK;

    /// <summary>The body a status fault answers with; null: the provider's own error body for the endpoint it is injected on (<see cref="WithProviderBody"/>).</summary>
    public string? Body { get; private init; }

    /// <summary>The media type of <see cref="Body"/>.</summary>
    internal string BodyContentType { get; private init; } = "application/json";

    /// <summary>A <c>Retry-After</c> in seconds.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>A <c>Retry-After</c> as an HTTP date.</summary>
    public DateTimeOffset? RetryAfterDate { get; private init; }

    /// <summary>How long a <see cref="FaultKind.Delay"/> fault holds the response.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>
    /// When true, the fake handles the request first (an upload is created and charged) and the
    /// fault replaces its response, as when a proxy fails after the provider accepted a request.
    /// </summary>
    public bool AfterProcessing { get; private init; }

    /// <summary>For <see cref="FaultKind.DropConnection"/>: whether the request body is read before the connection is dropped.</summary>
    public bool AfterReadingBody { get; private init; }

    /// <summary>For <see cref="FaultKind.RewriteHeader"/>: the header to set on the real response.</summary>
    public KeyValuePair<string, string>? Header { get; private init; }

    /// <summary>For <see cref="FaultKind.RewriteJson"/>: changes the JSON body of the real response.</summary>
    public Action<JsonObject>? Rewrite { get; private init; }

    /// <summary>Answers with <paramref name="status"/> (and an optional body and Retry-After) without reaching the fake.</summary>
    /// <param name="status">The status, for example 503.</param>
    /// <param name="body">The body; by default the provider's own error body (OptimalDial's <c>{"detail": …}</c>, OrbitSearch's <c>{"status": "failed", "error": {…}}</c>, Talkdesk's <c>{code, message, description, fields}</c>, an S3 XML error on storage hosts).</param>
    /// <param name="retryAfter">A Retry-After header in seconds.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault Status(int status, string? body = null, TimeSpan? retryAfter = null) =>
        new(FaultKind.Status, $"status {status}" + (retryAfter is null ? string.Empty : $" Retry-After {retryAfter.Value.TotalSeconds}s"))
        {
            StatusCode = (HttpStatusCode)status,
            Body = body,
            RetryAfter = retryAfter,
        };

    /// <summary>
    /// Answers with a redirect to <paramref name="location"/> without reaching the fake, as a
    /// hijacked or misconfigured proxy might: the SDK's API clients must follow none.
    /// </summary>
    /// <param name="location">Where the redirect points.</param>
    /// <param name="status">301, 302, 303, 307 or 308.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault Redirect(Uri location, int status = 307)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new(FaultKind.Status, $"redirect {status} to {location.GetLeftPart(UriPartial.Authority)}")
        {
            StatusCode = (HttpStatusCode)status,
            Body = string.Empty,
            Header = new("Location", location.AbsoluteUri),
        };
    }

    /// <summary>
    /// Lets the fake answer (so an upload is created and charged), sends the headers and half the
    /// body, then drops the connection: a body cut off mid-way.
    /// </summary>
    /// <returns>The fault.</returns>
    public static HarnessFault CutOffBody() => new(FaultKind.CutBody, "body cut off halfway") { AfterProcessing = true };

    /// <summary>
    /// Lets the fake answer, sends the headers and half the body, then sends nothing more until the
    /// client gives up: a body that trickles. The hold is reported like <see cref="Delayed"/>'s
    /// (<see cref="RequestJournal.WaitForHeldAsync"/>).
    /// </summary>
    /// <returns>The fault.</returns>
    public static HarnessFault StalledBody() => new(FaultKind.StallBody, "body stalls halfway") { AfterProcessing = true };

    /// <summary>
    /// Answers <paramref name="status"/> with a body that repeats the request's credential (the
    /// Authorization header's value without its scheme), as a careless API or proxy might: the SDK
    /// must show it nowhere.
    /// </summary>
    /// <param name="status">The status, for example 400.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault EchoCredential(int status = 400) =>
        new(FaultKind.EchoCredential, $"status {status} echoing the credential") { StatusCode = (HttpStatusCode)status };

    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    /// <param name="retryAfter">The wait asked for.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault TooManyRequests(TimeSpan retryAfter) => Status(429, null, retryAfter);

    /// <summary>429 with <c>Retry-After</c> as an HTTP date.</summary>
    /// <param name="until">The date to wait until.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault TooManyRequestsUntil(DateTimeOffset until) =>
        new(FaultKind.Status, $"status 429 Retry-After {until:R}")
        {
            StatusCode = HttpStatusCode.TooManyRequests,
            RetryAfterDate = until,
        };

    /// <summary>
    /// This fault with its body filled in when the test gave none: the error body of the provider that
    /// owns <paramref name="endpoint"/>, in that provider's documented shape (a fault answers as the
    /// provider would, never in another provider's envelope).
    /// </summary>
    internal HarnessFault WithProviderBody(string? endpoint)
    {
        if (Body is not null || Kind is not (FaultKind.Status or FaultKind.EchoCredential))
        {
            return this;
        }

        var (body, contentType) = FaultBodies.For(endpoint, (int)StatusCode, RetryAfter);
        var filled = this with { Body = body, BodyContentType = contentType };

        // OptimalDial documents `WWW-Authenticate: Bearer` on its API's 401 (not on its storage host, nor from a webhook receiver).
        return (int)StatusCode == 401 && Header is null && endpoint?.StartsWith("OptimalDial.", StringComparison.Ordinal) == true && endpoint is not (HarnessEndpoint.OptimalDialStorageDownload or HarnessEndpoint.OptimalDialWebhookReceiver)
            ? filled with { Header = new("WWW-Authenticate", "Bearer") }
            : filled;
    }

    /// <summary>
    /// Holds the response for <paramref name="delay"/> (real time), then answers normally; a client
    /// that gives up first ends the hold. <see cref="RequestJournal.WaitForHeldAsync"/> tells a test
    /// on a fake clock when the request is being held, so it can let the client's timeout pass without waiting.
    /// </summary>
    /// <param name="delay">How long to hold it.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault Delayed(TimeSpan delay) => new(FaultKind.Delay, $"delay {delay.TotalMilliseconds} ms") { Delay = delay };

    /// <summary>Drops the connection without an answer (a TCP reset).</summary>
    /// <param name="afterReadingBody">Read the request body first, so the request provably reached the server.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault DropConnection(bool afterReadingBody = true) =>
        new(FaultKind.DropConnection, "dropped connection") { AfterReadingBody = afterReadingBody };

    /// <summary>Answers 200 with JSON cut off in the middle.</summary>
    /// <returns>The fault.</returns>
    public static HarnessFault MalformedJson() => new(FaultKind.Status, "malformed JSON")
    {
        StatusCode = HttpStatusCode.OK,
        Body = "{\"id\": \"3c90c3cc-0d44-4b50-8888-8dd25736052a\", \"status\": \"proc",
    };

    /// <summary>Answers 200 with an empty body.</summary>
    /// <returns>The fault.</returns>
    public static HarnessFault EmptyBody() => new(FaultKind.Status, "empty body") { StatusCode = HttpStatusCode.OK, Body = string.Empty };

    /// <summary>Lets the fake answer, then removes <paramref name="field"/> from its JSON body.</summary>
    /// <param name="field">The field to remove.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault MissingField(string field) =>
        new(FaultKind.RewriteJson, $"without field {field}") { AfterProcessing = true, Rewrite = o => o.Remove(field) };

    /// <summary>Lets the fake answer, then sets <paramref name="field"/> to <paramref name="value"/> (for example an unknown status).</summary>
    /// <param name="field">The field to set.</param>
    /// <param name="value">The value.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault SetField(string field, string value) =>
        new(FaultKind.RewriteJson, $"{field} = {value}") { AfterProcessing = true, Rewrite = o => o[field] = value };

    /// <summary>
    /// Drift: lets the fake answer, then renames the member at <paramref name="path"/> to
    /// <paramref name="newName"/>, keeping its value (as a provider that renamed a field would answer).
    /// A path names a member from the root, <c>[]</c> standing for every item of an array:
    /// <c>status</c>, <c>data[].created_at</c>, <c>$[].url</c> (a root array), <c>_embedded.record_lists[].name</c>.
    /// </summary>
    /// <param name="path">The member to rename.</param>
    /// <param name="newName">Its new name (in the same object).</param>
    /// <returns>The fault.</returns>
    public static HarnessFault RenameField(string path, string newName)
    {
        ArgumentException.ThrowIfNullOrEmpty(newName);
        return Drift($"{path} renamed {newName}", path, (parent, name) =>
        {
            if (parent.Remove(name, out var value))
            {
                parent[newName] = value;
            }
        });
    }

    /// <summary>
    /// Drift: lets the fake answer, then changes the JSON type of the member at <paramref name="path"/>:
    /// a string becomes a number (its length), anything else a string (its JSON text), as a provider
    /// that retyped a field would answer. See <see cref="RenameField"/> for paths.
    /// </summary>
    /// <param name="path">The member to retype.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault ChangeType(string path) => Drift($"{path} retyped", path, (parent, name) =>
    {
        if (parent[name] is { } value)
        {
            parent[name] = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(value.GetValue<string>().Length) : JsonValue.Create(value.ToJsonString());
        }
    });

    /// <summary>
    /// Drift: lets the fake answer, then sets the member at <paramref name="path"/> to the string
    /// <paramref name="value"/>, adding it where it is not there: a status the docs do not list
    /// (<c>SetValue("data[].status", "queued")</c>) or a field they do not name. See <see cref="RenameField"/> for paths.
    /// </summary>
    /// <param name="path">The member to set.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault SetValue(string path, string value) => Drift($"{path} = {value}", path, (parent, name) => parent[name] = value);

    private static HarnessFault Drift(string description, string path, Action<JsonObject, string> change)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(FaultKind.RewriteJson, description) { AfterProcessing = true, RewriteNode = root => JsonPaths.ForEach(root, path, change) };
    }

    /// <summary>For the drift faults: changes the JSON body of the real response, whatever its root.</summary>
    internal Action<JsonNode>? RewriteNode { get; private init; }

    /// <summary>Lets the fake answer, then sets a response header (for example a wrong ETag).</summary>
    /// <param name="name">The header.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The fault.</returns>
    public static HarnessFault ResponseHeader(string name, string value) =>
        new(FaultKind.RewriteHeader, $"{name}: {value}") { AfterProcessing = true, Header = new(name, value) };

    /// <summary>The same fault, applied after the fake has handled the request (it took effect, then the answer was lost).</summary>
    /// <returns>The fault.</returns>
    public HarnessFault AfterTheFakeHandledIt() => this with { AfterProcessing = true };
}

/// <summary>What a <see cref="HarnessFault"/> does.</summary>
public enum FaultKind
{
    /// <summary>Answers with a fixed status and body.</summary>
    Status,

    /// <summary>Holds the response, then answers normally.</summary>
    Delay,

    /// <summary>Drops the connection.</summary>
    DropConnection,

    /// <summary>Changes the JSON of the real response.</summary>
    RewriteJson,

    /// <summary>Sets a header on the real response.</summary>
    RewriteHeader,

    /// <summary>Answers with a status whose body repeats the request's credential.</summary>
    EchoCredential,

    /// <summary>Sends the real response's headers and half its body, then drops the connection.</summary>
    CutBody,

    /// <summary>Sends the real response's headers and half its body, then holds the rest.</summary>
    StallBody,
}
