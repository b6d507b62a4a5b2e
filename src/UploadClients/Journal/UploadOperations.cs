using System.Security.Cryptography;

namespace UploadClients;

/// <summary>What the three providers' operation-key flows share: the file's digest, the same-file rule, the test hook.</summary>
internal static class UploadOperations
{
    /// <summary>The step boundaries a crash test stops at.</summary>
    internal const string SendingRecorded = "sending-recorded", Answered = "answered", CreatedRecorded = "created-recorded";

    /// <summary>Called at each step boundary (tests: the crash tests stop the run there, as a kill would).</summary>
    internal static readonly AsyncLocal<Action<string>?> StepHook = new();

    internal static void Reached(string point) => StepHook.Value?.Invoke(point);

    /// <summary>The file's length and SHA-256 (lowercase hex), read once from its first byte.</summary>
    internal static async Task<(long Length, string Sha256)> DigestAsync(UploadFile file, CancellationToken cancellationToken)
    {
        if (!file.IsReplayable)
        {
            throw new UploadValidationException([
                $"'{file.FileName}' comes from a non-seekable stream: an upload with an OperationKey reads the file to record its SHA-256 before sending it. Use UploadFile.FromPath, FromBytes or a seekable stream."]);
        }

        var stream = file.OpenRead();
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long length = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    length += read;
                }

                return (length, Convert.ToHexStringLower(sha.GetHashAndReset()));
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            await file.ReleaseAsync(stream).ConfigureAwait(false);
        }
    }

    /// <summary>The same key with another file, provider or account is refused before anything is sent.</summary>
    internal static void ThrowIfAnotherFile(UploadOperation record, string provider, string account, string sha256, long length, string fileName)
    {
        if (record.Provider != provider || record.Account != account)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for a {record.Provider} upload{(record.Account.Length == 0 ? string.Empty : " of account '" + record.Account + "'")}; choose another key for this one. Nothing was sent."]);
        }

        if (record.FileSha256 != sha256 || record.FileLength != length)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for another file ({record.FileName}, {record.FileLength:N0} bytes, SHA-256 {record.FileSha256[..12]}…) than '{fileName}' ({length:N0} bytes, SHA-256 {sha256[..12]}…): a rerun must send the same file. Choose a new key for a new file. Nothing was sent."]);
        }
    }
}
