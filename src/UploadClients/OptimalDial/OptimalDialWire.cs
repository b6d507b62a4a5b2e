using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>GET /api/v1/uploads: <c>{"data": [Upload…], "next_cursor": string|null}</c>.</summary>
internal sealed record UploadPageWire([property: JsonRequired] IReadOnlyList<OptimalDialUpload> Data, string? NextCursor);


/// <summary>The JSON-mode upload body (getting-started): <c>{"filename", "phone_numbers", "skip_mobile_lookup"}</c>; a null filename is left out.</summary>
internal sealed record NumbersUploadBody(string? Filename, IReadOnlyList<string> PhoneNumbers, bool SkipMobileLookup);

/// <summary>POST /api/v1/webhooks: <c>{"url", "description", "events"}</c>; a null member is left out.</summary>
internal sealed record CreateWebhookBody(string Url, string? Description, IReadOnlyList<string>? Events);

/// <summary>PATCH /api/v1/webhooks/{id}: only the members set are written.</summary>
internal sealed record UpdateWebhookBody(string? Url, string? Description, IReadOnlyList<string>? Events, bool? IsActive);

/// <summary>The 201 answer of POST /api/v1/webhooks: <c>{"webhook": WebhookEndpoint, "secret": "&lt;64 hex&gt;"}</c>.</summary>
internal sealed record CreatedWebhookWire([property: JsonRequired] OptimalDialWebhookEndpoint Webhook, [property: JsonRequired] string Secret);
