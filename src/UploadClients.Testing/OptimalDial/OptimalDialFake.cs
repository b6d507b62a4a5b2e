using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UploadClients.Testing.OptimalDial;

/// <summary>
/// The OptimalDial part of the harness: uploads (create, read, list with cursors, cancel), signed
/// download links served by the harness's own storage path, and webhook events signed the way
/// OptimalDial signs them. It checks the API key, parses the multipart body, applies the
/// 100-valid-numbers rule, keeps credit accounting, and scripts status progressions.
/// </summary>
/// <remarks>
/// Every answer has a documented shape (checked against the providers' examples by the contract
/// tests). Assumed where OptimalDial is silent: a refused cancel is 409; a processed file is only
/// available once the upload completed (409 before); <c>next_cursor</c> is opaque.
/// </remarks>
public sealed partial class OptimalDialFake
{
    /// <summary>The API key the fake accepts.</summary>
    public const string ApiKey = "od_live_harness_0123456789abcdef";

    /// <summary>OptimalDial's documented file limit.</summary>
    public static readonly long MaxFileBytes = 100L * 1024 * 1024;

    private static readonly string[] Cancellable = ["pending_mapping", "validating", "awaiting_confirmation", "ready_for_processing"];

    private readonly ConcurrentDictionary<Guid, FakeUpload> _uploads = new();
    private readonly ConcurrentDictionary<string, (Guid Upload, string Kind, DateTimeOffset ExpiresAt)> _links = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Uri _baseAddress;
    private readonly Lock _creditsLock = new();
    private long _creditsCharged;
    private long _sequence;

    internal OptimalDialFake(WireMockServer server, TimeProvider time, Uri baseAddress)
    {
        _time = time;
        _baseAddress = baseAddress;
        Webhooks = new OptimalDialWebhookSender(timeProvider: time);
        Route(server, HarnessEndpoint.OptimalDialCreatePath().ToString(), "POST", Create);
        Route(server, HarnessEndpoint.OptimalDialCreatePath().ToString(), "GET", List);
        Route(server, HarnessEndpoint.OptimalDialUploadPath().ToString(), "GET", Get);
        Route(server, HarnessEndpoint.OptimalDialUploadPath().ToString(), "DELETE", Cancel);
        Route(server, HarnessEndpoint.OptimalDialDownloadPath().ToString(), "GET", DownloadLink);
        Route(server, HarnessEndpoint.OptimalDialStoragePath().ToString(), "GET", Storage);
        RouteWebhooks(server);
    }

    // API key -> its write times in the rolling window (the limit is per key).
    private readonly Dictionary<string, Queue<DateTimeOffset>> _writes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _chargedByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _apiKeys = new(StringComparer.Ordinal) { [ApiKey] = 0 };
    private int _rateLimited;

    /// <summary>
    /// Accepts another API key, of an organization of its own (OptimalDial keys are scoped to one
    /// organization): the uploads it creates are visible to it alone (another key reading, listing,
    /// cancelling or linking them gets the documented 404 "Upload not found"), and its writes count
    /// against a <see cref="WriteLimit"/> of its own. <see cref="CreditBalance"/> is one pool for all keys.
    /// </summary>
    /// <param name="apiKey">The key, starting with <c>od_live_</c>.</param>
    public void AddOrganization(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _apiKeys[apiKey] = 0;
    }

    /// <summary>The credits charged to one API key's uploads so far.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>The credits.</returns>
    public long CreditsChargedTo(string apiKey) => _chargedByKey.TryGetValue(apiKey, out var c) ? c : 0;

    /// <summary>The uploads one API key has created (and may read).</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>Their ids.</returns>
    public IReadOnlyCollection<Guid> UploadIdsOf(string apiKey) => [.. _uploads.Values.Where(u => u.Owner == apiKey).Select(u => u.Id)];

    /// <summary>Write requests (anything but GET to /api/v1/…) the API key may make in any rolling <see cref="WriteLimitWindow"/>; one more is answered 429 with Retry-After, before anything is charged. Zero or less: no limit.</summary>
    /// <remarks>Default: 60, as OptimalDial documents (guides/errors-and-rate-limits).</remarks>
    public int WriteLimit { get; set; } = 60;

    /// <summary>The rolling window of <see cref="WriteLimit"/>, on the harness clock (shorten it to keep tests fast).</summary>
    /// <remarks>Default: 1 minute.</remarks>
    public TimeSpan WriteLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many write requests were answered 429 by <see cref="WriteLimit"/>.</summary>
    public int RateLimitedRequests => Volatile.Read(ref _rateLimited);

