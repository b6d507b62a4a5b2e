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
    /// The checks of an operation key before anything is read or sent: the key, the journal (or a message
    /// naming how to register one), and an earlier record made at another endpoint, with another
    /// credential, for another provider, account or destination (<see cref="ThrowIfElsewhere"/>). The same
    /// checks run again under the key's lock in <see cref="OpenAsync"/>.
    /// </summary>
    internal static async Task CheckAsync(UploadProviderOptions options, string key, string? destination, OperationCredential credential, CancellationToken cancellationToken)
    {
        var journal = JournalOf(options, key);
        if (await journal.FindAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            ThrowIfElsewhere(existing, options, destination, credential);
        }
    }

    /// <summary>
    /// Opens an operation for a provider's flow: the journal, the key's lock, the record an earlier run
    /// left (checked to be of the same endpoint, credential, provider, account and destination before the
    /// file is read, then of the same file). Dispose it to release the lock.
    /// </summary>
    internal static async Task<OperationScope> OpenAsync(UploadProviderOptions options, string key, UploadFile file, string? destination, OperationCredential credential, TimeProvider time, CancellationToken cancellationToken)
    {
        var journal = JournalOf(options, key);
        if (!file.IsReplayable)
        {
            throw new UploadValidationException([
                $"'{file.FileName}' comes from a non-seekable stream: an upload with an OperationKey reads the file to record its SHA-256 before sending it. Use UploadFile.FromPath, FromBytes or a seekable stream."]);
        }

        var lease = await journal.LockAsync(key, options.JournalLockTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await journal.FindAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                ThrowIfElsewhere(existing, options, destination, credential);
            }

            var (length, sha256) = await DigestAsync(file, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                ThrowIfAnotherFile(existing, sha256, length, file.FileName);
            }

            return new OperationScope(journal, lease, existing, time, new UploadOperation
            {
                Key = key,
                Provider = options.ProviderName,
                Account = options.Account ?? string.Empty,
                Endpoint = OperationCredential.EndpointOf(options.BaseAddress),
                Credential = credential.NewRecordValue(),
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

    /// <summary>The journal of <paramref name="options"/>, after checking the key; a missing one is refused, naming how to register one.</summary>
    private static IUploadJournal JournalOf(UploadProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UploadValidationException(["OperationKey is empty: give the upload a name you will use again on a rerun (for example \"crm-export 2026-12-01\"), or leave it null. Nothing was sent."]);
        }

        return options.Journal ?? throw new UploadValidationException([
            $"OperationKey '{key}' needs a journal to record the upload's steps: call services.AddUploadJournal(directory), or set {options.ProviderName}Options.Journal (for example new FileUploadJournal(directory)). Nothing was sent."]);
    }

    /// <summary>
    /// The token every step's record is written with: none. A caller's cancellation that lands between a
    /// request's answer and its record would otherwise lose what was sent (an id, a charge); a record is a
    /// small local or Redis write, and the flow stops at its next request instead.
    /// </summary>
    internal static CancellationToken Uncancelled => CancellationToken.None;

    /// <summary>Records the final result (a rerun then returns it and sends nothing).</summary>
    internal static async Task CompleteAsync(IUploadJournal journal, UploadOperation record, string resultJson, TimeProvider time, CancellationToken cancellationToken)
    {
        _ = cancellationToken; // the final status is in hand: recorded whatever the caller does now
        await journal.SaveAsync(record with { Step = UploadOperationStep.Completed, UpdatedAt = time.GetUtcNow(), ResultJson = resultJson }, Uncancelled).ConfigureAwait(false);
        Reached(CompletedRecorded);
    }

    /// <summary>Records <paramref name="record"/> at <paramref name="step"/> (now), then reports <paramref name="point"/> to the test hook.</summary>
    internal static async Task<UploadOperation> AdvanceAsync(IUploadJournal journal, UploadOperation record, UploadOperationStep step, TimeProvider time, string point, CancellationToken cancellationToken)
    {
        _ = cancellationToken; // recorded whole whatever the caller does now (see Uncancelled)
        record = record with { Step = step, UpdatedAt = time.GetUtcNow() };
        await journal.SaveAsync(record, Uncancelled).ConfigureAwait(false);
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
        /// <param name="idempotencyKey">The key the provider dedupes on (OrbitSearch).</param>
        /// <param name="cancellationToken">Cancels the write (nothing is sent yet).</param>
        /// <param name="sentFileName">The name the upload is sent under, with <paramref name="marker"/> in it (OptimalDial).</param>
        /// <param name="marker">The marker unique to the operation in that name.</param>
        internal async Task<UploadOperation> RecordSendingAsync(string? idempotencyKey, CancellationToken cancellationToken, string? sentFileName = null, string? marker = null)
        {
            var now = time.GetUtcNow();
            var record = fresh with { Step = UploadOperationStep.Sending, IdempotencyKey = idempotencyKey, SentFileName = sentFileName, Marker = marker, StartedAt = existing?.StartedAt ?? now, UpdatedAt = now };
            await journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            return record;
        }

        /// <summary>Records <see cref="UploadOperationStep.Created"/> with the provider's id.</summary>
        internal async Task<UploadOperation> RecordCreatedAsync(UploadOperation record, string providerId, CancellationToken cancellationToken)
        {
            _ = cancellationToken; // the provider's id is in hand: recorded whatever the caller does now
            record = record with { Step = UploadOperationStep.Created, ProviderId = providerId, UpdatedAt = time.GetUtcNow() };
            await journal.SaveAsync(record, Uncancelled).ConfigureAwait(false);
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

    /// <summary>
    /// A record belongs to one provider, account, endpoint, credential and destination: a run that differs
    /// in any is refused before anything is read or sent (a record proves nothing elsewhere: the offline
    /// fake's upload is not production's, another organization's is not this one's).
    /// </summary>
    internal static void ThrowIfElsewhere(UploadOperation record, UploadProviderOptions options, string? destination, OperationCredential credential)
    {
        var account = options.Account ?? string.Empty;
        var endpoint = OperationCredential.EndpointOf(options.BaseAddress);
        const string How = "To send it there, use another OperationKey, or another journal (services.AddUploadJournal(directory); the tool: --journal DIR).";
        var what = record.ProviderId is null ? string.Empty : $" (its {record.Provider} id: {record.ProviderId})";
        if (record.Provider != options.ProviderName || record.Account != account)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for a {record.Provider} upload{(record.Account.Length == 0 ? string.Empty : " of account '" + record.Account + "'")}; choose another key for this one. Nothing was read or sent."]);
        }

        if (record.Endpoint is null || record.Credential is null)
        {
            throw new UploadOperationElsewhereException(
                $"OperationKey '{record.Key}' has a record{what} that does not say which endpoint and credential it was sent with (it was written by an earlier build of the SDK): it proves nothing about {endpoint}. {How} Nothing was read or sent.",
                record.Key,
                record.Endpoint,
                endpoint,
                record.ProviderId);
        }

        if (record.Endpoint != endpoint)
        {
            throw new UploadOperationElsewhereException(
                $"OperationKey '{record.Key}' was recorded against {record.Endpoint}, and this run is against {endpoint}: a record proves nothing at another endpoint{what}, so it is neither resumed nor taken as done here. {How} Nothing was read or sent.",
                record.Key,
                record.Endpoint,
                endpoint,
                record.ProviderId);
        }

        if (!credential.Matches(record.Credential))
        {
            throw new UploadOperationElsewhereException(
                $"OperationKey '{record.Key}' was recorded at {endpoint} {credential.Difference(record.Credential)}{what}: " +
                $"a record proves nothing for another credential's account. If only the credential changed (a rotated key of the same account), look the upload up in the provider's app; to send the file with this credential, use another OperationKey. Nothing was read or sent.",
                record.Key,
                record.Endpoint,
                endpoint,
                record.ProviderId);
        }

        if (record.Destination != destination)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for an upload to {record.Destination ?? "(none)"}, not to {destination ?? "(none)"}: a rerun must send to the same place. Choose a new key for a new destination. Nothing was read or sent."]);
        }
    }

    /// <summary>The same key with another file is refused before anything is sent.</summary>
    internal static void ThrowIfAnotherFile(UploadOperation record, string sha256, long length, string fileName)
    {
        if (record.FileSha256 != sha256 || record.FileLength != length)
        {
            throw new UploadValidationException([
                $"OperationKey '{record.Key}' was used for another file ({record.FileName}, {record.FileLength:N0} bytes, SHA-256 {record.FileSha256[..12]}…) than '{fileName}' ({length:N0} bytes, SHA-256 {sha256[..12]}…): a rerun must send the same file. Choose a new key for a new file. Nothing was sent."]);
        }
    }
}
