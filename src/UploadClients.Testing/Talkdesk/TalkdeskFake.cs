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

namespace UploadClients.Testing.Talkdesk;

/// <summary>
/// The Talkdesk part of the harness: record lists, upload requests with the documented
/// <c>csv_metadata</c> and <c>callback_action</c> checks, an S3-like signed URL served by the
/// harness itself, the PATCH that starts validation, scripted validation, and an OAuth
/// client-credentials token endpoint.
/// </summary>
/// <remarks>
/// The signed URL acts as S3 does for a single PUT: it checks <c>Content-MD5</c> against the body
/// (400 BadDigest), refuses a request with an <c>Authorization</c> header (400 InvalidArgument, two
/// auth mechanisms), refuses a query that is not byte for byte the one it signed (403
/// SignatureDoesNotMatch), can expire (403 AccessDenied), refuses a body without Content-Length
/// (411 MissingContentLength), and answers 200 with the MD5 as ETag.
/// Assumed where Talkdesk is silent: a new upload request's status is <c>CREATED</c>; the upload
/// request can be read with GET on its self link.
/// </remarks>
public sealed partial class TalkdeskFake
{
    /// <summary>A fixed access token the fake accepts.</summary>
    public const string AccessToken = "td_harness_token_0123456789";

    /// <summary>The OAuth client id the token endpoint accepts.</summary>
    public const string ClientId = "harness-client";

    /// <summary>The OAuth client secret the token endpoint accepts.</summary>
    public const string ClientSecret = "harness-client-secret-9876543210";

    /// <summary>
    /// The query every signed URL carries. It has percent-encoded characters that .NET's default URI
    /// canonicalization would rewrite (<c>%7E</c> becomes <c>~</c>), so a client that does not send
    /// the URL byte for byte is caught (403 SignatureDoesNotMatch).
    /// </summary>
    private const string SignedQueryTemplate =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAHARNESS%2F20261123%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261123T120000Z" +
        "&X-Amz-Expires=900&X-Amz-SignedHeaders=content-md5%3Bcontent-type%3Bhost&x-amz-meta-origin=record%7Elist&x-id=PutObject&X-Amz-Signature={0}";

    /// <summary>The account the fake's record lists belong to.</summary>
    private const string AccountId = "5f7a3c1e9b2d4a6c8e0f1a2b";

