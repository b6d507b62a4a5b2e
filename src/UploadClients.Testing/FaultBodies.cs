using System.Globalization;
using System.Text.Json.Nodes;

namespace UploadClients.Testing;

/// <summary>
/// The body of an injected fault, in the shape the provider owning the endpoint documents for its
/// errors: OptimalDial's <c>{"detail": …}</c> (its 429 with <c>detail.error</c>
/// <c>rate_limit_exceeded</c>), OrbitSearch's <c>{"status": "failed", "error": {"code", "message"}}</c>,
/// Talkdesk's <c>{code, message, description, fields}</c>, the OAuth token endpoint's
/// <c>{error, error_description}</c>, and S3's XML error on the storage hosts (signed-URL PUTs,
/// OptimalDial downloads). The codes are the harness's own (<c>injected_fault</c>,
/// <c>rate_limit_exceeded</c>): the providers document the shapes, not codes for these statuses.
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
                ($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{(limited ? "SlowDown" : status >= 500 ? "ServiceUnavailable" : "AccessDenied")}</Code><Message>{message}</Message></Error>", "application/xml"),
            HarnessEndpoint.TalkdeskToken => (new JsonObject { ["error"] = limited ? "slow_down" : "temporarily_unavailable", ["error_description"] = message }.ToJsonString(), "application/json"),
            _ when endpoint?.StartsWith("Talkdesk.", StringComparison.Ordinal) == true =>
                (new JsonObject { ["code"] = code, ["message"] = message, ["description"] = "An error the test harness was told to answer with.", ["fields"] = new JsonArray() }.ToJsonString(), "application/json"),
            _ when endpoint?.StartsWith("OrbitSearch.", StringComparison.Ordinal) == true =>
                (new JsonObject { ["status"] = "failed", ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), "application/json"),
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
            _ => (new JsonObject { ["detail"] = message }.ToJsonString(), "application/json"),
        };
    }
}
