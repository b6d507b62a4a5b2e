namespace UploadClients.Talkdesk;

/// <summary>
/// Talkdesk record-list uploads: create an upload request (with the file's MD5, size and name),
/// PUT the bytes to its S3 signed URL, start validation, and wait for the result. Thread-safe;
/// make one and share it.
/// </summary>
public interface ITalkdeskClient
{
    /// <summary>
    /// Validates the file (1–20,000 bytes, a name of 1–35 characters, a header row), computes its
    /// MD5 in one pass, and creates an upload request. Not repeated once it may have reached
    /// Talkdesk (a repeat would make a second upload request).
    /// </summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="request">The file and the optional callback and notification.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload request, with its signed URL and the MD5 that was declared.</returns>
    /// <exception cref="UploadValidationException">The file or callback is invalid; nothing was sent.</exception>
    Task<TalkdeskUploadRequest> CreateUploadRequestAsync(string recordListId, TalkdeskCreateUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// PUTs the file to the upload request's signed URL, exactly as received, with
    /// <c>Content-Type: text/csv</c> and <c>Content-MD5</c>, and no Talkdesk credentials. Retried
    /// (same bytes, same MD5) on transient failures. The returned ETag must equal the MD5.
    /// </summary>
    /// <param name="uploadRequest">The upload request from <see cref="CreateUploadRequestAsync"/>.</param>
    /// <param name="file">The same file.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when S3 has stored the file.</returns>
    /// <exception cref="UploadApiException">S3 refused it (400 BadDigest, 403 expired or bad signature) or stored different bytes.</exception>
    Task UploadToSignedUrlAsync(TalkdeskUploadRequest uploadRequest, UploadFile file, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>PATCHes the upload request's status to UPLOADED, which starts validation. Call it once, after the PUT succeeded.</summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload request as Talkdesk returns it.</returns>
    Task<TalkdeskUploadRequest> StartValidationAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken = default);

    /// <summary>Reads an upload request (falling back to the record list's status when that read is not allowed).</summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload request.</returns>
    Task<TalkdeskUploadRequest> GetUploadRequestAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken = default);

    /// <summary>Reads a record list.</summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record list.</returns>
    Task<TalkdeskRecordList> GetRecordListAsync(string recordListId, CancellationToken cancellationToken = default);

    /// <summary>Polls the upload request until ACCEPTED, REJECTED, INCOMPLETE or CORRUPTED (a failure is returned, not thrown).</summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="uploadRequestId">The upload request.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Stops the wait at once.</param>
    /// <returns>The upload request in its final state.</returns>
    Task<TalkdeskUploadRequest> WaitForUploadRequestAsync(string recordListId, string uploadRequestId, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls <c>GET /record-lists/{id}</c> until the list's status is terminal (ACCEPTED, REJECTED,
    /// INCOMPLETE, CORRUPTED): the wait of <see cref="CreateRecordListAsync"/>, resumable from the list's id
    /// (a process that restarted, or a wait that was cancelled or timed out).
    /// </summary>
    /// <param name="recordListId">The record list's id.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Stops the wait at once (an <see cref="UploadWaitCanceledException"/> with the list's id).</param>
    /// <returns>The list in its final state.</returns>
    /// <remarks>The default implementation polls <see cref="GetRecordListAsync"/> on the system clock with <paramref name="polling"/> (or the defaults), so an implementation of this interface written before this member need not write one.</remarks>
    Task<TalkdeskRecordList> WaitForRecordListAsync(string recordListId, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        new Poller(TimeProvider.System, provider: "Talkdesk").PollAsync(
            "Talkdesk record list " + recordListId,
            recordListId,
            ct => GetRecordListAsync(recordListId, ct),
            l => l.IsTerminal,
            l => l.Status?.ToString(),
            polling ?? new PollingOptions(),
            null,
            cancellationToken);

    /// <summary>
    /// The whole flow: create the upload request, PUT the file, start validation (only after the
    /// PUT succeeded) and wait for the final status, which is returned even when it is a failure:
    /// the send-then-wait call every client names <c>UploadAndWaitAsync</c>.
    /// </summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="request">The file and the optional callback and notification.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Cancels any step.</param>
    /// <returns>The upload request in its final state.</returns>
    Task<TalkdeskUploadRequest> UploadAndWaitAsync(string recordListId, TalkdeskCreateUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A new record list from a CSV: <c>POST /record-lists</c> with the name and the file's computed
    /// <c>csv_metadata</c>, the byte-exact PUT of the file to the returned signed URL, then
    /// <c>PATCH /record-lists/{id}</c> to start validation (only once the PUT succeeded), then a wait
    /// for the list's final status, which is returned even when it is a failure.
    /// </summary>
    /// <param name="request">The name and the file.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Cancels any step.</param>
    /// <returns>The record list in its final state.</returns>
    /// <exception cref="UploadValidationException">The name or the file is invalid; nothing was sent.</exception>
    /// <exception cref="UploadOutcomeUnknownException">The POST or the PATCH was sent and no answer came: the list (or its validation) may exist.</exception>
    /// <remarks>
    /// A failure after the list was created names it: the exception's <see cref="Exception.Data"/>
    /// holds its id under <see cref="TalkdeskClient.RecordListIdKey"/> (and a warning is logged). When
    /// the PUT failed the list is empty: send the file into it with <see cref="UploadAndWaitAsync"/>
    /// rather than creating another (an account holds at most 200). When the PATCH failed, read the
    /// list's status first: its validation may have started.
    /// </remarks>
    Task<TalkdeskRecordList> CreateRecordListAsync(TalkdeskCreateRecordListRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The account's record lists (<c>GET /record-lists</c>), one page at a time as you enumerate:
    /// the next page is read, following the page's <c>_links.next</c>, only when the previous one is used up.
    /// </summary>
    /// <param name="perPage">Lists per page (at least 1).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The record lists.</returns>
    IAsyncEnumerable<TalkdeskRecordList> ListRecordListsAsync(int perPage = 50, CancellationToken cancellationToken = default);

    /// <summary>The former name of <see cref="UploadAndWaitAsync"/>, which it calls (it waits, though its name did not say so).</summary>
    /// <param name="recordListId">The record list.</param>
    /// <param name="request">The file and the optional callback and notification.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Cancels any step.</param>
    /// <returns>The upload request in its final state.</returns>
    [Obsolete("Use UploadAndWaitAsync: every client names send-then-wait that way.")]
    Task<TalkdeskUploadRequest> UploadCsvAsync(string recordListId, TalkdeskCreateUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        UploadAndWaitAsync(recordListId, request, polling, cancellationToken);

    /// <summary>
    /// Inspects the request's whole file offline, nothing sent, against Talkdesk's documented record
    /// rules: at most 250,000 records, First name and Last name present and at most 80 characters,
    /// phone numbers (Mobile, Home, Office, Extra 1-3) in E.164, at least one phone per record. An
    /// estimate of Talkdesk's own validation.
    /// </summary>
    /// <param name="request">The upload as it would be sent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report; <see cref="CsvInspection.WouldBeRefused"/> says whether a rule is broken.</returns>
    /// <remarks>Offline, so the default implementation is the whole of it: an implementation of this interface (a test double) need not write one.</remarks>
    Task<CsvInspection> InspectAsync(TalkdeskCreateUploadRequest request, CancellationToken cancellationToken = default) =>
        CsvInspector.InspectAsync((request ?? throw new ArgumentNullException(nameof(request))).File, new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk }, cancellationToken);
}
