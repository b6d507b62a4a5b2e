using System.Globalization;
using System.Net;
using System.Text.Json;

namespace UploadClients.OptimalDial;

/// <summary>
/// Maps OptimalDial's error envelope, <c>{"detail": string | {"error": …} | [{"loc", "msg"}…]}</c>,
/// into <see cref="UploadApiException"/>, with advice for the statuses OptimalDial documents.
/// </summary>
internal sealed class OptimalDialErrors : IProviderErrorMapper
{
    internal static readonly OptimalDialErrors Instance = new();

    public UploadApiException Map(ProviderError error)
    {
        string? detail = null;
        string? code = null;
        TimeSpan? bodyRetryAfter = null;
        IReadOnlyDictionary<string, JsonElement>? details = null;
        var fields = new List<UploadFieldError>();
        try
        {
            if (error.Body.Length > 0)
            {
                using var doc = JsonDocument.Parse(error.Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detail", out var d))
                {
                    switch (d.ValueKind)
                    {
                        case JsonValueKind.String:
                            detail = d.GetString();
                            break;
                        case JsonValueKind.Object:
                            code = d.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                            detail = d.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : d.GetRawText();
                            details = JsonErrorBody.Extras(d, "error", "message");
                            if (d.TryGetProperty("retry_after_seconds", out var ras) && ras.TryGetDouble(out var seconds) && seconds >= 0)
                            {
                                bodyRetryAfter = TimeSpan.FromSeconds(seconds);
                            }

                            break;
                        case JsonValueKind.Array:
                            foreach (var item in d.EnumerateArray())
                            {
                                fields.Add(ToFieldError(item));
                            }

                            detail = string.Join("; ", fields.Select(f => $"{f.Name}: {f.Description}"));
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not the documented envelope (a proxy's HTML page, say): the status and raw body still tell the story.
        }

        var retryAfter = error.RetryAfter ?? bodyRetryAfter;
        var message = error.DefaultMessage(detail, Advice(error.StatusCode, retryAfter, fields.Count > 0, error.Operation));
        return new UploadApiException(error.Provider, error.StatusCode, message, code, fields, error.Body.Length == 0 ? null : error.Body)
        {
            RetryAfter = retryAfter,
            ErrorDetails = details ?? new Dictionary<string, JsonElement>(),
        };
    }

    private static UploadFieldError ToFieldError(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new UploadFieldError("(request)", item.ToString());
        }

        var name = item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
            ? string.Join('.', loc.EnumerateArray().Select(p => p.ToString()).Where(p => p != "body"))
            : "(request)";
        var description = item.TryGetProperty("msg", out var msg) ? msg.ToString() : item.GetRawText();
        return new UploadFieldError(name.Length == 0 ? "(request)" : name, description);
    }

    private static string? Advice(HttpStatusCode status, TimeSpan? retryAfter, bool hasFieldErrors, string operation) => (int)status switch
    {
        401 => "The API key was refused: check UploadClients:OptimalDial:ApiKey (it may be revoked or mistyped) and mint a new key in the OptimalDial developer panel if needed.",
        402 => "Your organization does not have enough credits for this upload: buy credits in the OptimalDial app, then upload again. Nothing was charged.",
        403 when operation.StartsWith("download", StringComparison.Ordinal) => "The storage host refused the download link even after a fresh one was fetched.",
        403 => "Your organization has no active OptimalDial subscription: subscribe in the OptimalDial app, then try again.",
        404 => "It does not exist, or it belongs to another organization (API keys are scoped to one organization).",
        400 or 409 when operation.StartsWith("cancel", StringComparison.Ordinal) =>
            "Only an upload that has not started processing can be cancelled; this one has, so its credits stay charged.",
        413 => "The CSV is over OptimalDial's 100 MB limit: split it into smaller files and upload each one.",
        415 => "OptimalDial expects multipart/form-data with a CSV file part; this is a bug in the request, please report it.",
        422 when hasFieldErrors => "Fix the fields listed and send the upload again.",
        422 => "An upload needs at least 100 valid US/Canadian phone numbers after validation: check that the phone column is the right one and the numbers are US/Canadian, or add rows.",
        429 => "You hit OptimalDial's rate limit (60 write requests a minute per key, 600 per organization): wait "
            + (retryAfter is { } w ? $"{Math.Ceiling(w.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds (Retry-After)" : "a minute")
            + " before trying again.",
        >= 500 when operation.StartsWith("create", StringComparison.Ordinal) =>
            "The upload was not retried automatically because OptimalDial may have accepted it and charged credits: check your uploads in the OptimalDial app (or list them) before sending it again.",
        >= 500 => "OptimalDial had a server error; it is safe to try again shortly.",
        _ => null,
    };
}