    private readonly ConcurrentDictionary<string, FakeRecordList> _lists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeUploadRequest> _requests = new(StringComparer.Ordinal);
    // Token -> the account it belongs to; OAuth client id -> its secret and account; issued token -> the client it was issued to.
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Secret, string Account)> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _issuedTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _tokenRequestsBy = new(StringComparer.Ordinal);
    private readonly Uri _baseAddress;
    private readonly TimeProvider _time;
    private int _tokenRequests;
    private long _listSequence;

    internal TalkdeskFake(WireMockServer server, Uri baseAddress, TimeProvider timeProvider)
    {
        _baseAddress = baseAddress;
        _time = timeProvider;
        _tokens[AccessToken] = AccountId;
        _clients[ClientId] = (ClientSecret, AccountId);
        DefaultRecordListId = AddRecordList("Harness list");
        Route(server, HarnessEndpoint.TalkdeskUploadRequestsPath().ToString(), "POST", Create);
        Route(server, HarnessEndpoint.TalkdeskUploadRequestPath().ToString(), "PATCH", Patch);
        Route(server, HarnessEndpoint.TalkdeskUploadRequestPath().ToString(), "GET", GetUploadRequest);
        Route(server, HarnessEndpoint.TalkdeskRecordListPath().ToString(), "GET", GetRecordList);
        Route(server, HarnessEndpoint.TalkdeskRecordListsPath().ToString(), "POST", CreateRecordList);
        Route(server, HarnessEndpoint.TalkdeskRecordListsPath().ToString(), "GET", ListRecordLists);
        Route(server, HarnessEndpoint.TalkdeskRecordListPath().ToString(), "PATCH", StartRecordListValidation);
        Route(server, HarnessEndpoint.TalkdeskSignedUrlPath().ToString(), "PUT", Put);
        Route(server, HarnessEndpoint.TalkdeskTokenPath().ToString(), "POST", Token);
    }

    /// <summary>A record list that exists from the start.</summary>
    public string DefaultRecordListId { get; }

    /// <summary>The statuses an upload request goes through after validation starts: each GET moves one step, the last one stays.</summary>
    /// <remarks>Default: VALIDATION_STARTED, ACCEPTED.</remarks>
    public IReadOnlyList<string> ValidationScript { get; set; } = ["VALIDATION_STARTED", "ACCEPTED"];

    /// <summary>When false, GET on an upload request answers 405 (as if only the record list could be read).</summary>
    public bool UploadRequestReadable { get; set; } = true;

    /// <summary>When true, every signed URL handed out so far or later answers 403 AccessDenied ("Request has expired").</summary>
    public bool SignedUrlsExpired { get; set; }

    /// <summary>Makes the signed URLs handed out so far answer 403 AccessDenied ("Request has expired"), as when their X-Amz-Expires passed; later ones work.</summary>
    public void ExpireIssuedSignedUrls()
    {
        foreach (var upload in _requests.Values)
        {
            upload.Expired = true;
        }
    }

    /// <summary>How long an access token from the token endpoint lives (<c>expires_in</c>).</summary>
    /// <remarks>Default: 1 hour.</remarks>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many token requests the token endpoint has answered with a token.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>The address of the harness's token endpoint, for <c>TalkdeskOptions.TokenEndpoint</c>.</summary>
    public Uri TokenEndpoint => new(_baseAddress, "oauth/token");

    /// <summary>The upload requests made so far.</summary>
    public IReadOnlyCollection<string> UploadRequestIds => [.. _requests.Keys];

    /// <summary>Adds a record list.</summary>
    /// <param name="name">Its name.</param>
    /// <returns>Its id.</returns>
    public string AddRecordList(string name) => AddRecordList(name, AccountId);

    /// <summary>Adds a record list to an account made with <see cref="AddAccount"/>.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="accountId">Its account.</param>
    /// <returns>Its id.</returns>
    public string AddRecordList(string name, string accountId)
    {
        var id = "rl_" + Guid.NewGuid().ToString("N")[..12];
        _lists[id] = new FakeRecordList(id, name, Interlocked.Increment(ref _listSequence)) { Account = accountId, CreatedAt = _time.GetUtcNow() };
        return id;
    }

    /// <summary>
    /// Adds another Talkdesk account: <paramref name="accessToken"/> (and the tokens the token endpoint
    /// issues to <paramref name="clientId"/>) belong to it, and reach only its record lists (another
    /// account's list answers 404 "Record list not found", as a list that does not exist).
    /// </summary>
    /// <param name="accessToken">A fixed access token of the account.</param>
    /// <param name="clientId">An OAuth client of the account, or null.</param>
    /// <param name="clientSecret">That client's secret.</param>
    /// <returns>The account's id (for <see cref="AddRecordList(string, string)"/>).</returns>
    public string AddAccount(string accessToken, string? clientId = null, string? clientSecret = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var account = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _tokens[accessToken] = account;
        if (clientId is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(clientSecret);
            _clients[clientId] = (clientSecret, account);
        }

        return account;
    }

    /// <summary>How many tokens the token endpoint has issued to one OAuth client.</summary>
    /// <param name="clientId">The client.</param>
    /// <returns>The count.</returns>
    public int TokenRequestsBy(string clientId) => _tokenRequestsBy.TryGetValue(clientId, out var n) ? n : 0;

    /// <summary>Refuses every token issued so far to one OAuth client (their next use answers 401), as when they expire.</summary>
    /// <param name="clientId">The client.</param>
    public void RevokeIssuedTokens(string clientId)
    {
        foreach (var (token, client) in _issuedTo)
        {
            if (client == clientId)
            {
                _tokens.TryRemove(token, out _);
            }
        }
    }

    /// <summary>The largest <c>byte_size</c> an upload request may declare (a larger one answers 413), as <c>TalkdeskOptions.MaxFileBytes</c> is the SDK's.</summary>
    /// <remarks>Default: 20,000, the upload-request schema's maximum.</remarks>
    public long MaxFileBytes { get; set; } = 20_000;

    /// <summary>The most record lists an account holds (Talkdesk documents 200).</summary>
    public int MaxRecordLists { get; set; } = 200;

    /// <summary>The record lists the fake holds.</summary>
    public IReadOnlyCollection<string> RecordListIds => [.. _lists.Keys];

    /// <summary>The bytes stored at a new record list's signed URL, or null when nothing was PUT.</summary>
    /// <param name="recordListId">A list created with POST /record-lists.</param>
    /// <returns>The stored bytes.</returns>
    public byte[]? StoredRecordListFile(string recordListId) => _lists.TryGetValue(recordListId, out var l) ? l.File?.Stored : null;

    /// <summary>Accepts a bearer token issued elsewhere (by an application's own token service).</summary>
    /// <param name="token">The token.</param>
    public void AcceptToken(string token) => _tokens[token] = AccountId;

    /// <summary>Refuses every token issued so far (their next use answers 401), as when they expire.</summary>
    public void RevokeIssuedTokens()
    {
        foreach (var token in _tokens.Keys.Where(t => t != AccessToken))
        {
            _tokens.TryRemove(token, out _);
        }
    }

    /// <summary>The bytes stored at an upload request's signed URL, or null when nothing was PUT.</summary>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <returns>The stored bytes.</returns>
    public byte[]? StoredFile(string uploadRequestId) => _requests.TryGetValue(uploadRequestId, out var r) ? r.Stored : null;

    /// <summary>The JSON body an upload request was created with.</summary>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <returns>The body as received.</returns>
    public JsonObject? CreateBody(string uploadRequestId) => _requests.TryGetValue(uploadRequestId, out var r) ? (JsonObject)r.CreateBody.DeepClone() : null;

    /// <summary>How many times validation was started for an upload request.</summary>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <returns>The count of accepted PATCHes.</returns>
    public int ValidationStarts(string uploadRequestId) => _requests.TryGetValue(uploadRequestId, out var r) ? r.ValidationStarts : 0;

    /// <summary>The signed URL of an upload request, exactly as handed out.</summary>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <returns>The URL.</returns>
    public string? SignedUrl(string uploadRequestId) => _requests.TryGetValue(uploadRequestId, out var r) ? r.SignedUrl : null;

    private static void Route(WireMockServer server, string pattern, string method, Func<IRequestMessage, IResponseMessage> handler) =>
        server.Given(Request.Create().WithPath(new RegexMatcher(pattern)).UsingMethod(method))
            .RespondWith(Response.Create().WithCallback(req => Task.FromResult(handler(req))));

    private IResponseMessage Create(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        var listId = request.Path.Split('/')[2];
        if (!_lists.TryGetValue(listId, out var target) || target.Account != Caller(request))
        {
            return Error(404, "1004", "Record list not found", $"No record list {listId}");
        }

        if (JsonNode.Parse(request.Body ?? "null") is not JsonObject body || body["csv_metadata"] is not JsonObject meta)
        {
            return Error(400, "1001", "Invalid request", "csv_metadata is required", ("csv_metadata", "is required"));
        }

        if (CheckCsvMetadata(meta, [], body) is { } invalid)
        {
            return invalid;
        }

        var filename = meta["filename"]!.GetValue<string>();
        var checksum = meta["checksum"]!.GetValue<string>();
        var size = meta["byte_size"]!.GetValue<long>();
        var id = Guid.NewGuid().ToString();
        var signature = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var url = new Uri(_baseAddress, $"s3/talkdesk-record-lists/{listId}/{id}/{Uri.EscapeDataString(filename)}").GetLeftPart(UriPartial.Path)
            + "?" + SignedQueryTemplate.Replace("{0}", signature, StringComparison.Ordinal);
        var upload = new FakeUploadRequest(id, listId, checksum, size, url, body);
        _requests[id] = upload;
        var response = upload.ToJson(_baseAddress, withUploadLink: true);
        response["signed_url"] = url;
        return FakeResponses.Json(201, response);
    }

    /// <summary>The documented csv_metadata rules (and the callback's), with <paramref name="fields"/> found by the caller; null when they hold.</summary>
    private IResponseMessage? CheckCsvMetadata(JsonObject meta, List<(string, string)> fields, JsonObject? body = null)
    {
        var filename = meta["filename"]?.GetValue<string>() ?? string.Empty;
        if (filename.Length is < 1 or > 35)
        {
            fields.Add(("csv_metadata.filename", "must be 1 to 35 characters"));
        }

        var checksum = meta["checksum"]?.GetValue<string>() ?? string.Empty;
        if (checksum.Length is < 1 or > 32)
        {
            fields.Add(("csv_metadata.checksum", "must be 1 to 32 characters"));
        }

        if (meta["content_type"]?.GetValue<string>() != "text/csv")
        {
            fields.Add(("csv_metadata.content_type", "must be text/csv"));
        }

        if (body?["callback_action"] is JsonObject callback && (callback["endpoint"] is null || callback["method"] is null))
        {
            fields.Add(("callback_action", "endpoint and method are required"));
        }

        var size = meta["byte_size"]?.GetValue<long>() ?? 0;
        if (size > MaxFileBytes)
        {
            var limit = MaxFileBytes.ToString(CultureInfo.InvariantCulture);
            return Error(413, "1013", "Payload too large", "byte_size must be at most " + limit, ("csv_metadata.byte_size", "must be at most " + limit));
        }

        if (size < 1)
        {
            fields.Add(("csv_metadata.byte_size", "must be 1 to " + MaxFileBytes.ToString(CultureInfo.InvariantCulture)));
        }

        if (fields.Count > 0)
        {
            return Error(400, "1001", "Invalid request", "Errors found in the submitted data", [.. fields]);
        }

        return null;
    }

    private IResponseMessage Put(IRequestMessage request)
    {
        var upload = _requests.Values.FirstOrDefault(r => new Uri(r.SignedUrl).AbsolutePath == request.Path);
        if (upload is null)
        {
            return S3Error(404, "NoSuchUpload", "The specified upload does not exist.");
        }

        if (FakeResponses.Header(request, "Authorization") is not null)
        {
            return S3Error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
        }

        var sentQuery = FakeResponses.RawQuery(request);
        var signedQuery = upload.SignedUrl[(upload.SignedUrl.IndexOf('?', StringComparison.Ordinal) + 1)..];
        if (!string.Equals(sentQuery.TrimStart('?'), signedQuery, StringComparison.Ordinal))
        {
            return S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }

        if (SignedUrlsExpired || upload.Expired)
        {
            return S3Error(403, "AccessDenied", "Request has expired");
        }

        if (FakeResponses.Header(request, "Content-Length") is null)
        {
            // S3 does not take a chunked PUT to a presigned URL.
            return S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
        }

        if (!(FakeResponses.Header(request, "Content-Type") ?? string.Empty).StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided (content-type is a signed header).");
        }

        var body = request.BodyAsBytes ?? [];
        var md5 = MD5.HashData(body);
        if (FakeResponses.Header(request, "Content-MD5") is not { } contentMd5)
        {
            return S3Error(400, "InvalidDigest", "The Content-MD5 you specified was invalid (it is a signed header and is missing).");
        }

        if (!string.Equals(contentMd5, Convert.ToBase64String(md5), StringComparison.Ordinal))
        {
            return S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
        }

        upload.Stored = body;
        var message = FakeResponses.Text(200, string.Empty, "application/xml", new Dictionary<string, string> { ["ETag"] = "\"" + Convert.ToHexStringLower(md5) + "\"" });
        return message;
    }

    private IResponseMessage Patch(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        if (Find(request) is not { } upload)
        {
            return Error(404, "1004", "Upload request not found", "No such upload request");
        }

        if (StartValidation(request, upload, "upload request") is { } refusedStart)
        {
            return refusedStart;
        }

        return FakeResponses.Json(200, upload.ToJson(_baseAddress));
    }

    /// <summary>
    /// The PATCH rule upload requests and new record lists share: the (assumed, for lists) body
    /// {"op":"replace","path":"/status","status":"UPLOADED"}, 409 when the file was never PUT or
    /// validation already started; otherwise validation starts. Null when it started.
    /// </summary>
    private IResponseMessage? StartValidation(IRequestMessage request, FakeUploadRequest file, string what)
    {
        var body = JsonNode.Parse(request.Body ?? "null") as JsonObject;
        if (body?["op"]?.GetValue<string>() != "replace" || body["path"]?.GetValue<string>() != "/status" || body["status"]?.GetValue<string>() != "UPLOADED")
        {
            return Error(400, "1001", "Invalid request", "Expected {\"op\":\"replace\",\"path\":\"/status\",\"status\":\"UPLOADED\"}");
        }

        lock (file)
        {
            if (file.Stored is null)
            {
                return Error(409, "1009", "Conflict", "The file was never uploaded to the signed URL");
            }

            if (file.ValidationStarts > 0)
            {
                return Error(409, "1009", "Conflict", "Validation was already started for this " + what);
            }

            file.StartValidation(ValidationScript);
        }

        return null;
    }

    private IResponseMessage GetUploadRequest(IRequestMessage request)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        if (!UploadRequestReadable)
        {
            return Error(405, "1005", "Method not allowed", "Upload requests cannot be read");
        }

        if (Find(request) is not { } upload)
        {
            return Error(404, "1004", "Upload request not found", "No such upload request");
        }

        upload.Advance();
        return FakeResponses.Json(200, upload.ToJson(_baseAddress));
    }

    private IResponseMessage Token(IRequestMessage request)
    {
        var client = _clients.FirstOrDefault(c => FakeResponses.Header(request, "Authorization") == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Key}:{c.Value.Secret}")));
        if (client.Key is null)
        {
            return FakeResponses.Json(401, ErrorBodies.OAuth("invalid_client", "Client authentication failed"));
        }

        var form = (request.Body ?? string.Empty).Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return FakeResponses.Json(400, ErrorBodies.OAuth("unsupported_grant_type", "grant_type must be client_credentials"));
        }

        var token = "td_tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _tokens[token] = client.Value.Account;
        _issuedTo[token] = client.Key;
        _tokenRequestsBy.AddOrUpdate(client.Key, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _tokenRequests);
        return FakeResponses.Json(200, new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["scope"] = form.GetValueOrDefault("scope") ?? string.Empty,
        });
    }

    private IResponseMessage? Unauthorized(IRequestMessage request) =>
        FakeResponses.BearerToken(request) is { } token && _tokens.ContainsKey(token)
            ? null
            : Error(401, "1002", "Unauthorized", "Invalid or expired access token");

    /// <summary>The account of the request's bearer token, or null.</summary>
    private string? Caller(IRequestMessage request) =>
        FakeResponses.BearerToken(request) is { } token && _tokens.TryGetValue(token, out var account) ? account : null;

    /// <summary>The upload request in the path, when it is in the record list in the path and that list is the caller's.</summary>
    private FakeUploadRequest? Find(IRequestMessage request)
    {
        var segments = request.Path.Split('/');
        return _requests.TryGetValue(segments[4], out var upload) && upload.RecordListId == segments[2]
            && _lists.TryGetValue(segments[2], out var list) && list.Account == Caller(request)
            ? upload
            : null;
    }

    private static int CountRecords(byte[]? csv) => csv is null ? 0 : Math.Max(0, Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);

    private static IResponseMessage Error(int status, string code, string message, string description, params (string Name, string Description)[] fields) =>
        FakeResponses.Json(status, ErrorBodies.Talkdesk(code, message, description, fields));

    private static IResponseMessage S3Error(int status, string code, string message) =>
        FakeResponses.Text(status, ErrorBodies.S3(code, message), "application/xml");
}
