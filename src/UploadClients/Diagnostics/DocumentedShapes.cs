using System.Text.Json;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients;

/// <summary>An enumeration field of a documented shape: its path, the type that lists its documented values, and the test.</summary>
internal sealed record DocumentedValues(string Path, string TypeName, Func<string, bool> IsDocumented, string[] Listed)
{
    /// <summary>The documented values as the drift check prints them ("one of completed, failed, …").</summary>
    public string Text => "one of " + string.Join(", ", Listed);
}

/// <summary>A documented response shape: the example's members and encodings, plus what the page's field table says is nullable and required, and which fields are enumerations.</summary>
internal sealed record DocumentedShape(string Fixture, JsonShape Shape, string[] Nullable, string[] Required)
{
    /// <summary>The enumeration fields (statuses) whose values the docs list.</summary>
    public DocumentedValues[] Values { get; init; } = [];

    /// <summary>Members the docs show only in some answers (a next page's link): not reported when absent.</summary>
    public string[] Conditional { get; init; } = [];

    /// <summary>The fixture's sentences for the contract tests (strict: an undocumented member is a problem too).</summary>
    public IReadOnlyList<string> Problems(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. Findings(doc.RootElement, optionalMissing: false).Select(f => f.ToString())];
    }

    /// <summary>How <paramref name="root"/> differs from this shape (kinds, requirements, enumeration values); see <see cref="JsonShape.Findings"/>.</summary>
    public List<DriftFinding> Findings(JsonElement root, bool optionalMissing = true)
    {
        var findings = Shape.Findings(JsonShape.Of(root), Nullable, Required, optionalMissing, Conditional);
        foreach (var values in Values)
        {
            foreach (var value in StringsAt(root, values.Path).Distinct(StringComparer.Ordinal))
            {
                if (!values.IsDocumented(value))
                {
                    findings.Add(new DriftFinding(values.Path, DriftFindingKind.UnknownValue, values.Text, Printable(value)));
                }
            }
        }

        return findings;
    }

    /// <summary>The documented lists of objects that are empty in <paramref name="root"/> ("data"): their items' shape could not be checked.</summary>
    public List<string> EmptyLists(JsonElement root)
    {
        var actual = JsonShape.Of(root);
        return [.. Shape.Members.Keys
            .Where(p => p.EndsWith("[]", StringComparison.Ordinal) && Shape.Members[p] == "object" && !actual.Members.ContainsKey(p) && actual.Members.GetValueOrDefault(p[..^2] is { Length: 0 } ? "$" : p[..^2]) == "array")
            .Select(p => p[..^2].Length == 0 ? "$" : p[..^2])];
    }

    public static DocumentedShape From(string fixture, string[]? nullable = null, string[]? required = null) =>
        new(fixture, JsonShape.Of(DocumentedExamples.Json(fixture)), nullable ?? [], required ?? []);

    /// <summary>A shape from a schema table whose fields are typed only as "string" (no format documented).</summary>
    public static DocumentedShape FromSchemaTable(string fixture, string[]? required = null) =>
        new(fixture, JsonShape.Of(DocumentedExamples.Json(fixture)).WithoutStringFormats(), [], required ?? []);

    /// <summary>An enumeration value as it may be printed: at most 40 characters of letters, digits and <c>_-.</c> (anything else becomes <c>?</c>).</summary>
    internal static string Printable(string value) =>
        new([.. value.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '?')]);

    /// <summary>The string values at <paramref name="path"/> ("status", "data[].status", "$[].status").</summary>
    private static IEnumerable<string> StringsAt(JsonElement root, string path)
    {
        IEnumerable<JsonElement> current = [root];
        foreach (var raw in (path.StartsWith('$') ? path[1..].TrimStart('.') : path).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = raw;
            var items = false;
            if (name.EndsWith("[]", StringComparison.Ordinal))
            {
                name = name[..^2];
                items = true;
            }

            current = current.SelectMany(e =>
            {
                var at = name.Length == 0 ? e : e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) ? p : default;
                return items ? (at.ValueKind == JsonValueKind.Array ? at.EnumerateArray() : Enumerable.Empty<JsonElement>()) : [at];
            }).ToList();
        }

        return current.Where(e => e.ValueKind == JsonValueKind.String).Select(e => JsonShape.TryGetString(e) ?? "?");
    }
}

/// <summary>The providers' documented examples the SDK embeds (docs/contract.md): the response shapes it holds answers against.</summary>
internal static class DocumentedExamples
{
    private const string Prefix = "UploadClients.Contract.";

