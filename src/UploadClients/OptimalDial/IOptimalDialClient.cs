namespace UploadClients.OptimalDial;

/// <summary>
/// The OptimalDial upload API: send a CSV of phone numbers, read its status, wait for it to
/// settle. Thread-safe; make one and share it (DI registers it as a singleton).
/// </summary>
public interface IOptimalDialClient
{
    /// <summary>
    /// Validates the request, then sends the CSV (streamed, never buffered) as
    /// <c>POST /api/v1/uploads</c>. OptimalDial charges one credit per valid number when it
    /// accepts the upload, so this request is never repeated once it may have reached the server.
    /// </summary>
    /// <param name="request">The file, its phone column and options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created upload.</returns>
    /// <exception cref="UploadValidationException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="UploadApiException">OptimalDial refused it (402 credits, 403 subscription, 413 size, 422 too few valid numbers, 429 rate limit…).</exception>
    Task<OptimalDialUpload> CreateUploadAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inspects the request's whole file offline, nothing sent: rows, the phone column's values
    /// classified (valid US/Canadian, valid elsewhere, invalid, empty, duplicate), the first problem
    /// rows by line, the credits the upload would be charged (one per valid US/Canadian number) and
    /// whether the 100-valid-numbers minimum passes. An estimate of OptimalDial's own validation.
    /// </summary>
    /// <param name="request">The upload as it would be sent (its file and phone column).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report; <see cref="CsvInspection.WouldBeRefused"/> says whether OptimalDial is documented to refuse it.</returns>
    /// <remarks>Offline, so the default implementation is the whole of it: an implementation of this interface (a test double) need not write one.</remarks>
    Task<CsvInspection> InspectAsync(OptimalDialUploadRequest request, CancellationToken cancellationToken = default) =>
        CsvInspector.InspectAsync((request ?? throw new ArgumentNullException(nameof(request))).File, Inspection.OptimalDial(request), cancellationToken);

    /// <summary>
    /// JSON mode: validates the list, then sends it as <c>POST /api/v1/uploads</c> with
    /// <c>application/json</c> (<c>{"filename", "phone_numbers", "skip_mobile_lookup"}</c>). It charges
    /// credits like a CSV upload, so it is never repeated once it may have reached the server.
    /// </summary>
    /// <param name="request">The numbers and options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created upload.</returns>
    /// <exception cref="UploadValidationException">The list is empty, holds an empty entry or has more than 250,000 numbers; nothing was sent.</exception>
    /// <exception cref="UploadApiException">OptimalDial refused it (402 credits, 403 subscription, 413 too many, 422 too few valid numbers, 429 rate limit…).</exception>
    /// <exception cref="UploadOutcomeUnknownException">It was sent and no answer came: it may have been accepted and charged.</exception>
#pragma warning disable RS0026 // The public API contract binds this overload; the request types differ, so no call is ambiguous.
    Task<OptimalDialUpload> CreateUploadAsync(OptimalDialNumbersUploadRequest request, CancellationToken cancellationToken = default);
#pragma warning restore RS0026

    /// <summary>Reads an upload (<c>GET /api/v1/uploads/{id}</c>); retried on transient failures.</summary>
    /// <param name="uploadId">The upload's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload.</returns>
    Task<OptimalDialUpload> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls the upload until it is terminal (<see cref="OptimalDialUpload.IsTerminal"/>) or
    /// awaits a person's confirmation (<see cref="OptimalDialUploadStatus.AwaitingConfirmation"/>,
    /// which waiting cannot end). Can resume a wait after a restart from the id alone.
    /// </summary>
    /// <param name="uploadId">The upload's id.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Stops the wait at once.</param>
    /// <returns>The upload in its final (or awaiting-confirmation) state.</returns>
    /// <exception cref="UploadPollingTimeoutException">The timeout passed first; it carries the last state seen.</exception>
    Task<OptimalDialUpload> WaitForUploadAsync(Guid uploadId, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary><see cref="CreateUploadAsync(OptimalDialUploadRequest, CancellationToken)"/>, then <see cref="WaitForUploadAsync"/>.</summary>
    /// <param name="request">The file, its phone column and options.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Cancels the call or the wait.</param>
    /// <returns>The upload in its final (or awaiting-confirmation) state.</returns>
    Task<OptimalDialUpload> UploadAndWaitAsync(OptimalDialUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the organization's uploads, newest first, following <c>next_cursor</c> one page at a
    /// time as the caller enumerates (never all pages at once). Each page read is retried on
    /// transient failures; cancellation stops before the next page.
    /// </summary>
    /// <param name="pageSize">Uploads per page, 1–100.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The uploads.</returns>
    IAsyncEnumerable<OptimalDialUpload> ListUploadsAsync(int pageSize = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels an upload that has not started processing (<c>DELETE /api/v1/uploads/{id}</c>); its
    /// credits are refunded. Once processing has started OptimalDial refuses, and the
    /// <see cref="UploadApiException"/> says so. Cancelling is idempotent: an upload that is already
    /// cancelled (say this call's first attempt cancelled it and its answer was lost) returns its
    /// cancellation, with the credits refunded as the upload records them.
    /// </summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>OptimalDial's cancellation result: the status and the credits refunded (read the upload again with <see cref="GetUploadAsync"/> for the rest).</returns>
    Task<OptimalDialCancellation> CancelUploadAsync(Guid uploadId, CancellationToken cancellationToken = default);

    /// <summary>Gets a signed link (valid about an hour) to the original, processed or processed-filtered file.</summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="kind">Which file.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link and its expiry.</returns>
    Task<OptimalDialDownloadLink> GetDownloadLinkAsync(Guid uploadId, OptimalDialFileKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams a file of the upload into <paramref name="destination"/>: gets a signed link, then
    /// reads it through a client that never sends the API key to the storage host. An expired link
    /// (or a 403 from storage) is replaced by a fresh one once.
    /// </summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="kind">Which file.</param>
    /// <param name="destination">Where the bytes go; it is written to, not disposed.</param>
    /// <param name="progress">Receives bytes written so far and the total, when known.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes when the whole file is written.</returns>
    Task DownloadAsync(Guid uploadId, OptimalDialFileKind kind, Stream destination, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default);
}
