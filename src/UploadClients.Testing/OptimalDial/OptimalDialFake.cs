using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UploadClients.Testing.OptimalDial;

/// <summary>
/// The OptimalDial part of the harness: POST /api/v1/uploads and GET /api/v1/uploads/{id} with
/// the documented Upload object and error envelope, API-key checks, credit accounting, the
/// 100-valid-numbers rule, and scripted status progressions.
/// </summary>
public sealed class OptimalDialFake
{
    /// <summary>The API key the fake accepts.</summary>
    public const string ApiKey = "od_live_harness_0123456789abcdef";

    /// <summary>OptimalDial's documented file limit.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    private readonly ConcurrentDictionary<Guid, FakeUpload> _uploads = new();
    private readonly TimeProvider _time;
    private readonly Lock _creditsLock = new();
    private long _creditsCharged;

    internal OptimalDialFake(WireMockServer server, TimeProvider time)
    {
        _time = time;
        server.Given(Request.Create().WithPath(new RegexMatcher("^/api/v1/uploads/?$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(req => Task.FromResult(Create(req))));
        server.Given(Request.Create().WithPath(new RegexMatcher("^/api/v1/uploads/[^/]+$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(req => Task.FromResult(Get(req))));
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

    /// <summary>All credits charged so far, by every accepted upload.</summary>
    public long CreditsCharged => Interlocked.Read(ref _creditsCharged);

    /// <summary>The uploads the fake holds.</summary>
    public IReadOnlyCollection<Guid> UploadIds => [.. _uploads.Keys];

    /// <summary>Adds an upload directly (as if made in the web app), with its own status script.</summary>
    /// <param name="statuses">Its statuses: the first GET shows the first, each later GET moves one step, the last one stays.</param>
    /// <returns>The upload's id.</returns>
    public Guid AddUpload(params string[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var id = Guid.NewGuid();
        _uploads[id] = new FakeUpload(id, "seeded.csv", 1234, 150, 0, statuses.Length == 0 ? ["completed"] : statuses, _time.GetUtcNow(), skipMobileLookup: false, seeded: true);
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

    private IResponseMessage Create(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        if (FakeResponses.FormParts(request) is not { } parts)
        {
            return Detail(415, "Unsupported Media Type: expected multipart/form-data");
        }

        parts.TryGetValue("file", out var file);
        parts.TryGetValue("phone_column", out var phoneColumn);
        var missing = new JsonArray();
        if (file is null)
        {
            missing.Add(FieldError("file"));
        }

        if (phoneColumn is null)
        {
            missing.Add(FieldError("phone_column"));
        }

        if (missing.Count > 0)
        {
            return FakeResponses.Json(422, new JsonObject { ["detail"] = missing });
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
        }

        var skip = parts.TryGetValue("skip_mobile_lookup", out var s) && Encoding.UTF8.GetString(s.Content).Equals("true", StringComparison.OrdinalIgnoreCase);
        var name = parts.TryGetValue("filename_override", out var o) ? Encoding.UTF8.GetString(o.Content) : file.FileName ?? "upload.csv";
        var upload = new FakeUpload(Guid.NewGuid(), name, file.Content.Length, valid, invalid, StatusScript, _time.GetUtcNow(), skip);
        _uploads[upload.Id] = upload;
        return FakeResponses.Json(201, upload.ToJson(advance: false));
    }

    private IResponseMessage Get(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        var idText = request.Path.TrimEnd('/').Split('/')[^1];
        if (!Guid.TryParse(idText, out var id))
        {
            return FakeResponses.Json(422, new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["loc"] = new JsonArray("path", "upload_id"), ["msg"] = "value is not a valid uuid", ["type"] = "type_error.uuid" }) });
        }

        return _uploads.TryGetValue(id, out var upload)
            ? FakeResponses.Json(200, upload.ToJson(advance: true))
            : Detail(404, "Upload not found");
    }

    private IResponseMessage? Refuse(IRequestMessage request)
    {
        var auth = FakeResponses.Header(request, "Authorization");
        if (auth != "Bearer " + ApiKey)
        {
            return FakeResponses.Json(401, new JsonObject { ["detail"] = "Invalid or missing API key" }, new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" });
        }

        return SubscriptionActive ? null : Detail(403, "No active subscription");
    }

    private static IResponseMessage Detail(int status, string detail) => FakeResponses.Json(status, new JsonObject { ["detail"] = detail });

    private static JsonObject FieldError(string field) =>
        new() { ["loc"] = new JsonArray("body", field), ["msg"] = "field required", ["type"] = "value_error.missing" };

    private static (HashSet<string>? Header, int Valid, int Invalid) CountNumbers(byte[] csv, string phoneColumn)
    {
        using var reader = new StreamReader(new MemoryStream(csv), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            return (null, 0, 0);
        }

        var header = headerLine.Split(',').Select(h => h.Trim().Trim('"')).ToList();
        var index = header.IndexOf(phoneColumn);
        int valid = 0, invalid = 0;
        if (index >= 0)
        {
            while (reader.ReadLine() is { } line)
            {
                var cells = line.Split(',');
                var digits = index < cells.Length ? new string([.. cells[index].Where(char.IsAsciiDigit)]) : string.Empty;
                if (digits.Length == 10 || (digits.Length == 11 && digits[0] == '1'))
                {
                    valid++;
                }
                else
                {
                    invalid++;
                }
            }
        }

        return ([.. header], valid, invalid);
    }

    private sealed class FakeUpload(Guid id, string name, long size, int valid, int invalid, IReadOnlyList<string> script, DateTimeOffset createdAt, bool skipMobileLookup, bool seeded = false)
    {
        // A created upload showed script[0] in its create response, so its first GET shows script[1];
        // a seeded one has shown nothing yet, so its first GET shows script[0].
        private readonly string[] _script = seeded ? ["(unused)", .. script] : [.. script];
        private int _polls;

        internal Guid Id => id;

        internal int Polls => Volatile.Read(ref _polls);

        internal string Status => _script[Math.Min(Polls, _script.Length - 1)];

        internal JsonObject ToJson(bool advance)
        {
            var step = advance ? Interlocked.Increment(ref _polls) : 0;
            var status = _script[Math.Min(step, _script.Length - 1)];
            var done = status is "completed";
            return new JsonObject
            {
                ["id"] = id.ToString(),
                ["user_id"] = "7d3f6a52-1b0e-4c57-9d1c-2f7a8e5b9c01",
                ["original_filename"] = name,
                ["storage_path"] = $"uploads/{id}/original.csv",
                ["status"] = status,
                ["created_at"] = createdAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["updated_at"] = createdAt.AddSeconds(step).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["organization_id"] = "0b6f8f5e-3c2a-4d7e-9a41-6c5d2b8e7f10",
                ["file_size_bytes"] = size,
                ["valid_row_count"] = valid,
                ["invalid_row_count"] = invalid,
                ["credits_required"] = valid,
                ["credits_charged"] = valid,
                ["credits_refunded"] = status is "cancelled" ? valid : 0,
                ["source"] = "api",
                ["api_key_id"] = "5e1c2b7a-9f3d-4a68-8b0e-1d2c3f4a5b6c",
                ["skip_mobile_lookup"] = skipMobileLookup,
                ["processed_storage_path"] = done ? $"uploads/{id}/processed.csv" : null,
                ["processed_filtered_storage_path"] = done ? $"uploads/{id}/processed-filtered.csv" : null,
                ["error_message"] = status is "failed" or "validation_failed" ? "Processing failed (scripted by the harness)" : null,
                ["exceeded_daily_limit"] = false,
            };
        }
    }
}
