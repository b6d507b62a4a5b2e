using System.Text;

namespace UploadClients.Testing;

/// <summary>One request the harness received, as it arrived, and what the harness answered.</summary>
public sealed class JournalEntry
{
    internal JournalEntry(
        long sequence,
        DateTimeOffset receivedAt,
        string method,
        string path,
        string query,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        long bodyLength,
        string bodyMd5Hex,
        string? endpoint,
        string? fault)
    {
        Sequence = sequence;
        ReceivedAt = receivedAt;
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        BodyLength = bodyLength;
        BodyMd5Hex = bodyMd5Hex;
        Endpoint = endpoint;
        Fault = fault;
    }

    /// <summary>Order of arrival, from 1.</summary>
    public long Sequence { get; }

    /// <summary>When the request arrived, on the harness's clock.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path, exactly as sent (not decoded).</summary>
    public string Path { get; }

    /// <summary>The query string with its leading '?', exactly as sent; empty when none.</summary>
    public string Query { get; }

    /// <summary>The request headers (values of a repeated header joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body (the first <see cref="HarnessOptions.MaxJournaledBodyBytes"/> bytes of it).</summary>
    public byte[] Body { get; }

    /// <summary>The body's full length in bytes.</summary>
    public long BodyLength { get; }

    /// <summary>Lower-case hex MD5 of the whole body.</summary>
    public string BodyMd5Hex { get; }

    /// <summary>The <see cref="HarnessEndpoint"/> name, or <see langword="null"/> for a request to no known endpoint.</summary>
    public string? Endpoint { get; }

    /// <summary>The fault applied to this request, if any.</summary>
    public string? Fault { get; }

    /// <summary>The status the harness answered with (0 when the connection was dropped).</summary>
    public int ResponseStatus { get; internal set; }

    /// <summary>The Content-Type the harness answered with, if any.</summary>
    public string? ResponseContentType { get; internal set; }

    /// <summary>The body the harness answered with (up to <see cref="HarnessOptions.MaxJournaledBodyBytes"/>; empty when none).</summary>
    public byte[] ResponseBody { get; internal set; } = [];

    /// <summary>The body the harness answered with, as UTF-8 text.</summary>
    /// <returns>The text.</returns>
    public string ResponseBodyText() => Encoding.UTF8.GetString(ResponseBody);

    /// <summary>A header's value, or <see langword="null"/>.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>The body as UTF-8 text.</summary>
    /// <returns>The text.</returns>
    public string BodyText() => Encoding.UTF8.GetString(Body);

    /// <summary>The parts of a multipart/form-data body, in order.</summary>
    /// <returns>Each part's name, file name (if any), content type and bytes.</returns>
    public IReadOnlyList<FormPart> FormParts() => MultipartForm.Parse(Header("Content-Type"), Body) ?? [];

    /// <summary>A text field of a multipart body, or <see langword="null"/>.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>Its value.</returns>
    public string? FormField(string name) =>
        FormParts().FirstOrDefault(p => p.Name == name && p.FileName is null) is { } part ? Encoding.UTF8.GetString(part.Content) : null;

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Method} {Path} → {ResponseStatus}{(Fault is null ? string.Empty : " [" + Fault + "]")}";
}

/// <summary>One part of a multipart/form-data body.</summary>
/// <param name="Name">The part's name.</param>
/// <param name="FileName">Its file name, for a file part.</param>
/// <param name="ContentType">Its content type, if sent.</param>
/// <param name="Content">Its bytes.</param>
public sealed record FormPart(string Name, string? FileName, string? ContentType, byte[] Content);
