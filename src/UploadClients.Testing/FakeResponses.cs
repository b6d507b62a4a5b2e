using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace UploadClients.Testing;

/// <summary>Builds WireMock responses from the fakes' callbacks.</summary>
internal static class FakeResponses
{
    internal static IResponseMessage Json(int status, JsonNode body, IDictionary<string, string>? headers = null) =>
        Text(status, body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }), "application/json", headers);

    internal static IResponseMessage Text(int status, string body, string contentType, IDictionary<string, string>? headers = null)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = new WireMockList<string>(contentType),
            },
            BodyData = new BodyData
            {
                BodyAsString = body,
                DetectedBodyType = BodyType.String,
                Encoding = new UTF8Encoding(false),
            },
        };
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                message.Headers[name] = new WireMockList<string>(value);
            }
        }

        return message;
    }

    /// <summary>The parts of a multipart/form-data request by name, or null when the request is not multipart.</summary>
    internal static Dictionary<string, FormPart>? FormParts(IRequestMessage request) =>
        MultipartForm.Parse(Header(request, "Content-Type"), request.BodyAsBytes ?? [])?
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>The query of a request exactly as the client sent it (with its '?'), or empty.</summary>
    internal static string RawQuery(IRequestMessage request)
    {
        var raw = Header(request, HarnessMiddleware.RawTargetHeader) ?? string.Empty;
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? string.Empty : raw[q..];
    }

    /// <summary>The bearer token of a request, or null.</summary>
    internal static string? BearerToken(IRequestMessage request) =>
        Header(request, "Authorization") is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;

    internal static string? Header(IRequestMessage request, string name) =>
        request.Headers is { } headers && headers.TryGetValue(name, out var values) ? values.FirstOrDefault()
        : request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
