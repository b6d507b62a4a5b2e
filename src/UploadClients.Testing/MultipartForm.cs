using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace UploadClients.Testing;

/// <summary>The harness's one multipart/form-data parser (the journal and every fake use it).</summary>
internal static class MultipartForm
{
    /// <summary>The parts of <paramref name="body"/>, in order; null when <paramref name="contentType"/> is not multipart/form-data.</summary>
    internal static List<FormPart>? Parse(string? contentType, byte[] body)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
        {
            return null;
        }

        var parts = new List<FormPart>();
        var reader = new MultipartReader(boundary, new MemoryStream(body)) { BodyLengthLimit = null };
        while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
        {
            using var buffer = new MemoryStream();
            section.Body.CopyTo(buffer);
            _ = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
            parts.Add(new FormPart(
                HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value ?? string.Empty,
                disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.FileName).Value,
                section.ContentType,
                buffer.ToArray()));
        }

        return parts;
    }
}
