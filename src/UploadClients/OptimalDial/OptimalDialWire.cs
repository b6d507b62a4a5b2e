using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>GET /api/v1/uploads: <c>{"data": [Upload…], "next_cursor": string|null}</c>.</summary>
internal sealed record UploadPageWire([property: JsonRequired] IReadOnlyList<OptimalDialUpload> Data, string? NextCursor);


/// <summary>The JSON-mode upload body (getting-started): <c>{"filename", "phone_numbers", "skip_mobile_lookup"}</c>; a null filename is left out.</summary>
internal sealed record NumbersUploadBody(string? Filename, IReadOnlyList<string> PhoneNumbers, bool SkipMobileLookup);
