using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WireMock;

namespace UploadClients.Testing.OptimalDial;

/// <content>Download links (GET …/download/{kind}) and the storage host they point at.</content>
public sealed partial class OptimalDialFake
{
    private IResponseMessage DownloadLink(IRequestMessage request)
    {
        if (Refuse(request) is { } refused)
        {
            return refused;
        }

        var segments = request.Path.Split('/');
        var kind = segments[^1];
        if (kind is not ("original" or "processed" or "processed-filtered"))
        {
            return Detail(422, $"Unknown file kind '{kind}'");
        }

        if (!_uploads.TryGetValue(Guid.TryParse(segments[4], out var id) ? id : Guid.Empty, out var upload) || upload.Owner != FakeResponses.BearerToken(request))
        {
            return Detail(404, "Upload not found");
        }

        if (kind != "original" && upload.Status != "completed")
        {
            return Detail(409, "Processed files are available once the upload has completed");
        }

        return FakeResponses.Json(200, IssueLink(id, kind));
    }

    private IResponseMessage Storage(IRequestMessage request)
    {
        if (FakeResponses.Header(request, "Authorization") is not null)
        {
            return StorageError(400, "InvalidArgument", "Unexpected Authorization header: the download link carries its own signature");
        }

        var token = request.Query is { } q && q.TryGetValue("token", out var t) ? t.FirstOrDefault() : null;
        if (token is null || !_links.TryGetValue(token, out var link))
        {
            return StorageError(403, "AccessDenied", "Invalid signature");
        }

        if (_time.GetUtcNow() >= link.ExpiresAt)
        {
            return StorageError(403, "AccessDenied", "Request has expired");
        }

        var bytes = FileContent(link.Upload, link.Kind) ?? [];
        var message = (WireMock.ResponseMessage)FakeResponses.Text(200, string.Empty, "text/csv");
        message.BodyData = new WireMock.Util.BodyData { BodyAsBytes = bytes, DetectedBodyType = WireMock.Types.BodyType.Bytes };
        return message;
    }

    private JsonObject IssueLink(Guid id, string kind)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = _time.GetUtcNow() + DownloadLinkLifetime;
        _links[token] = (id, kind, expires);
        return new JsonObject
        {
            ["download_url"] = new Uri(_baseAddress, $"storage/optimaldial/{id}/{kind}.csv").ToString() + $"?token={token}&X-Amz-Signature={token}%2Fsig%7E",
            ["expires_at"] = expires.ToUnixTimeMilliseconds() / 1000.0,
        };
    }

    private static IResponseMessage StorageError(int status, string code, string message) =>
        FakeResponses.Text(status, ErrorBodies.S3(code, message), "application/xml");
}
