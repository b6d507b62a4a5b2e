using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace UploadClients.Talkdesk;

/// <content>The journaled upload-request flow: UploadAndWaitAsync with an operation key, each step recorded (create, PUT, PATCH) and resumed.</content>
public partial class TalkdeskClient
{
    /// <inheritdoc />
    public virtual async Task<TalkdeskUploadRequest> UploadAndWaitAsync(string recordListId, TalkdeskCreateUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OperationKey is { } key)
        {
            PathId.ThrowIfInvalid(recordListId);
            await UploadOperations.CheckAsync(_options, key, recordListId, _options.OperationCredential(key), cancellationToken).ConfigureAwait(false);
        }

        var digest = await ValidateAsync(recordListId, request, cancellationToken).ConfigureAwait(false);
        var known = new System.Runtime.CompilerServices.StrongBox<string?>();
        try
        {
            return await UploadAndWaitCoreAsync(recordListId, request, digest, polling, known, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not UploadWaitCanceledException && known.Value is { } id)
        {
            // Cancelled after Talkdesk made the upload request (during the PUT or the PATCH): its id is kept.
            throw new UploadWaitCanceledException<TalkdeskUploadRequest>(
                $"The call was cancelled after Talkdesk created upload request {id}, before its validation was seen to start: its file may not be stored, or its validation not started. " +
                (request.OperationKey is { } rerun ? $"Run operation '{rerun}' again: it resumes from its recorded step." : "Read it (GetUploadRequestAsync) before uploading the file again; an upload request that is never PATCHed imports nothing."),
                _options.ProviderName,
                id,
                null,
                ex,
                cancellationToken);
        }
    }

    /// <summary>The flow itself; <paramref name="known"/> gets the upload request's id as soon as Talkdesk has made it.</summary>
    private async Task<TalkdeskUploadRequest> UploadAndWaitCoreAsync(string recordListId, TalkdeskCreateUploadRequest request, FileDigest.Result digest, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        if (request.OperationKey is { } operationKey)
        {
            return await UploadOnceAsync(recordListId, request, digest, operationKey, polling, known, cancellationToken).ConfigureAwait(false);
        }

        TalkdeskUploadRequest created;
        try
        {
            created = await CreateCoreAsync(recordListId, request, digest, cancellationToken).ConfigureAwait(false);
            known.Value = created.Id;

            // Validation is started only once the PUT has succeeded: an exception here ends the flow before the PATCH.
            await PutCoreAsync(created, request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }

        var started = await StartValidationAsync(recordListId, created.Id, cancellationToken).ConfigureAwait(false);
        started = started with { ChecksumMd5 = created.ChecksumMd5 };
        var final = await WaitCoreAsync(recordListId, created.Id, started, polling, cancellationToken).ConfigureAwait(false);
        return final with { ChecksumMd5 = created.ChecksumMd5 };
    }

    /// <summary>
    /// The flow with an operation key, exactly once across restarts (docs/reliability.md, "Talkdesk"):
    /// under the key's lock, each step is recorded before it is taken and after it is done, and a rerun
    /// resumes from the last one recorded. The lock is released for the wait.
    /// </summary>
    private async Task<TalkdeskUploadRequest> UploadOnceAsync(string recordListId, TalkdeskCreateUploadRequest request, FileDigest.Result digest, string key, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        UploadOperation record;
        IUploadJournal journal;
        TalkdeskUploadRequest? started = null;
        var scope = await UploadOperations.OpenAsync(_options, key, request.File, recordListId, _options.OperationCredential(key), _http.TimeProvider, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            journal = scope.Journal;
            if (scope.Existing is { Step: UploadOperationStep.Completed, ResultJson: { } json })
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
                var recorded = System.Text.Json.JsonSerializer.Deserialize(json, TalkdeskJsonContext.Default.UploadRequestWire)!;
                return ToModel(recorded, recordListId, digest.Md5Hex); // recorded by an earlier run: nothing is sent
            }

            try
            {
                record = scope.Existing is { Step: >= UploadOperationStep.Created } existing
                    ? existing
                    : await CreateRecordedAsync(scope, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
                known.Value = record.ProviderId;
                if (record.Step == UploadOperationStep.Created)
                {
                    record = await PutRecordedAsync(scope, record, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
                    known.Value = record.ProviderId; // a new upload request, when the recorded URL had expired
                }
            }
            finally
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
            }

            var uploadRequestId = record.ProviderId ?? throw new InvalidDataException($"The journal record of operation '{key}' is at step {record.Step} but has no upload request id. Nothing was sent.");
            if (record.Step == UploadOperationStep.StartingValidation)
            {
                // An earlier run may have sent the PATCH: Talkdesk starts validation once (a second PATCH is a 409), so read first.
                started = await ReadIfValidationStartedAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
            }

            if (record.Step is UploadOperationStep.Uploaded || (record.Step is UploadOperationStep.StartingValidation && started is null))
            {
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.StartingValidation, _http.TimeProvider, UploadOperations.ValidationSendingRecorded, cancellationToken).ConfigureAwait(false);
                started = await StartValidationOnceAsync(recordListId, uploadRequestId, resumed: scope.Existing?.Step == UploadOperationStep.StartingValidation, cancellationToken).ConfigureAwait(false);
                UploadOperations.Reached(UploadOperations.ValidationAnswered);
            }

            if (record.Step < UploadOperationStep.ValidationStarted)
            {
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.ValidationStarted, _http.TimeProvider, UploadOperations.ValidationRecorded, cancellationToken).ConfigureAwait(false);
            }
        }