    /// <summary>The documented 429 when the write limit is reached (an exact rolling window); null when the request may go on.</summary>
    private IResponseMessage? WriteLimited(IRequestMessage request)
    {
        if (WriteLimit <= 0 || string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase) || !request.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
        {
            return null;
        }

        lock (_writes)
        {
            // The time is read under the lock, so that the writes queue in the order of their times.
            var now = _time.GetUtcNow();
            var key = FakeResponses.BearerToken(request) ?? string.Empty;
            if (!_writes.TryGetValue(key, out var writes))
            {
                _writes[key] = writes = new Queue<DateTimeOffset>();
            }

            while (writes.Count > 0 && writes.Peek() <= now - WriteLimitWindow)
            {
                writes.Dequeue();
            }

            if (writes.Count < WriteLimit)
            {
                writes.Enqueue(now);
                return null;
            }

            Interlocked.Increment(ref _rateLimited);
            var wait = writes.Peek() + WriteLimitWindow - now;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return FakeResponses.Json(
                429,
                new JsonObject
                {
                    ["detail"] = new JsonObject
                    {
                        ["error"] = "rate_limit_exceeded",
                        ["limit"] = WriteLimit,
                        ["observed"] = writes.Count + 1,
                        ["retry_after_seconds"] = seconds,
                    },
                },
                new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>The statuses a new upload goes through: the create response shows the first, each GET moves one step, the last one stays.</summary>
    /// <remarks>Default: validating, processing, completed.</remarks>
    public IReadOnlyList<string> StatusScript { get; set; } = ["validating", "processing", "completed"];

    /// <summary>The credits the organization has left.</summary>
    /// <remarks>Default: one million.</remarks>
    public long CreditBalance { get; set; } = 1_000_000;

    /// <summary>Whether the organization's subscription is active (false: every request answers 403).</summary>
    public bool SubscriptionActive { get; set; } = true;

    /// <summary>The fewest valid numbers an upload must have (OptimalDial documents 100).</summary>
    public int MinimumValidNumbers { get; set; } = 100;

    /// <summary>The most entries a JSON-mode upload takes (phone_numbers or contacts).</summary>
    public const int MaxJsonEntries = 250_000;

    /// <summary>How long a download link lives.</summary>
    /// <remarks>Default: 1 hour, as OptimalDial documents.</remarks>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>All credits charged so far, by every accepted upload (refunds not deducted).</summary>
    public long CreditsCharged => Interlocked.Read(ref _creditsCharged);

    /// <summary>The uploads the fake holds.</summary>
    public IReadOnlyCollection<Guid> UploadIds => [.. _uploads.Keys];

    /// <summary>Signs and sends webhook events with a secret of its own (<see cref="OptimalDialWebhookSender.Secret"/>).</summary>
    public OptimalDialWebhookSender Webhooks { get; }

    /// <summary>Adds an upload directly (as if made in the web app), with its own status script.</summary>
    /// <param name="statuses">Its statuses: the first GET shows the first, each later GET moves one step, the last one stays.</param>
    /// <returns>The upload's id.</returns>
    public Guid AddUpload(params string[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var id = Guid.NewGuid();
        var csv = Encoding.UTF8.GetBytes("name,phone\r\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"Seeded {i},(212) 555-{i:0000}\r\n")));
        _uploads[id] = new FakeUpload(id, Interlocked.Increment(ref _sequence), "seeded.csv", csv, "phone", 150, 0, statuses.Length == 0 ? ["completed"] : statuses, _time.GetUtcNow(), skipMobileLookup: false, seeded: true) { Owner = ApiKey };
        return id;
    }

    /// <summary>How many times an upload has been read with GET.</summary>
    /// <param name="id">The upload.</param>
    /// <returns>The count.</returns>
    public int PollCount(Guid id) => _uploads.TryGetValue(id, out var u) ? u.Polls : 0;

    /// <summary>An upload's status as the next GET would show it without moving the script on.</summary>
    /// <param name="id">The upload.</param>
    /// <returns>The status, or <see langword="null"/> when there is no such upload.</returns>
    public string? CurrentStatus(Guid id) => _uploads.TryGetValue(id, out var u) ? u.Status : null;

    /// <summary>The bytes the storage host serves for one file of an upload (to compare a download with).</summary>
    /// <param name="id">The upload.</param>
    /// <param name="kind"><c>original</c>, <c>processed</c> or <c>processed-filtered</c>.</param>
    /// <returns>The file's bytes, or <see langword="null"/>.</returns>
    public byte[]? FileContent(Guid id, string kind) => _uploads.TryGetValue(id, out var u) ? u.File(kind) : null;

    /// <summary>The Upload object of an upload as JSON, as GET would answer it now.</summary>
    /// <param name="id">The upload.</param>
    /// <returns>The JSON, or <see langword="null"/>.</returns>
    public JsonObject? UploadJson(Guid id) => _uploads.TryGetValue(id, out var u) ? u.ToJson(advance: false) : null;

    /// <summary>
    /// Builds the signed body and headers of a webhook event about an upload, in the shape
    /// OptimalDial's webhooks guide documents: <c>data.upload</c> is a summary (id, source, status,
    /// original_filename, row counts, organization_id, created_at); upload.created adds
    /// <c>total_rows</c>; upload.completed adds <c>downloads</c> (plain signed URLs of the processed
    /// files, served by this harness); upload.failed adds <c>data.error_message</c>.
    /// </summary>
    /// <param name="type">The event type, for example <c>upload.completed</c>.</param>
    /// <param name="uploadId">The upload.</param>
    /// <returns>The body and its <c>X-OptimalDial-*</c> headers.</returns>
    public OptimalDialWebhookDelivery CreateWebhookEvent(string type, Guid uploadId) => Webhooks.CreateDelivery(type, WebhookEventData(type, uploadId));

    private JsonObject WebhookEventData(string type, Guid uploadId)
    {
        if (!_uploads.TryGetValue(uploadId, out var upload))
        {
            throw new ArgumentException($"The harness holds no upload {uploadId}.", nameof(uploadId));
        }

        var summary = upload.ToWebhookSummary();
        var data = new JsonObject { ["upload"] = summary };
        if (type == "upload.created")
        {
            summary["total_rows"] = upload.Valid + upload.Invalid;
        }
        else if (type == "upload.completed")
        {
            summary["downloads"] = new JsonObject
            {
                ["processed"] = (string)IssueLink(uploadId, "processed")["download_url"]!,
                ["processed_filtered"] = (string)IssueLink(uploadId, "processed-filtered")["download_url"]!,
            };
        }
        else if (type == "upload.failed")
        {
            data["error_message"] = "Processing failed (harness)";
        }

        return data;
    }

    /// <summary>Builds the signed <c>webhook.ping</c> OptimalDial sends when an endpoint is registered.</summary>
    /// <param name="challenge">The challenge value; a random one when null.</param>
    /// <returns>The body and its <c>X-OptimalDial-*</c> headers.</returns>
    public OptimalDialWebhookDelivery CreateWebhookPing(string? challenge = null) =>
        Webhooks.CreateDelivery("webhook.ping", new JsonObject { ["challenge"] = challenge ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) });

    private void Route(WireMockServer server, string pattern, string method, Func<IRequestMessage, IResponseMessage> handler) =>
        Route(server, pattern, method, req => Task.FromResult(handler(req)));

    /// <summary>Serves one endpoint; webhook events its handler raised are delivered before it answers (so a test sees them once the call returns).</summary>
    private void Route(WireMockServer server, string pattern, string method, Func<IRequestMessage, Task<IResponseMessage>> handler) =>
        server.Given(Request.Create().WithPath(new RegexMatcher(pattern)).UsingMethod(method))
            .RespondWith(Response.Create().WithCallback(async req =>
            {
                if (WriteLimited(req) is { } limited)
                {
                    return limited;
                }

                var response = await handler(req).ConfigureAwait(false);
                await DeliverDueWebhooksAsync().ConfigureAwait(false);
                return response;
            }));

    private IResponseMessage Create(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        if (FakeResponses.Header(request, "Content-Type") is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return CreateFromJson(request);
        }

        if (FakeResponses.FormParts(request) is not { } parts)
        {
            return Detail(415, "Unsupported Media Type: expected multipart/form-data or application/json");
        }

        parts.TryGetValue("file", out var file);
        parts.TryGetValue("phone_column", out var phoneColumn);
        // guides/errors-and-rate-limits: 400 for a missing phone_column (the envelope is {"detail": string}).
        if (file is null || phoneColumn is null)
        {
            return Detail(400, file is null ? "Missing file" : "Missing phone_column");
        }

        if (file!.Content.Length > MaxFileBytes)
        {
            return Detail(413, "File too large: the limit is 100 MB");
        }

        var column = Encoding.UTF8.GetString(phoneColumn!.Content);
        var (header, valid, invalid) = CountNumbers(file.Content, column);
        if (header is null)
        {
            return Detail(422, "The CSV has no header row");
        }

        if (!header.Contains(column))
        {
            return Detail(422, $"Column '{column}' not found in CSV header");
        }

        if (Charge(valid, FakeResponses.BearerToken(request)!) is { } refusedCharge)
        {
            return refusedCharge;
        }

        var skip = parts.TryGetValue("skip_mobile_lookup", out var s) && Encoding.UTF8.GetString(s.Content).Equals("true", StringComparison.OrdinalIgnoreCase);
        var name = parts.TryGetValue("filename_override", out var o) ? Encoding.UTF8.GetString(o.Content) : file.FileName ?? "upload.csv";

        // Large bodies are not kept (the storage serves only what tests can compare).
        var kept = file.Content.Length <= 8 * 1024 * 1024 ? file.Content : [];
        var upload = new FakeUpload(Guid.NewGuid(), Interlocked.Increment(ref _sequence), name, kept, column, valid, invalid, StatusScript, _time.GetUtcNow(), skip) { Owner = FakeResponses.BearerToken(request)! };
        upload.Size = file.Content.Length;
        _uploads[upload.Id] = upload;
        RaiseWebhookEvent(OptimalDialWebhookEventTypeNames.UploadCreated, upload.Id);
        // OptimalDial documents 200 for every success (guides/errors-and-rate-limits).
        return FakeResponses.Json(200, upload.ToJson(advance: false));
    }

    /// <summary>
    /// JSON mode (getting-started, api-reference/uploads): {"filename", "phone_numbers"} or
    /// {"contacts"}; both or neither is a 400, more than 250,000 entries a 413 (guides/errors-and-rate-limits).
    /// The numbers become the upload's original file (a "phone" column), named api_upload_&lt;hex&gt;.csv
    /// when no filename is given; credits are charged as for a CSV.
    /// </summary>
    private IResponseMessage CreateFromJson(IRequestMessage request)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(request.Body ?? string.Empty) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return Detail(400, "The body is not a JSON object");
        }

        var numbers = body["phone_numbers"] as JsonArray;
        var contacts = body["contacts"] as JsonArray;
        if ((numbers is null) == (contacts is null))
        {
            return Detail(400, "Provide exactly one of phone_numbers and contacts");
        }

        var entries = numbers ?? contacts!;
        if (entries.Count > MaxJsonEntries)
        {
            return Detail(413, $"At most {MaxJsonEntries} entries per upload");
        }

        var phones = numbers is not null
            ? numbers.Select(n => n?.GetValueKind() == System.Text.Json.JsonValueKind.String ? n.GetValue<string>() : string.Empty)
            : contacts!.Select(c => (c as JsonObject)?["phone"]?.GetValue<string>() ?? string.Empty);
        var csv = Encoding.UTF8.GetBytes("phone\r\n" + string.Concat(phones.Select(p => "\"" + p.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"\r\n")));
        var (_, valid, invalid) = CountNumbers(csv, "phone");
        if (Charge(valid, FakeResponses.BearerToken(request)!) is { } refusedCharge)
        {
            return refusedCharge;
        }

        var name = body["filename"]?.GetValue<string>() is { Length: > 0 } given ? given : $"api_upload_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.csv";
        var skip = body["skip_mobile_lookup"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var upload = new FakeUpload(Guid.NewGuid(), Interlocked.Increment(ref _sequence), name, csv, "phone", valid, invalid, StatusScript, _time.GetUtcNow(), skip) { Owner = FakeResponses.BearerToken(request)! };
        upload.Size = csv.Length;
        _uploads[upload.Id] = upload;
        RaiseWebhookEvent(OptimalDialWebhookEventTypeNames.UploadCreated, upload.Id);
        return FakeResponses.Json(200, upload.ToJson(advance: false));
    }

    /// <summary>
    /// The rule both upload modes share: at least <see cref="MinimumValidNumbers"/> valid numbers
    /// (else 422), enough credits (else 402), then one credit per valid number is charged.
    /// </summary>
    private IResponseMessage? Charge(int valid, string apiKey)
    {
        if (valid < MinimumValidNumbers)
        {
            return Detail(422, $"At least {MinimumValidNumbers} valid US/Canadian phone numbers are required; found {valid}");
        }

        lock (_creditsLock)
        {
            if (CreditBalance < valid)
            {
                return Detail(402, "Insufficient credits");
            }

            CreditBalance -= valid;
            _creditsCharged += valid;
            _chargedByKey.AddOrUpdate(apiKey, valid, (_, c) => c + valid);
        }

        return null;
    }

    private IResponseMessage Get(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        if (!Find(request, out var upload, out var error))
        {
            return error!;
        }

        var before = upload!.Status;
        var json = upload.ToJson(advance: true);
        var after = (string)json["status"]!;
        if (after != before && after is "completed" or "failed")
        {
            RaiseWebhookEvent(after == "completed" ? OptimalDialWebhookEventTypeNames.UploadCompleted : OptimalDialWebhookEventTypeNames.UploadFailed, upload.Id);
        }

        return FakeResponses.Json(200, json);
    }

    private IResponseMessage List(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        var query = request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>();
        var limit = query.TryGetValue("limit", out var l) && int.TryParse(l.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 50;
        if (limit is < 1 or > 100)
        {
            return Detail(400, "limit must be between 1 and 100");
        }

        var offset = 0;
        if (query.TryGetValue("cursor", out var c) && c.FirstOrDefault() is { Length: > 0 } cursor)
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                return Detail(400, "Invalid cursor");
            }
        }

        var caller = FakeResponses.BearerToken(request);
        var all = _uploads.Values.Where(u => u.Owner == caller).OrderByDescending(u => u.Sequence).ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture))) : null;
        return FakeResponses.Json(200, new JsonObject
        {
            ["data"] = new JsonArray([.. page.Select(u => (JsonNode)u.ToJson(advance: false))]),
            ["next_cursor"] = next,
        });
    }

    private IResponseMessage Cancel(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        if (!Find(request, out var upload, out var error))
        {
            return error!;
        }

        lock (upload!)
        {
            if (!Cancellable.Contains(upload.Status))
            {
                return Detail(409, $"Upload cannot be cancelled: its status is {upload.Status} (processing has started or it has ended)");
            }

            upload.Cancel();
            lock (_creditsLock)
            {
                CreditBalance += upload.Valid;
            }
        }

        // The documented cancellation result (endpoints/uploads/cancel-an-upload), not the Upload.
        return FakeResponses.Json(200, new JsonObject { ["status"] = "cancelled", ["credits_refunded"] = upload.Valid });
    }

    private bool Find(IRequestMessage request, out FakeUpload? upload, out IResponseMessage? error)
    {
        upload = null;
        error = null;
        var idText = request.Path.TrimEnd('/').Split('/')[4];
        if (!Guid.TryParse(idText, out var id))
        {
            // OptimalDial does not distinguish ids that do not exist from ids it cannot read: 404.
            error = Detail(404, "Upload not found");
            return false;
        }

        // Another organization's upload is not readable: the same 404.
        if (!_uploads.TryGetValue(id, out upload) || upload.Owner != FakeResponses.BearerToken(request))
        {
            error = Detail(404, "Upload not found");
            return false;
        }

        return true;
    }

    private IResponseMessage? Refuse(IRequestMessage request)
    {
        var auth = FakeResponses.Header(request, "Authorization");
        if (auth is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_apiKeys.ContainsKey(auth["Bearer ".Length..]))
        {
            return FakeResponses.Json(401, new JsonObject { ["detail"] = "Invalid or missing API key" }, new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" });
        }

        return SubscriptionActive ? null : Detail(403, "No active subscription");
    }

    private static IResponseMessage Detail(int status, string detail) => FakeResponses.Json(status, ErrorBodies.OptimalDial(detail));

    /// <summary>
    /// Counts valid numbers the way <see cref="CsvInspector"/> does (the same reader and the same
    /// libphonenumber classification), so an estimate made before sending and this fake's
    /// <c>valid_row_count</c> and credits agree on the same file. Valid: a valid US or Canadian
    /// number; every other row (invalid, empty, another country's) is invalid.
    /// </summary>
    private static (HashSet<string>? Header, int Valid, int Invalid) CountNumbers(byte[] csv, string phoneColumn)
    {
        var report = CsvInspector.InspectAsync(UploadFile.FromBytes(csv, "upload.csv"), new CsvInspectionOptions { PhoneColumn = phoneColumn, MaxProblems = 0, FindDuplicates = false })
            .GetAwaiter().GetResult(); // bytes in memory: nothing to wait for
        if (report.Columns.Count == 0 || report.Columns.All(string.IsNullOrWhiteSpace))
        {
            return (null, 0, 0);
        }

        var header = new HashSet<string>(report.Columns.Select(c => c.Trim()), StringComparer.Ordinal);
        if (report.PhoneColumns.Count == 0)
        {
            return (header, 0, 0);
        }

        var valid = checked((int)report.PhoneNumbers.ValidUsCanada);
        return (header, valid, checked((int)report.Rows) - valid);
    }

    /// <summary>The organization's id as the webhook guide prints one (not a UUID).</summary>
    private const string OrganizationUlid = "01HABCDE5YQ8N3V7K2M4P6R8T0";
}
