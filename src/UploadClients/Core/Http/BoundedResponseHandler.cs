using System.Buffers;

namespace UploadClients;

/// <summary>
/// The innermost step of the pipeline (HttpPipeline): reads a response body into memory within the
/// attempt, so the attempt's timeout bounds the body as well as the headers, a body cut off mid-way is
/// an <see cref="HttpRequestException"/> the retry step can act on, and a body over
/// <see cref="UploadProviderOptions.MaxResponseBodyBytes"/> is refused instead of held.
/// </summary>
/// <remarks>
/// A success body of a request marked <see cref="StreamsResponse"/> (a file download) is left to
/// stream. An error body is read up to <see cref="MaxErrorBodyBytes"/> and cut there.
/// </remarks>
internal sealed class BoundedResponseHandler(string provider, long maxBytes) : DelegatingHandler
{
    /// <summary>How much of an error body is kept.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>Marks a request whose success body is a file to stream, not a document to read.</summary>
    internal static readonly HttpRequestOptionsKey<bool> StreamsResponse = new("UploadClients.StreamsResponse");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        // The facade reads what it sent from the answer (the page a HAL link is relative to, the
        // Repeated mark of a DELETE): a caller's handler that sets no RequestMessage must not lose it.
        response.RequestMessage ??= request;
        if (response.IsSuccessStatusCode && request.Options.TryGetValue(StreamsResponse, out var streams) && streams)
        {
            return response;
        }

        try
        {
            await BufferAsync(response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var success = response.IsSuccessStatusCode;
        var limit = success ? maxBytes : MaxErrorBodyBytes;
        var declared = response.Content.Headers.ContentLength;
        if (success && declared > limit)
        {
            throw new UploadResponseTooLargeException(provider, response.StatusCode, limit, declared);
        }

        byte[]? buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared is > 0 ? declared.Value + 1 : 4096, limit + 1));
        try
        {
            var total = 0;
            var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                while (total <= limit)
                {
                    if (total == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read;
                    try
                    {
                        read = await source.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw new HttpRequestException(
                            HttpRequestError.ResponseEnded,
                            $"{provider}'s response ({(int)response.StatusCode}) was cut off after {total} bytes of its body.",
                            ex);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }
            }

            if (total > limit)
            {
                if (success)
                {
                    throw new UploadResponseTooLargeException(provider, response.StatusCode, limit, declared);
                }

                total = (int)limit; // an error body is cut, not refused
            }

            var old = response.Content;
            response.Content = new BufferedContent(buffer, total, old);
            buffer = null; // the content owns it now, and returns it to the pool when disposed
            old.Dispose();
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

/// <summary>
/// A response body already read into memory (<see cref="BoundedResponseHandler"/>), in a pooled
/// buffer that goes back to the pool when the response is disposed; the original content headers are kept.
/// </summary>
internal sealed class BufferedContent : HttpContent
{
    private byte[]? _buffer;

    internal BufferedContent(byte[] pooled, int length, HttpContent original)
    {
        _buffer = pooled;
        Length = length;
        // The non-validated view enumerates without parsing or copying values into arrays.
        foreach (var header in original.Headers.NonValidated)
        {
            if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (header.Value.Count == 1)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value.ToString());
            }
            else
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    /// <summary>The body's length in bytes.</summary>
    internal int Length { get; }

    /// <summary>The body.</summary>
    internal ReadOnlySpan<byte> Body => (_buffer ?? throw new ObjectDisposedException(nameof(BufferedContent))).AsSpan(0, Length);

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        stream.WriteAsync(_buffer ?? throw new ObjectDisposedException(nameof(BufferedContent)), 0, Length);

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_buffer ?? throw new ObjectDisposedException(nameof(BufferedContent)), 0, Length, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