    /// <summary>The example named <paramref name="fixture"/> ("optimaldial/list-uploads.response.json").</summary>
    public static JsonElement Json(string fixture)
    {
        var assembly = typeof(DocumentedExamples).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.Replace('\\', '/').Equals(Prefix + fixture, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The documented example '{fixture}' is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }
}

/// <summary>
/// The documented shape of every answer the SDK reads, by operation: the same examples the contract
/// tests judge the client and the fake with, and the drift check holds the live APIs against. Each is
/// made on first use (a status read in a fresh process pays for its own shape only).
/// </summary>
internal static class DocumentedShapes
{
    // endpoints/uploads/retrieve-an-upload: the field table's "| null" and "required".
    private static readonly string[] UploadNullable =
    [
        "organization_id", "file_size_bytes", "valid_row_count", "invalid_row_count", "credits_required", "credits_charged",
        "credits_refunded", "source", "api_key_id", "skip_mobile_lookup", "processed_storage_path",
        "processed_filtered_storage_path", "error_message", "exceeded_daily_limit",
    ];

    private static readonly string[] UploadRequired = ["id", "user_id", "original_filename", "storage_path", "status", "created_at", "updated_at"];

    private static DocumentedValues UploadStatus(string path) => new(path, nameof(OptimalDialUploadStatus), v => new OptimalDialUploadStatus(v).IsDocumented, [
        .. new[]
        {
            OptimalDialUploadStatus.PendingMapping, OptimalDialUploadStatus.Validating, OptimalDialUploadStatus.ValidationFailed, OptimalDialUploadStatus.AwaitingConfirmation,
            OptimalDialUploadStatus.ReadyForProcessing, OptimalDialUploadStatus.Processing, OptimalDialUploadStatus.Completed, OptimalDialUploadStatus.Failed, OptimalDialUploadStatus.Cancelled,
        }.Select(v => v.ToString())]);

    private static DocumentedValues UploadSource(string path) => new(path, nameof(OptimalDialUploadSource), v => new OptimalDialUploadSource(v).IsDocumented, [OptimalDialUploadSource.Web.ToString(), OptimalDialUploadSource.Api.ToString()]);

    public static DocumentedShape OptimalDialUpload => field ??= DocumentedShape.From("optimaldial/retrieve-an-upload.response.json", UploadNullable, UploadRequired) with
    {
        Values = [UploadStatus("status"), UploadSource("source")],
    };

    public static DocumentedShape OptimalDialPage => field ??= DocumentedShape.From(
        "optimaldial/list-uploads.response.json",
        [.. UploadNullable.Select(n => "data[]." + n), "next_cursor"],
        ["data", "next_cursor", .. UploadRequired.Select(n => "data[]." + n)]) with
    {
        Values = [UploadStatus("data[].status"), UploadSource("data[].source")],
    };

    public static DocumentedShape OptimalDialCancellation => field ??= DocumentedShape.From("optimaldial/cancel-an-upload.response.json", required: ["status", "credits_refunded"]);

    public static DocumentedShape OptimalDialDownloadLink => field ??= DocumentedShape.From(
        "optimaldial/get-a-signed-download-url-for-the-original-submitted-file.response.json", required: ["download_url", "expires_at"]);

    /// <summary>guides/errors-and-rate-limits: <c>detail</c> is a string or an object.</summary>
    public static readonly DocumentedShape[] OptimalDialErrors =
    [
        DocumentedShape.From("optimaldial/errors-and-rate-limits.detail-string.json", required: ["detail"]),
        DocumentedShape.From("optimaldial/errors-and-rate-limits.detail-object.json", required: ["detail", "detail.error"]),
    ];

    // endpoints/webhooks/*: the field tables' "| null" and "required".
    private static readonly string[] WebhookEndpointNullable = ["description", "verified_at", "last_success_at", "last_failure_at", "disabled_at"];

    private static readonly string[] WebhookEndpointRequired = ["id", "user_id", "organization_id", "url", "events", "is_active", "consecutive_failures", "created_at", "updated_at"];

    public static DocumentedShape OptimalDialWebhookCreated => field ??= DocumentedShape.From(
        "optimaldial/create-a-webhook-endpoint.response.json",
        [.. WebhookEndpointNullable.Select(n => "webhook." + n)],
        ["webhook", "secret", .. WebhookEndpointRequired.Select(n => "webhook." + n)]);

    public static DocumentedShape OptimalDialWebhookEndpoints => field ??= DocumentedShape.From(
        "optimaldial/list-webhook-endpoints.response.json",
        [.. WebhookEndpointNullable.Select(n => "$[]." + n)],
        ["$", .. WebhookEndpointRequired.Select(n => "$[]." + n)]);

    public static DocumentedShape OptimalDialWebhookEndpoint => field ??= DocumentedShape.From(
        "optimaldial/update-a-webhook-endpoint.response.json", WebhookEndpointNullable, WebhookEndpointRequired);

    public static DocumentedShape OptimalDialWebhookDeliveries => field ??= DocumentedShape.From(
        "optimaldial/list-recent-deliveries-for-a-webhook-endpoint.response.json",
        ["$[].last_attempt_at", "$[].last_response_status", "$[].last_error", "$[].delivered_at"],
        ["$"]) with
    {
        Values = [new("$[].status", nameof(OptimalDialWebhookDeliveryStatus), v => new OptimalDialWebhookDeliveryStatus(v).IsDocumented, [
            .. new[] { OptimalDialWebhookDeliveryStatus.Pending, OptimalDialWebhookDeliveryStatus.InFlight, OptimalDialWebhookDeliveryStatus.Delivered, OptimalDialWebhookDeliveryStatus.Exhausted }.Select(v => v.ToString())])],
    };

