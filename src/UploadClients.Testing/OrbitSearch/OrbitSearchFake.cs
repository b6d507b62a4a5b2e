using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UploadClients.Testing.OrbitSearch;

/// <summary>
/// The OrbitSearch part of the harness: CSV uploads as directory sources with the documented
/// idempotency semantics (same key and file: the original response with <c>is_idempotent</c>;
/// same key, other file: 409), organization scoping (403), archived directories (422), source
/// status progressions and directory readiness.
/// </summary>
/// <remarks>
/// Errors use the one documented shape, <c>{"status": "failed", "error": {"code", "message"}}</c>;
/// an unknown or revoked token is 403 <c>invalid_api_key</c>, a missing one 401 (guides/error-handling).
/// Assumed where OrbitSearch is silent (docs/contract.md): archived is 422; readiness answers
/// <c>{"directory_id", "ready", "status", "pending_sources"}</c>.
/// </remarks>
public sealed class OrbitSearchFake
{
    /// <summary>The access token the fake accepts at start.</summary>
    public const string AccessToken = "orbit_harness_token_0123456789";

    private readonly ConcurrentDictionary<Guid, FakeDirectory> _directories = new();
    private readonly ConcurrentDictionary<string, FakeSource> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid Directory, string Key), (string Md5, JsonObject Response)> _keys = new();
    // Token -> the organization it belongs to.
    private readonly ConcurrentDictionary<string, Guid> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _uploadLock = new();

    internal OrbitSearchFake(WireMockServer server)
    {
        DefaultOrganizationId = Guid.Parse("6f1d2c3b-4a59-4e8f-9d7c-0b1a2c3d4e5f");
        _tokens[AccessToken] = DefaultOrganizationId;
        DefaultDirectoryId = AddDirectory(DefaultOrganizationId);
        server.Given(Request.Create().WithPath(new RegexMatcher(HarnessEndpoint.OrbitSearchUploadPath().ToString())).UsingPost())
            .RespondWith(Response.Create().WithCallback(req => Task.FromResult(Upload(req))));
        server.Given(Request.Create().WithPath(new RegexMatcher(HarnessEndpoint.OrbitSearchStatusPath().ToString())).UsingGet())
            .RespondWith(Response.Create().WithCallback(req => Task.FromResult(Status(req))));
        server.Given(Request.Create().WithPath(new RegexMatcher(HarnessEndpoint.OrbitSearchReadinessPath().ToString())).UsingGet())
            .RespondWith(Response.Create().WithCallback(req => Task.FromResult(Readiness(req))));
    }

    /// <summary>The organization of the fake's access token.</summary>
    public Guid DefaultOrganizationId { get; }

    /// <summary>A directory of <see cref="DefaultOrganizationId"/>, ready for uploads.</summary>
    public Guid DefaultDirectoryId { get; }

    /// <summary>The statuses a new source goes through: the upload response shows the first, each status read moves one step.</summary>
    /// <remarks>Default: processing, completed.</remarks>
    public IReadOnlyList<string> StatusScript { get; set; } = ["processing", "completed"];

    /// <summary>Adds a directory.</summary>
    /// <param name="organizationId">Its organization (a token of another organization uploading to it gets 403).</param>
    /// <param name="archived">Whether it is archived (uploads answer 422).</param>
    /// <returns>Its id.</returns>
    public Guid AddDirectory(Guid organizationId, bool archived = false)
    {
        var id = Guid.NewGuid();
        _directories[id] = new FakeDirectory(organizationId, archived);
        return id;
    }

    /// <summary>Makes the fake accept <paramref name="token"/> too.</summary>
    /// <param name="token">The token.</param>
    public void AcceptToken(string token) => _tokens[token] = DefaultOrganizationId;

    /// <summary>
    /// Makes the fake accept <paramref name="token"/> as a key of <paramref name="organizationId"/>:
    /// requests with it to another organization's directories answer 403, as for any other key.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <param name="organizationId">Its organization (add directories to it with <see cref="AddDirectory"/>).</param>
    public void AcceptToken(string token, Guid organizationId) => _tokens[token] = organizationId;

    /// <summary>Makes the fake refuse <paramref name="token"/> from now on (401), as when it expires.</summary>
    /// <param name="token">The token.</param>
    public void RevokeToken(string token) => _tokens.TryRemove(token, out _);

    /// <summary>How many sources a directory has.</summary>
    /// <param name="directoryId">The directory.</param>
    /// <returns>The count.</returns>
    public int SourceCount(Guid directoryId) => _sources.Values.Count(s => s.DirectoryId == directoryId);

    private IResponseMessage Upload(IRequestMessage request)
    {
        var (organizationId, directoryId, refusal) = Route(request);
        if (refusal is not null)
        {
            return refusal;
        }

        if (FakeResponses.FormParts(request) is not { } parts)
        {
            return Error(415, "unsupported_media_type", "Expected multipart/form-data");
        }

        if (!parts.TryGetValue("file", out var file))
        {
            return Error(400, "file_required", "The file field is required");
        }

        var directory = _directories[directoryId];
        if (directory.Archived)
        {
            return Error(422, "directory_archived", "The directory is archived");
        }

        var md5 = Convert.ToHexStringLower(MD5.HashData(file.Content));
        var key = parts.TryGetValue("idempotency_key", out var k) ? Encoding.UTF8.GetString(k.Content) : null;
        lock (_uploadLock)
        {
            if (key is not null && _keys.TryGetValue((directoryId, key), out var earlier))
            {
                if (earlier.Md5 != md5)
                {
                    return Error(409, "idempotency_key_reused", "The idempotency key was already used with a different file");
                }

                var again = (JsonObject)earlier.Response.DeepClone();
                again["is_idempotent"] = true;
                return FakeResponses.Json(200, again);
            }

            var (accepted, failed, warnings) = CountRows(file.Content);
            var source = new FakeSource(Guid.NewGuid().ToString(), directoryId, accepted, failed, warnings, StatusScript);
            _sources[source.Id] = source;
            var response = source.ToJson(advance: false);
            response["is_idempotent"] = false;
            if (key is not null)
            {
                _keys[(directoryId, key)] = (md5, (JsonObject)response.DeepClone());
            }

            _ = organizationId;
            return FakeResponses.Json(201, response);
        }
    }

    private IResponseMessage Status(IRequestMessage request)
    {
        var (_, directoryId, refusal) = Route(request);
        if (refusal is not null)
        {
            return refusal;
        }

        var sourceId = Uri.UnescapeDataString(request.Path.Split('/')[^2]);
        return _sources.TryGetValue(sourceId, out var source) && source.DirectoryId == directoryId
            ? FakeResponses.Json(200, source.ToJson(advance: true))
            : Error(404, "source_not_found", "No such source in this directory");
    }

    private IResponseMessage Readiness(IRequestMessage request)
    {
        var (_, directoryId, refusal) = Route(request);
        if (refusal is not null)
        {
            return refusal;
        }

        var pending = _sources.Values.Count(s => s.DirectoryId == directoryId && s.Status is not ("completed" or "failed"));
        return FakeResponses.Json(200, new JsonObject
        {
            ["directory_id"] = directoryId.ToString(),
            ["ready"] = pending == 0,
            ["status"] = pending == 0 ? "ready" : "indexing",
            ["pending_sources"] = pending,
        });
    }

    /// <summary>Checks the token and the organization/directory path; returns a refusal when they fail.</summary>
    private (Guid Organization, Guid Directory, IResponseMessage? Refusal) Route(IRequestMessage request)
    {
        // guides/error-handling: no key is 401 missing_api_key; a malformed, revoked, expired or unknown one 403 invalid_api_key.
        if (FakeResponses.BearerToken(request) is not { } token)
        {
            return (default, default, Error(401, "missing_api_key", "No Authorization: Bearer header was provided."));
        }

        if (!_tokens.TryGetValue(token, out var tokenOrganization))
        {
            return (default, default, Error(403, "invalid_api_key", "The key is malformed, revoked, expired, or unknown."));
        }

        var segments = request.Path.Split('/');
        if (!Guid.TryParse(segments[3], out var organizationId) || !Guid.TryParse(segments[5], out var directoryId))
        {
            return (default, default, Error(400, "invalid_id", "Organization and directory ids must be UUIDs"));
        }

        if (!_directories.TryGetValue(directoryId, out var directory) || organizationId != directory.OrganizationId && organizationId != tokenOrganization)
        {
            return (default, default, Error(404, "directory_not_found", "No such directory"));
        }

        if (directory.OrganizationId != tokenOrganization || organizationId != tokenOrganization)
        {
            return (default, default, Error(403, "forbidden", "The directory belongs to a different organization"));
        }

        return (organizationId, directoryId, null);
    }

    /// <summary>An error in OrbitSearch's one documented shape (guides/error-handling): <c>{"status": "failed", "error": {"code", "message"}}</c>.</summary>
    private static IResponseMessage Error(int status, string code, string message) =>
        FakeResponses.Json(status, ErrorBodies.OrbitSearch(code, message));

    private static (int Accepted, int Failed, int Warnings) CountRows(byte[] csv)
    {
        using var reader = new StreamReader(new MemoryStream(csv), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var columns = reader.ReadLine()?.Split(',').Length ?? 0;
        int accepted = 0, failed = 0, warnings = 0;
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            if (cells.Length != columns || string.IsNullOrWhiteSpace(cells[0]))
            {
                failed++;
            }
            else
            {
                accepted++;
                if (cells.Any(string.IsNullOrWhiteSpace))
                {
                    warnings++;
                }
            }
        }

        return (accepted, failed, warnings);
    }

    private sealed record FakeDirectory(Guid OrganizationId, bool Archived);

    private sealed class FakeSource(string id, Guid directoryId, int accepted, int failed, int warnings, IReadOnlyList<string> script)
    {
        private readonly string[] _script = [.. script];
        private int _reads;

        internal string Id => id;

        internal Guid DirectoryId => directoryId;

        internal string Status => _script[Math.Min(Volatile.Read(ref _reads), _script.Length - 1)];

        internal JsonObject ToJson(bool advance)
        {
            var step = advance ? Interlocked.Increment(ref _reads) : Volatile.Read(ref _reads);
            return new JsonObject
            {
                ["source_id"] = id,
                ["directory_id"] = directoryId.ToString(),
                ["source_status"] = _script[Math.Min(step, _script.Length - 1)],
                ["accepted"] = accepted,
                ["failed"] = failed,
                ["warnings"] = warnings,
            };
        }
    }
}
