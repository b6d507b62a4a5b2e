using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace UploadClients;

/// <summary>
/// Streams an <see cref="UploadFile"/> to the connection in fixed-size chunks, reporting
/// progress. Every serialization (every attempt) starts again from the file's first byte.
/// </summary>
internal sealed class UploadFileContent : HttpContent, IReplayableContent
{
    /// <summary>The chunk size: below the large-object-heap threshold, and large enough for full-speed I/O.</summary>
    internal const int ChunkSize = 81920;

    private readonly UploadFile _file;
    private readonly IProgress<UploadProgress>? _progress;

    private readonly string? _provider;

    internal UploadFileContent(UploadFile file, IProgress<UploadProgress>? progress, string? provider = null)
    {
        _file = file;
        _progress = progress;
        _provider = provider;
        Headers.ContentType = new MediaTypeHeaderValue(UploadFile.CsvContentType);
    }

    public bool CanReplay => _file.CanReopen;

    public bool CarriesFile => true;

    internal UploadFile File => _file;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = _file.OpenRead();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long sent = 0;
        try
        {
            _progress?.Report(new UploadProgress(0, _file.Length));
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
                _progress?.Report(new UploadProgress(sent, _file.Length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await _file.ReleaseAsync(source).ConfigureAwait(false);
            UploadClientsTelemetry.BytesSent.Add(sent, new KeyValuePair<string, object?>(UploadClientsTelemetry.ProviderTag, _provider));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _file.Length ?? -1;
        return _file.Length.HasValue;
    }
}
