using System.Net;
using Microsoft.Extensions.Logging;

namespace UploadClients.Talkdesk;

/// <content>The new-record-list flow: CreateRecordListAsync (POST, PUT, PATCH, wait), journaled with an operation key.</content>
public partial class TalkdeskClient
{
    /// <inheritdoc />
    public virtual async Task<TalkdeskRecordList> CreateRecordListAsync(TalkdeskCreateRecordListRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OperationKey is { } key)
        {
            await UploadOperations.CheckAsync(_options, key, NewListDestination(request), _options.OperationCredential(key), cancellationToken).ConfigureAwait(false);
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add($"Name is empty: a record list needs a name of 1 to {TalkdeskCreateRecordListRequest.MaxNameLength} characters.");
        }
        else if (CsvText.Characters(request.Name) > TalkdeskCreateRecordListRequest.MaxNameLength)
        {
            problems.Add($"Name has {CsvText.Characters(request.Name)} characters; Talkdesk takes at most {TalkdeskCreateRecordListRequest.MaxNameLength}.");
        }

        var digest = await CheckFileAsync(request.File, problems, cancellationToken).ConfigureAwait(false);
        await Inspection.RefuseIfAsync(request.InspectBeforeSending ?? _options.InspectBeforeSending, request.File, Inspection.Talkdesk(_options), cancellationToken).ConfigureAwait(false);
        var known = new System.Runtime.CompilerServices.StrongBox<string?>();
        try
        {
            return await CreateRecordListCoreAsync(request, digest, polling, known, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex is not UploadWaitCanceledException && known.Value is { } id)
        {
            // Cancelled after Talkdesk made the list (during the PUT or the PATCH): its id is kept.
            throw new UploadWaitCanceledException<TalkdeskRecordList>(
                $"The call was cancelled after Talkdesk created record list {id}, before its validation was seen to start: it may be empty, or its validation not started. " +
                (request.OperationKey is { } rerun ? $"Run operation '{rerun}' again: it resumes from its recorded step." : "Read it (GetRecordListAsync) before creating another; send the file into it with UploadAndWaitAsync if it is empty."),
                _options.ProviderName,
                id,
                null,
                ex,
                cancellationToken);
        }
    }

