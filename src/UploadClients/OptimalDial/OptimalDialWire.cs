using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>GET /api/v1/uploads: <c>{"data": [Upload…], "next_cursor": string|null}</c>.</summary>
internal sealed record UploadPageWire([property: JsonRequired] IReadOnlyList<OptimalDialUpload> Data, string? NextCursor);

