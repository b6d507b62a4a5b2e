using System.Security.Cryptography;

namespace UploadClients;

/// <summary>What the three providers' operation-key flows share: the file's digest, the same-file rule, the test hook.</summary>
internal static class UploadOperations
{
    /// <summary>The step boundaries a crash test stops at.</summary>
    internal const string SendingRecorded = "sending-recorded", Answered = "answered", CreatedRecorded = "created-recorded", CompletedRecorded = "completed-recorded";

    /// <summary>Talkdesk's further step boundaries: the PUT answered, its record, the PATCH about to leave, answered, recorded.</summary>
    internal const string PutAnswered = "put-answered", UploadedRecorded = "uploaded-recorded", ValidationSendingRecorded = "validation-sending-recorded", ValidationAnswered = "validation-answered", ValidationRecorded = "validation-recorded";

    /// <summary>Inside the file journal's own write: half the record in its temporary file; the whole of it flushed, not yet renamed.</summary>
    internal const string JournalHalfWritten = "journal-half-written", JournalFlushed = "journal-flushed";

    /// <summary>Called at each step boundary (tests: the crash tests stop the run there, as a kill would).</summary>
    internal static readonly AsyncLocal<Action<string>?> StepHook = new();

    internal static void Reached(string point) => StepHook.Value?.Invoke(point);

    /// <summary>
    /// Opens an operation for a provider's flow: the journal (or a message naming how to register one),
    /// the file's digest, the key's lock, and the record an earlier run left (checked to be of the same
    /// file, provider and account). Dispose it to release the lock.
    /// </summary>
    internal static async Task<OperationScope> OpenAsync(UploadProviderOptions options, string key, UploadFile file, string? destination, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UploadValidationException(["OperationKey is empty: give the upload a name you will use again on a rerun (for example \"crm-export 2026-12-01\"), or leave it null. Nothing was sent."]);
        }

        var journal = options.Journal ?? throw new UploadValidationException([
            $"OperationKey '{key}' needs a journal to record the upload's steps: call services.AddUploadJournal(directory), or set {options.ProviderName}Options.Journal (for example new FileUploadJournal(directory)). Nothing was sent."]);
        var (length, sha256) = await DigestAsync(file, cancellationToken).ConfigureAwait(false);
        var lease = await journal.LockAsync(key, options.JournalLockTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await journal.FindAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                ThrowIfAnotherFile(existing, options.ProviderName, options.Account ?? string.Empty, destination, sha256, length, file.FileName);
            }

            return new OperationScope(journal, lease, existing, time, new UploadOperation
            {
                Key = key,
                Provider = options.ProviderName,
                Account = options.Account ?? string.Empty,
                Destination = destination,
                FileName = file.FileName,
                FileLength = length,
                FileSha256 = sha256,
            });
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records the final result (a rerun then returns it and sends nothing).</summary>
    internal static async Task CompleteAsync(IUploadJournal journal, UploadOperation record, string resultJson, TimeProvider time, CancellationToken cancellationToken)
    {
        await journal.SaveAsync(record with { Step = UploadOperationStep.Completed, UpdatedAt = time.GetUtcNow(), ResultJson = resultJson }, cancellationToken).ConfigureAwait(false);
        Reached(CompletedRecorded);
    }

    /// <summary>Records <paramref name="record"/> at <paramref name="step"/> (now), then reports <paramref name="point"/> to the test hook.</summary>
    internal static async Task<UploadOperation> AdvanceAsync(IUploadJournal journal, UploadOperation record, UploadOperationStep step, TimeProvider time, string point, CancellationToken cancellationToken)
    {
        record = record with { Step = step, UpdatedAt = time.GetUtcNow() };
        await journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        Reached(point);
        return record;
    }

    /// <summary>One operation, open under its key's lock (see <see cref="OpenAsync"/>).</summary>
    internal sealed class OperationScope(IUploadJournal journal, IAsyncDisposable lease, UploadOperation? existing, TimeProvider time, UploadOperation fresh) : IAsyncDisposable
    {
        internal IUploadJournal Journal => journal;

        /// <summary>What an earlier run recorded (same file, provider and account), or <see langword="null"/>.</summary>
        internal UploadOperation? Existing => existing;

        /// <summary>Records <see cref="UploadOperationStep.Sending"/> before the request leaves: a crash from here on is found again by a rerun.</summary>
        internal async Task<UploadOperation> RecordSendingAsync(string? idempotencyKey, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var record = fresh with { Step = UploadOperationStep.Sending, IdempotencyKey = idempotencyKey, StartedAt = existing?.StartedAt ?? now, UpdatedAt = now };
            await journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            return record;
        }

        /// <summary>Records <see cref="UploadOperationStep.Created"/> with the provider's id.</summary>
        internal async Task<UploadOperation> RecordCreatedAsync(UploadOperation record, string providerId, CancellationToken cancellationToken)
        {
            record = record with { Step = UploadOperationStep.Created, ProviderId = providerId, UpdatedAt = time.GetUtcNow() };
            await journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            return record;
        }

        public ValueTask DisposeAsync() => lease.DisposeAsync();
    }

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
    internal static void ThrowIfAnotherFile(UploadOperation record, string provider, string account, string? destination, string sha256, long length, string fileName)
    {
        if (record.Provider != provider || record.Account != account)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for a {record.Provider} upload{(record.Account.Length == 0 ? string.Empty : " of account '" + record.Account + "'")}; choose another key for this one. Nothing was sent."]);
        }

        if (record.Destination != destination)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for an upload to {record.Destination ?? "(none)"}, not to {destination ?? "(none)"}: a rerun must send to the same place. Choose a new key for a new destination. Nothing was sent."]);
        }

        if (record.FileSha256 != sha256 || record.FileLength != length)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for another file ({record.FileName}, {record.FileLength:N0} bytes, SHA-256 {record.FileSha256[..12]}…) than '{fileName}' ({length:N0} bytes, SHA-256 {sha256[..12]}…): a rerun must send the same file. Choose a new key for a new file. Nothing was sent."]);
        }
    }
}