    /// <summary>The new list's flow; <paramref name="known"/> gets the list's id as soon as Talkdesk has made it.</summary>
    private async Task<TalkdeskRecordList> CreateRecordListCoreAsync(TalkdeskCreateRecordListRequest request, FileDigest.Result digest, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        if (request.OperationKey is { } operationKey)
        {
            return await CreateRecordListOnceAsync(request, digest, operationKey, polling, known, cancellationToken).ConfigureAwait(false);
        }

        RecordListWire created;
        try
        {
            created = await PostRecordListAsync(request, digest, cancellationToken).ConfigureAwait(false);
            known.Value = created.Id;
            try
            {
                // Validation is started only once the PUT has succeeded: an exception here ends the flow before the PATCH.
                await PutCoreAsync(SignedUrlOf(created.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Unfinished(ex, created.Id, validationSent: false))
            {
                throw; // never: Unfinished only records the list's id
            }
        }
        finally
        {
            await request.File.DisposeSourceAsync().ConfigureAwait(false);
        }

        RecordListWire started;
        try
        {
            started = await PatchRecordListAsync(created.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unfinished(ex, created.Id, validationSent: true))
        {
            throw; // never: Unfinished only records the list's id
        }

        return await WaitForRecordListAsync(created.Id, ToModel(started) with { Id = string.IsNullOrEmpty(started.Id) ? created.Id : started.Id }, polling, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /record-lists: the new list, with a signed URL and an id usable in a path (else an exception, with the id recorded on it).</summary>
    private async Task<RecordListWire> PostRecordListAsync(TalkdeskCreateRecordListRequest request, FileDigest.Result digest, CancellationToken cancellationToken)
    {
        var payload = new CreateRecordListBody(request.Name, new CsvMetadata(request.File.FileName, digest.Length, digest.Md5Hex, UploadFile.CsvContentType));
        using var body = ProviderHttp.Json(payload, TalkdeskJsonContext.Default.CreateRecordListBody);
        var created = await _http.SendAsync(
            "CreateRecordList",
            "create a record list",
            ct => _api.CreateRecordListAsync(body, ct),
            TalkdeskJsonContext.Default.RecordListWire,
            cancellationToken,
            "A record list may have been created: list them (ListRecordListsAsync) before creating another.",
            mayHaveTakenEffect: true).ConfigureAwait(false);
        try
        {
            if (created.SignedUrl is not { Length: > 0 })
            {
                throw new UploadUnexpectedResponseException(_options.ProviderName, HttpStatusCode.Created, "Talkdesk created record list " + created.Id + " but sent no signed_url to upload the file to.");
            }

            if (created.Id is "." or ".." || created.Id.Any(char.IsControl))
            {
                // The id goes into the PATCH's path: a path step would send it to another resource.
                throw new UploadUnexpectedResponseException(_options.ProviderName, HttpStatusCode.Created, "Talkdesk created a record list whose id is not usable in a path ('" + created.Id + "'); nothing more was sent.");
            }
        }
        catch (Exception ex) when (Unfinished(ex, created.Id, validationSent: false))
        {
            throw; // never: Unfinished only records the list's id
        }

        return created;
    }

    /// <summary>PATCH /record-lists/{id}: starts validation of the list's file.</summary>
    private async Task<RecordListWire> PatchRecordListAsync(string recordListId, CancellationToken cancellationToken)
    {
        using var patch = ProviderHttp.Json(new StatusPatchBody("replace", "/status", TalkdeskStatus.Uploaded), TalkdeskJsonContext.Default.StatusPatchBody);
        return await _http.SendAsync(
            "StartRecordListValidation",
            "start validation of record list " + recordListId,
            ct => _api.PatchRecordListAsync(recordListId, patch, ct),
            TalkdeskJsonContext.Default.RecordListWire,
            cancellationToken,
            mayHaveTakenEffect: true).ConfigureAwait(false);
    }

    private Task<TalkdeskRecordList> WaitForRecordListAsync(string recordListId, TalkdeskRecordList? initial, PollingOptions? polling, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            "Talkdesk record list " + recordListId,
            recordListId,
            ct => GetRecordListAsync(recordListId, ct),
            l => l.IsTerminal,
            l => l.Status?.ToString(),
            PollingOptions.Resolve(polling, _options.Polling),
            initial,
            cancellationToken);

    /// <summary>
    /// A new record list with an operation key (docs/reliability.md, "Talkdesk"): the list's id and signed
    /// URL, the PUT and the PATCH are recorded; a rerun resumes from the last step. A list whose signed URL
    /// expired gets its file through an upload request (under the key plus <c>#file</c>); a POST whose answer
    /// was never recorded is not adopted by name (another list may have that name): a new list is created,
    /// and lists of that name created since are logged, as possibly left empty.
    /// </summary>
    private async Task<TalkdeskRecordList> CreateRecordListOnceAsync(TalkdeskCreateRecordListRequest request, FileDigest.Result digest, string key, PollingOptions? polling, System.Runtime.CompilerServices.StrongBox<string?> known, CancellationToken cancellationToken)
    {
        var time = _http.TimeProvider;
        UploadOperation record;
        IUploadJournal journal;
        TalkdeskRecordList? started = null;
        var scope = await UploadOperations.OpenAsync(_options, key, request.File, NewListDestination(request), _options.OperationCredential(key), time, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            journal = scope.Journal;
            if (scope.Existing is { Step: UploadOperationStep.Completed, ResultJson: { } json })
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
                return ToModel(System.Text.Json.JsonSerializer.Deserialize(json, TalkdeskJsonContext.Default.RecordListWire)!); // recorded by an earlier run: nothing is sent
            }

            try
            {
                if (scope.Existing is { Step: >= UploadOperationStep.Created } existing)
                {
                    record = existing;
                }
                else
                {
                    if (scope.Existing is { Step: UploadOperationStep.Sending } sent)
                    {
                        await LogPossiblyLeftEmptyAsync(sent, request.Name, cancellationToken).ConfigureAwait(false);
                    }

                    var sending = await scope.RecordSendingAsync(null, cancellationToken).ConfigureAwait(false);
                    UploadOperations.Reached(UploadOperations.SendingRecorded);
                    var created = await PostRecordListAsync(request, digest, cancellationToken).ConfigureAwait(false);
                    UploadOperations.Reached(UploadOperations.Answered);
                    record = await RecordCreatedAsync(journal, sending, created.Id, SignedUrlOf(created.SignedUrl!), cancellationToken).ConfigureAwait(false);
                }

                known.Value = record.ProviderId;

                if (record.Step == UploadOperationStep.Created)
                {
                    var fresh = scope.Existing?.Step != UploadOperationStep.Created;
                    var put = false;
                    if (fresh || IsReusable(record))
                    {
                        try
                        {
                            await PutCoreAsync(SignedUrlOf(record.SignedUrl!), request.File, digest.Md5, request.Progress, cancellationToken).ConfigureAwait(false);
                            put = true;
                        }
                        catch (UploadApiException ex) when (!fresh && ex.StatusCode == HttpStatusCode.Forbidden)
                        {
                            // S3 says the recorded URL expired: below, through an upload request.
                        }
                    }

                    if (!put)
                    {
                        // The list exists without its file and its own URL expired: the file goes in through an
                        // upload request on it, exactly once under a key of its own; then the list is read.
                        LogSignedUrlExpired(_http.Logger, _options.ProviderName, record.ProviderId, record.Key);
                        await UploadAndWaitAsync(record.ProviderId!, new TalkdeskCreateUploadRequest { File = request.File, Progress = request.Progress, OperationKey = key + "#file" }, polling, cancellationToken).ConfigureAwait(false);
                        var list = await WaitForRecordListAsync(record.ProviderId!, null, polling, cancellationToken).ConfigureAwait(false);
                        await CompleteAsync(journal, record, list, cancellationToken).ConfigureAwait(false);
                        return list;
                    }

                    UploadOperations.Reached(UploadOperations.PutAnswered);
                    record = await UploadOperations.AdvanceAsync(journal, record with { SignedUrl = null, SignedUrlExpiresAt = null }, UploadOperationStep.Uploaded, time, UploadOperations.UploadedRecorded, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await request.File.DisposeSourceAsync().ConfigureAwait(false);
            }

            if (record.Step is UploadOperationStep.Uploaded or UploadOperationStep.StartingValidation)
            {
                // A list's status before validation is not documented, so a rerun that may have sent the PATCH sends
                // it again: the file is recorded as PUT, so Talkdesk's 409 can only mean validation already started.
                var resumed = record.Step == UploadOperationStep.StartingValidation;
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.StartingValidation, time, UploadOperations.ValidationSendingRecorded, cancellationToken).ConfigureAwait(false);
                try
                {
                    var patched = await PatchRecordListAsync(record.ProviderId!, cancellationToken).ConfigureAwait(false);
                    started = ToModel(patched) with { Id = string.IsNullOrEmpty(patched.Id) ? record.ProviderId! : patched.Id };
                }
                catch (UploadApiException ex) when (resumed && ex.StatusCode == HttpStatusCode.Conflict)
                {
                    started = null;
                }

                UploadOperations.Reached(UploadOperations.ValidationAnswered);
                record = await UploadOperations.AdvanceAsync(journal, record, UploadOperationStep.ValidationStarted, time, UploadOperations.ValidationRecorded, cancellationToken).ConfigureAwait(false);
            }
        }

        var final = await WaitForRecordListAsync(record.ProviderId!, started, polling, cancellationToken).ConfigureAwait(false);
        if (final.IsTerminal)
        {
            await CompleteAsync(journal, record, final, cancellationToken).ConfigureAwait(false);
        }

        return final;
    }

    /// <summary>Where a new list's operation goes: the list by its name (the same key for another name is refused).</summary>
    private static string NewListDestination(TalkdeskCreateRecordListRequest request) => "new record list '" + request.Name + "'";

    /// <summary>Records a record list's final state.</summary>
    private Task CompleteAsync(IUploadJournal journal, UploadOperation record, TalkdeskRecordList list, CancellationToken cancellationToken)
    {
        var wire = new RecordListWire(
            list.Id,
            list.Name,
            list.Status,
            list.RecordsCount,
            list.UniqueIdentifierType,
            list.CreatedAt,
            list.UpdatedAt,
            [.. list.Teams.Select(t => new TeamWire(t.Id is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(t.Id, TalkdeskJsonContext.Default.String), t.Name))],
            null);
        return UploadOperations.CompleteAsync(journal, record, System.Text.Json.JsonSerializer.Serialize(wire, TalkdeskJsonContext.Default.RecordListWire), _http.TimeProvider, cancellationToken);
    }

    /// <summary>Logs the lists named <paramref name="name"/> created since an earlier run sent its POST: one of them may be that run's, left empty.</summary>
    private async Task LogPossiblyLeftEmptyAsync(UploadOperation sent, string name, CancellationToken cancellationToken)
    {
        var since = sent.StartedAt.AddMinutes(-5);
        await foreach (var list in ListRecordListsAsync(100, cancellationToken).ConfigureAwait(false))
        {
            if (list.Name == name && (list.CreatedAt is null || list.CreatedAt >= since))
            {
                LogPossiblyLeftEmpty(_http.Logger, _options.ProviderName, list.Id, sent.Key);
            }
        }
    }

    /// <summary>
    /// Records on <paramref name="ex"/> the id of the record list the flow created before it failed,
    /// and logs what to do with it; always false (an exception filter).
    /// </summary>
    private bool Unfinished(Exception ex, string recordListId, bool validationSent)
    {
        ex.Data[RecordListIdKey] = recordListId;
        if (validationSent)
        {
            LogValidationStartFailed(_http.Logger, _options.ProviderName, recordListId, ex.GetType().Name);
        }
        else
        {
            LogRecordListLeftEmpty(_http.Logger, _options.ProviderName, recordListId, ex.GetType().Name);
        }

        return false;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Provider} record list {RecordListId} was created but its file did not reach it ({Failure}): it stays empty. Send the file into it with UploadAndWaitAsync rather than creating another list.")]
    private static partial void LogRecordListLeftEmpty(ILogger logger, string provider, string recordListId, string failure);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "{Provider} record list {RecordListId} has its file, but starting its validation failed ({Failure}): read its status (GetRecordListAsync) before doing anything else with it.")]
    private static partial void LogValidationStartFailed(ILogger logger, string provider, string recordListId, string failure);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "{Provider} record list {RecordListId} has the name of operation {OperationKey}'s list and was created since that operation sent its POST, whose answer was never recorded: it may be that run's, left empty (delete it if so). A new list is created for the operation.")]
    private static partial void LogPossiblyLeftEmpty(ILogger logger, string provider, string recordListId, string operationKey);
}