    private static readonly DocumentedValues SourceStatus = new("source_status", nameof(OrbitSearchSourceStatus), v => new OrbitSearchSourceStatus(v).IsDocumented, [
        .. new[] { OrbitSearchSourceStatus.Pending, OrbitSearchSourceStatus.Processing, OrbitSearchSourceStatus.Completed, OrbitSearchSourceStatus.Failed }.Select(v => v.ToString())]);

    public static DocumentedShape OrbitSearchUpload => field ??= DocumentedShape.From(
        "orbitsearch/sources-upload.response.json", required: ["source_id", "directory_id", "source_status", "accepted", "failed", "warnings", "is_idempotent"]) with
    {
        Values = [SourceStatus],
    };

    /// <summary>Assumed (the status page prints no example): the upload response's fields; <c>is_idempotent</c> only describes an upload's answer.</summary>
    public static DocumentedShape OrbitSearchSourceStatusShape => field ??= DocumentedShape.From(
        "orbitsearch/sources-upload.response.json", required: ["source_id", "source_status"]) with
    {
        Values = [SourceStatus],
        Conditional = ["is_idempotent"],
    };

    public static DocumentedShape OrbitSearchError => field ??= new(
        "orbitsearch/error-handling.*.json",
        JsonShape.Union(JsonShape.Of(DocumentedExamples.Json("orbitsearch/error-handling.error.json")), JsonShape.Of(DocumentedExamples.Json("orbitsearch/error-handling.credits-insufficient.json"))),
        [],
        ["status", "error", "error.code", "error.message"]);

    private static DocumentedValues TalkdeskStatusAt(string path) => new(path, nameof(TalkdeskStatus), v => new TalkdeskStatus(v).IsDocumented, [
        .. new[] { TalkdeskStatus.Uploaded, TalkdeskStatus.ValidationStarted, TalkdeskStatus.Accepted, TalkdeskStatus.Rejected, TalkdeskStatus.Incomplete, TalkdeskStatus.Corrupted }.Select(v => v.ToString())]);

    // An upload request's status is typed "string" only (its values are assumed to be the record list's): not checked as an enumeration.
    public static DocumentedShape TalkdeskUploadRequest => field ??= DocumentedShape.FromSchemaTable("talkdesk/record-listsidupload-requests.response.schema.json");

    public static DocumentedShape TalkdeskUploadRequestUpdated => field ??= DocumentedShape.FromSchemaTable("talkdesk/record-listsidupload-requestsid_upload_request.response.schema.json");

    /// <summary>reference/record-lists-2 (its status values are listed: REJECTED, VALIDATION_STARTED, UPLOADED, ACCEPTED, INCOMPLETE, CORRUPTED); the SDK cannot act on a record list without its <c>id</c>.</summary>
    public static DocumentedShape TalkdeskRecordList => field ??= DocumentedShape.FromSchemaTable("talkdesk/record-lists-2.response.schema.json", ["id"]) with
    {
        Values = [TalkdeskStatusAt("status")],
    };

    public static DocumentedShape TalkdeskNewRecordList => field ??= DocumentedShape.FromSchemaTable("talkdesk/record-lists-1.response.schema.json");

    public static DocumentedShape TalkdeskRecordListUpdated => field ??= DocumentedShape.FromSchemaTable("talkdesk/update-record-lists.response.schema.json");

    /// <summary>reference/record-lists: total, per_page, page, _links and _embedded.record_lists are required; next and prev exist only where such a page does (assumed).</summary>
    public static DocumentedShape TalkdeskRecordListPage => field ??= DocumentedShape.FromSchemaTable(
        "talkdesk/record-lists.response.schema.json",
        ["total", "per_page", "page", "_links", "_links.self", "_links.first", "_links.last", "_embedded", "_embedded.record_lists", "_embedded.record_lists[].id"]) with
    {
        Values = [TalkdeskStatusAt("_embedded.record_lists[].status")],
        Conditional = ["_links.next", "_links.prev"],
    };

    public static DocumentedShape TalkdeskError => field ??= DocumentedShape.From(
        "talkdesk/record-listsidupload-requests.error.schema.json", required: ["code", "message", "fields"]);

    public static DocumentedShape TalkdeskToken => field ??= DocumentedShape.From(
        "talkdesk/cc-basic.response.schema.json", required: ["access_token", "token_type", "expires_in", "scope"]);

    public static DocumentedShape TalkdeskTokenError => field ??= DocumentedShape.From(
        "talkdesk/client-credentials-sts-token.error.schema.json", required: ["error", "error_description"]);
}
