using System.Net.Http.Headers;
using System.Text;

namespace UploadClients;

/// <summary>
/// A multipart/form-data body whose file part streams from its source (see
/// <see cref="UploadFileContent"/>). Parts are written in the order they are added, the way
/// curl's <c>--form</c> does, with a Content-Length whenever the file's length is known.
/// </summary>
internal sealed class StreamingMultipartContent : MultipartFormDataContent, IReplayableContent
{
    private readonly List<UploadFileContent> _files = [];

    public bool CanReplay => _files.TrueForAll(f => f.CanReplay);

    public bool CarriesFile => _files.Count > 0;

    /// <summary>Adds a plain text field (no Content-Type of its own, as curl sends it).</summary>
    internal StreamingMultipartContent Field(string name, string value)
    {
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
        Add(part);
        return this;
    }

    /// <summary>Adds the streamed file part.</summary>
    internal StreamingMultipartContent File(string name, UploadFile file, string? fileName, IProgress<UploadProgress>? progress, string? provider = null, string? account = null)
    {
        var part = new UploadFileContent(file, progress, provider, account);
        var sentName = string.IsNullOrEmpty(fileName) ? file.FileName : fileName;
        var disposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
        if (Ascii.IsValid(sentName))
        {
            disposition.FileName = Quote(sentName);
        }
        else
        {
            // RFC 7578 §4.2: a plain ASCII fallback plus the RFC 5987 form for the real name.
            disposition.FileName = Quote(new string([.. sentName.Select(c => c < 128 ? c : '_')]));
            disposition.FileNameStar = sentName;
        }

        // Content-Disposition first, then Content-Type, in the order curl and browsers write them.
        var contentType = part.Headers.ContentType;
        part.Headers.ContentType = null;
        part.Headers.ContentDisposition = disposition;
        part.Headers.ContentType = contentType;
        _files.Add(part);
        Add(part);
        return this;
    }

    /// <summary>A quoted-string with the WHATWG form-data escapes (what browsers send): " → %22, CR → %0D, LF → %0A.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal) + "\"";
}
