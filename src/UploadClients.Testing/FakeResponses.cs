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

    internal static string? Header(IRequestMessage request, string name) =>
        request.Headers is { } headers && headers.TryGetValue(name, out var values) ? values.FirstOrDefault()
        : request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
