using System.Buffers;
using Microsoft.Extensions.Logging;

namespace UploadClients.OptimalDial;

/// <content>The operation-key flow: a create sent once across restarts, and the evidence a rerun needs before it adopts an upload it sent (the marked name, the stored file's SHA-256, no other record's claim).</content>
public partial class OptimalDialClient
{
    /// <summary>
    /// An upload with an operation key, exactly once across restarts (docs/reliability.md, "Operation
    /// keys"): under the key's lock, the journal's record decides whether to send, wait or return. The
    /// upload is sent under a name that carries a marker unique to the operation (recorded before the POST
    /// leaves), so that a rerun which finds it in the list knows it is this operation's.
    /// </summary>
    /// <returns>The upload when this call has it in hand (created, adopted or recorded as completed), else null; its id; the record; the journal.</returns>
    private async Task<(OptimalDialUpload? Upload, Guid Id, UploadOperation Record, IUploadJournal Journal)> CreateOnceAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken)
    {
        var key = request.OperationKey!;
        var scope = await UploadOperations.OpenAsync(_options, key, request.File, null, Credential(), _time, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            var journal = scope.Journal;
            if (scope.Existing is { } record)
            {
                switch (record.Step)
                {
                    case UploadOperationStep.Completed when record.ResultJson is { } json:
                        var done = System.Text.Json.JsonSerializer.Deserialize(json, OptimalDialJsonContext.Default.OptimalDialUpload)!;
                        return (done, done.Id, record, journal);
                    case UploadOperationStep.Created or UploadOperationStep.Completed when Guid.TryParse(record.ProviderId, out var id):
                        return (null, id, record, journal);
                    case UploadOperationStep.Created or UploadOperationStep.Completed:
                        // Created, but the id cannot be read: sending again could charge twice.
                        throw new InvalidDataException($"The journal record of operation '{key}' says the upload was created but its id '{record.ProviderId}' cannot be read. Nothing was sent.");
                    case UploadOperationStep.Sending:
                        var (adopted, candidates) = await FindSentAsync(journal, record, cancellationToken).ConfigureAwait(false);
                        if (adopted is not null)
                        {
                            record = await scope.RecordCreatedAsync(record, Id(adopted.Id), cancellationToken).ConfigureAwait(false);
                            UploadOperations.Reached(UploadOperations.CreatedRecorded);
                            return (adopted, adopted.Id, record, journal);
                        }

                        if (!request.ResendIfOutcomeUnknown)
                        {
                            throw OutcomeUnknown(record, candidates);
                        }

                        break;
                }
            }

            // The marker is the operation's for good (a resend keeps it); a caller's FilenameOverride is sent as given, without one.
            var marker = string.IsNullOrEmpty(request.FilenameOverride) ? scope.Existing?.Marker ?? NewMarker() : null;
            var sentName = marker is null ? request.FilenameOverride! : MarkedName(request.File.FileName, marker);
            var sending = await scope.RecordSendingAsync(null, cancellationToken, sentName, marker).ConfigureAwait(false);
            UploadOperations.Reached(UploadOperations.SendingRecorded);
            OptimalDialUpload created;
            try
            {
                created = await SendCreateAsync(request, cancellationToken, sentName).ConfigureAwait(false);
            }
            catch (UploadOutcomeUnknownException unknown)
            {
                var how = $" It was sent under operation key '{key}' as '{sentName}': run the same key again, and it finds this upload by its name and file if OptimalDial has it, or says so without sending anything.";
                throw unknown.InnerException is { } cause
                    ? new UploadOutcomeUnknownException(unknown.Provider, unknown.Operation, unknown.Message + how, cause)
                    : new UploadOutcomeUnknownException(unknown.Provider, unknown.Operation, unknown.Message + how);
            }

            UploadOperations.Reached(UploadOperations.Answered); // the answer is in, not yet recorded
            var recorded = await scope.RecordCreatedAsync(sending, Id(created.Id), cancellationToken).ConfigureAwait(false);
            try
            {
                // The id is recorded first: a claim that cannot be written costs only the protection it adds.
                await journal.ClaimAsync(ClaimOf(created.Id), key, UploadOperations.Uncancelled).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogClaimFailed(_logger, created.Id, key, ex.GetType().Name);
            }

            UploadOperations.Reached(UploadOperations.CreatedRecorded);
            return (created, created.Id, recorded, journal);
        }
    }

    /// <summary>The credential an operation record keeps for this client: a salted HMAC of the API key.</summary>
    private OperationCredential Credential() => OperationCredential.Keyed("api-key", _options.ApiKey ?? string.Empty);

    /// <summary>What an operation claims in the journal when it adopts or creates an upload: the upload at this endpoint.</summary>
    private string ClaimOf(Guid uploadId) => $"{_options.ProviderName} {OperationCredential.EndpointOf(_options.BaseAddress)} upload {Id(uploadId)}";

    /// <summary>A marker unique to an operation: <c>op-</c> and 12 random hex digits (48 bits).</summary>
    internal static string NewMarker() => "op-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    /// <summary>The name an operation's upload is sent under: the file's, with the marker before its extension (<c>daily.op-3f9a1c7e20b4.csv</c>).</summary>
    internal static string MarkedName(string fileName, string marker)
    {
        var extension = Path.GetExtension(fileName);
        return extension.Length == 0 || extension.Length == fileName.Length
            ? fileName + "." + marker
            : fileName[..^extension.Length] + "." + marker + extension;
    }

    /// <summary>
    /// Looks in the list for the upload an earlier run sent and did not record (newest first, created since
    /// it started, with five minutes for the provider's clock). Adopted only on OptimalDial's evidence that it
    /// is this operation's upload of this file: its <c>original_filename</c> is exactly the marked name the
    /// operation sent, the original file OptimalDial stored has the recorded SHA-256, and no other operation
    /// claims it. Uploads of the same size or name without all of that are candidates, listed, never adopted.
    /// </summary>
    private async Task<(OptimalDialUpload? Adopted, List<UploadCandidate> Candidates)> FindSentAsync(IUploadJournal journal, UploadOperation record, CancellationToken cancellationToken)
    {
        var since = record.StartedAt.AddMinutes(-5); // the provider's clock may differ from ours
        var candidates = new List<UploadCandidate>();
        await foreach (var upload in ListUploadsAsync(100, cancellationToken).ConfigureAwait(false))
        {
            if (upload.CreatedAt != default && upload.CreatedAt < since)
            {
                break;
            }

            var candidate = new UploadCandidate(Id(upload.Id), upload.OriginalFilename, upload.FileSizeBytes, upload.CreatedAt == default ? null : upload.CreatedAt);
            if (record.Marker is not null && upload.OriginalFilename == record.SentFileName)
            {
                if (upload.FileSizeBytes is { } size && size != record.FileLength)
                {
                    candidates.Add(candidate); // the marked name with other bytes: not this file
                    continue;
                }

                if (await StoredSha256Async(upload.Id, cancellationToken).ConfigureAwait(false) != record.FileSha256)
                {
                    candidates.Add(candidate); // the marked name, but OptimalDial holds another file under it
                    continue;
                }

                var holder = await journal.ClaimAsync(ClaimOf(upload.Id), record.Key, UploadOperations.Uncancelled).ConfigureAwait(false);
                if (holder == record.Key)
                {
                    return (upload, candidates);
                }

                continue; // another operation's record claims it: never adopted
            }

            if (upload.FileSizeBytes == record.FileLength || upload.OriginalFilename == record.FileName || upload.OriginalFilename == record.SentFileName)
            {
                candidates.Add(candidate);
            }
        }

        return (null, candidates);
    }

    /// <summary>The SHA-256 (lowercase hex) of the original file OptimalDial stored for an upload, or null when it cannot be read.</summary>
    private async Task<string?> StoredSha256Async(Guid uploadId, CancellationToken cancellationToken)
    {
        using var hash = new HashingStream();
        try
        {
            await DownloadAsync(uploadId, OptimalDialFileKind.Original, hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UploadClientsException or HttpRequestException or TimeoutException)
        {
            return null; // no evidence: the upload stays a candidate
        }

        return hash.Sha256Hex();
    }

    /// <summary>A write-only stream that keeps only the SHA-256 of what is written to it.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        internal string Sha256Hex() => Convert.ToHexStringLower(_sha.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => _sha.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _sha.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _sha.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>An earlier run's upload could not be proven to exist or not: what was sent, what was found, how to decide.</summary>
    private UploadOutcomeUnknownException OutcomeUnknown(UploadOperation record, List<UploadCandidate> candidates)
    {
        var since = record.StartedAt.AddMinutes(-5);
        var sent = record.SentFileName is null ? string.Empty : $", sent as '{record.SentFileName}'";
        var looked = record.Marker is { } marker
            ? $"no upload carrying its marker '{marker}' created since {since:u} is in this organization's list"
            : $"it was sent under the caller's FilenameOverride, without a marker of the operation, so no upload in the list can be proven to be it";
        var found = candidates.Count == 0
            ? " Nothing of that size or name was found either."
            : $" {candidates.Count} upload{(candidates.Count == 1 ? " has" : "s have")} its size or name, none proven to be it: {string.Join("; ", candidates.Take(10))}{(candidates.Count > 10 ? "; …" : string.Empty)}.";
        return new UploadOutcomeUnknownException(
            _options.ProviderName,
            "CreateUpload",
            $"The upload of operation '{record.Key}' ({record.FileName}, {record.FileLength:N0} bytes{sent}) was sent at {record.UpdatedAt:u} by an earlier run that stopped before OptimalDial's answer was recorded, and {looked}.{found} " +
            "It may not have reached OptimalDial, or it may still appear. To decide, open the uploads in the OptimalDial app: if one is this file's, follow it by its id (WaitForUploadAsync; the tool: uploadclients optimaldial get ID --wait); " +
            "if none is, set ResendIfOutcomeUnknown = true (the tool: --resend-if-outcome-unknown) to send it again (it may be charged twice). Nothing was sent now.")
        {
            Candidates = candidates,
        };
    }

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "OptimalDial upload {UploadId} of operation {OperationKey} is recorded, but its claim could not be written ({Failure}): another operation's rerun could not tell it is claimed (it still needs this operation's marker and file to adopt it)")]
    private static partial void LogClaimFailed(ILogger logger, Guid uploadId, string operationKey, string failure);
}