        // The lock is released: another worker with the same key finds ValidationStarted and waits too.
        var final = await WaitCoreAsync(recordListId, record.ProviderId!, started, polling, cancellationToken).ConfigureAwait(false);
        if (final.IsTerminal)
        {
            var wire = new UploadRequestWire(final.Id, final.RecordListId, null, final.Status, final.Links is { } l ? new LinksWire(Wire(l.Self), Wire(l.RecordList), null) : null);
            await UploadOperations.CompleteAsync(journal, record, System.Text.Json.JsonSerializer.Serialize(wire, TalkdeskJsonContext.Default.UploadRequestWire), _http.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return final with { ChecksumMd5 = digest.Md5Hex };

        static LinkWire? Wire(TalkdeskLink? link) => link is null ? null : new LinkWire(link.Href);
    }

    /// <summary>Records Sending, creates an upload request, and records its id, signed URL and the URL's expiry.</summary>
    private async Task<UploadOperation> CreateRecordedAsync(UploadOperations.OperationScope scope, TalkdeskCreateUploadRequest request, string recordListId, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        // A crash after this leaves at most an upload request with no file: unused, it does nothing, and the rerun creates another.
        var sending = await scope.RecordSendingAsync(null, cancellationToken).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.SendingRecorded);
        var created = await CreateCoreAsync(recordListId, request, digest, cancellationToken).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.Answered);
        return await RecordCreatedAsync(scope.Journal, sending, created.Id, created.SignedUrl!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records <see cref="UploadOperationStep.Created"/>: the id, the signed URL and its expiry (our clock now plus its X-Amz-Expires).</summary>
    private async Task<UploadOperation> RecordCreatedAsync(IUploadJournal journal, UploadOperation sending, string id, Uri signedUrl, CancellationToken cancellationToken)
    {
        var now = _http.TimeProvider.GetUtcNow();
        var record = sending with
        {
            Step = UploadOperationStep.Created,
            ProviderId = id,
            SignedUrl = signedUrl.OriginalString,
            SignedUrlExpiresAt = SignedUrlLifetime(signedUrl) is { } lifetime ? now + lifetime : null,
            UpdatedAt = now,
        };
        await journal.SaveAsync(record, UploadOperations.Uncancelled).ConfigureAwait(false);
        UploadOperations.Reached(UploadOperations.CreatedRecorded);
        return record;
    }

    /// <summary>Whether a recorded signed URL may be used again: recorded, and more than a minute from its expiry (when known).</summary>
    private bool IsReusable(UploadOperation record) =>
        record.SignedUrl is not null && !(record.SignedUrlExpiresAt is { } expires && expires - SignedUrlMargin <= _http.TimeProvider.GetUtcNow());

    /// <summary>
    /// PUTs the file to the recorded upload request while its signed URL lasts; once it expired (by the
    /// recorded expiry, or S3's 403 to a URL an earlier run recorded), to a new upload request. Then
    /// records Uploaded and forgets the URL.
    /// </summary>
    private async Task<UploadOperation> PutRecordedAsync(UploadOperations.OperationScope scope, UploadOperation record, TalkdeskCreateUploadRequest request, string recordListId, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        var time = _http.TimeProvider;
        var fresh = scope.Existing?.Step != UploadOperationStep.Created;
        if (!fresh && !IsReusable(record))
        {
            LogSignedUrlExpired(_http.Logger, _options.ProviderName, record.ProviderId, record.Key);
            record = await CreateRecordedAsync(scope, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
            fresh = true;
        }

        try
        {
            await PutCoreAsync(SignedUrlOf(record.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException ex) when (!fresh && ex.StatusCode == HttpStatusCode.Forbidden)
        {
            LogSignedUrlExpired(_http.Logger, _options.ProviderName, record.ProviderId, record.Key);
            record = await CreateRecordedAsync(scope, request, recordListId, digest, cancellationToken).ConfigureAwait(false);
            await PutCoreAsync(SignedUrlOf(record.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
        }

        UploadOperations.Reached(UploadOperations.PutAnswered);
        return await UploadOperations.AdvanceAsync(scope.Journal, record with { SignedUrl = null, SignedUrlExpiresAt = null }, UploadOperationStep.Uploaded, time, UploadOperations.UploadedRecorded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The upload request as read, when its status shows validation started (UPLOADED, VALIDATION_STARTED
    /// or final); <see langword="null"/> when it did not (or it cannot be read: the PATCH then decides).
    /// </summary>
    private async Task<TalkdeskUploadRequest?> ReadIfValidationStartedAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken)
    {
        try
        {
            var read = await ReadUploadRequestAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
            return read.Status == TalkdeskStatus.Uploaded || read.Status == TalkdeskStatus.ValidationStarted || read.IsTerminal ? read : null;
        }
        catch (UploadApiException ex) when (ex.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            return null; // not the record list's status: that may be an earlier upload's
        }
    }

    /// <summary>The PATCH; when resuming, Talkdesk's 409 means an earlier run's PATCH started validation (the PUT is recorded as done).</summary>
    private async Task<TalkdeskUploadRequest> StartValidationOnceAsync(string recordListId, string uploadRequestId, bool resumed, CancellationToken cancellationToken)
    {
        try
        {
            return await StartValidationAsync(recordListId, uploadRequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (UploadApiException ex) when (resumed && ex.StatusCode == HttpStatusCode.Conflict)
        {
            return new TalkdeskUploadRequest { Id = uploadRequestId, RecordListId = recordListId, Status = TalkdeskStatus.Uploaded };
        }
    }

    /// <summary>How long before its recorded expiry a signed URL is no longer reused (a PUT must finish before it).</summary>
    private static readonly TimeSpan SignedUrlMargin = TimeSpan.FromMinutes(1);

    /// <summary>A presigned S3 URL's X-Amz-Expires (seconds), or <see langword="null"/> when it does not say.</summary>
    internal static TimeSpan? SignedUrlLifetime(Uri url)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Equals("X-Amz-Expires", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "{Provider} upload request {UploadRequestId} of operation {OperationKey} has no usable signed URL any more (it expired): the file goes to a new upload request, and the old one stays unused.")]
    private static partial void LogSignedUrlExpired(ILogger logger, string provider, string? uploadRequestId, string operationKey);
}
