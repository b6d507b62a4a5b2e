using System.Globalization;
using System.Text.Json.Nodes;

namespace UploadClients.Testing;

/// <summary>
/// Each provider's error envelope, written once for the harness: the fakes' own refusals and the
/// injected faults (<see cref="FaultBodies"/>) both answer through these, so the two cannot drift.
/// OptimalDial's <c>{"detail": …}</c> (guides/errors-and-rate-limits), OrbitSearch's
/// <c>{"status": "failed", "error": {"code", "message"}}</c> (guides/error-handling), Talkdesk's
/// <c>{code, message, description, fields}</c> (the upload-request page's error schema), the OAuth token
/// endpoint's <c>{error, error_description}</c>, and S3's XML error.
/// </summary>
internal static class ErrorBodies
{
    internal static JsonObject OptimalDial(string detail) => new() { ["detail"] = detail };

    internal static JsonObject OrbitSearch(string code, string message) =>
        new() { ["status"] = "failed", ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    internal static JsonObject Talkdesk(string code, string message, string description, params (string Name, string Description)[] fields) => new()
    {
        ["code"] = code,
        ["message"] = message,
        ["description"] = description,
        ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["description"] = f.Description })]),
    };

    internal static JsonObject OAuth(string error, string description) => new() { ["error"] = error, ["error_description"] = description };

    internal static string S3(string code, string message) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>HARNESS</RequestId></Error>";
}

/// <summary>
/// The body of an injected fault, in the error shape of the provider that owns the endpoint
/// (<see cref="ErrorBodies"/>): S3's XML on the storage hosts (signed-URL PUTs, OptimalDial
/// downloads), the OAuth error on the token endpoint, and each API's envelope on its endpoints; an
/// OptimalDial 429 carries <c>detail.error</c> <c>rate_limit_exceeded</c> as documented. The codes are
/// the harness's own (<c>injected_fault</c>, <c>rate_limit_exceeded</c>): the providers document the
/// shapes, not codes for these statuses.
/// </summary>
internal static class FaultBodies
{
    internal static (string Body, string ContentType) For(string? endpoint, int status, TimeSpan? retryAfter)
    {
        var limited = status == 429;
        var code = limited ? "rate_limit_exceeded" : "injected_fault";
        var message = limited ? "Too many requests: slow down." : $"Injected fault: status {status.ToString(CultureInfo.InvariantCulture)}.";
        return endpoint switch
        {
            HarnessEndpoint.TalkdeskSignedUrlPut or HarnessEndpoint.OptimalDialStorageDownload =>
                (ErrorBodies.S3(limited ? "SlowDown" : status >= 500 ? "ServiceUnavailable" : "AccessDenied", message), "application/xml"),
            HarnessEndpoint.TalkdeskToken => (ErrorBodies.OAuth(limited ? "slow_down" : "temporarily_unavailable", message).ToJsonString(), "application/json"),
            _ when endpoint?.StartsWith("Talkdesk.", StringComparison.Ordinal) == true =>
                (ErrorBodies.Talkdesk(code, message, "An error the test harness was told to answer with.").ToJsonString(), "application/json"),
            _ when endpoint?.StartsWith("OrbitSearch.", StringComparison.Ordinal) == true =>
                (ErrorBodies.OrbitSearch(code, message).ToJsonString(), "application/json"),
            _ when limited =>
                (new JsonObject
                {
                    ["detail"] = new JsonObject
                    {
                        ["error"] = "rate_limit_exceeded",
                        ["limit"] = 60,
                        ["observed"] = 61,
                        ["retry_after_seconds"] = (int)Math.Max(0, Math.Ceiling(retryAfter?.TotalSeconds ?? 60)),
                    },
                }.ToJsonString(), "application/json"),
            _ => (ErrorBodies.OptimalDial(message).ToJsonString(), "application/json"),
        };
    }
}
