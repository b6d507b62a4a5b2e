using System.Buffers;
using System.Security.Cryptography;

namespace UploadClients;

/// <summary>
/// One streaming pass over a file that yields its MD5, its exact length and its first bytes (for
/// the header check), so the file is read once before it is sent, never held whole.
/// </summary>
internal static class FileDigest
{
    /// <summary>The result of the pass.</summary>
    /// <param name="Md5">The 16-byte MD5 digest.</param>
    /// <param name="Length">The number of bytes read.</param>
    /// <param name="Head">The first bytes (up to the requested head size).</param>
    /// <param name="ReachedEnd">False when the pass stopped at <c>maxBytes</c> + 1 (the file is over the limit).</param>
    internal sealed record Result(byte[] Md5, long Length, byte[] Head, bool ReachedEnd)
    {
        internal string Md5Hex => Convert.ToHexStringLower(Md5);

        internal string Md5Base64 => Convert.ToBase64String(Md5);
    }

    /// <summary>
    /// Hashes <paramref name="file"/>, reading at most <paramref name="maxBytes"/> + 1 bytes (enough to
    /// know it is over the limit) and keeping the first <paramref name="headBytes"/>.
    /// </summary>
    internal static async Task<Result> ComputeAsync(UploadFile file, long maxBytes, int headBytes, CancellationToken cancellationToken)
    {
        if (file.Length is null)
        {
            // A non-seekable stream: peeking keeps what was read (bounded by the limit), so the
            // bytes are sent from memory afterwards and nothing is read twice from the source.
            var size = (int)Math.Min(maxBytes + 1, int.MaxValue);
            var all = new byte[size];
            var read = await file.PeekAsync(all, cancellationToken).ConfigureAwait(false);
            return new Result(MD5.HashData(all.AsSpan(0, read)), read, all[..Math.Min(read, headBytes)], read <= maxBytes);
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var head = new byte[(int)Math.Min(headBytes, file.Length.Value)];
        var buffer = ArrayPool<byte>.Shared.Rent(UploadFileContent.ChunkSize);
        var stream = file.OpenRead();
        long total = 0;
        try
        {
            int n;
            while (total <= maxBytes && (n = await stream.ReadAsync(buffer.AsMemory(0, UploadFileContent.ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                if (total < head.Length)
                {
                    buffer.AsSpan(0, (int)Math.Min(n, head.Length - total)).CopyTo(head.AsSpan((int)total));
                }

                total += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await file.ReleaseAsync(stream).ConfigureAwait(false);
        }

        return new Result(md5.GetHashAndReset(), total, head, total <= maxBytes);
    }
}
