namespace UploadClients.OrbitSearch;

/// <summary>
/// The OrbitSearch directory-source API: upload a CSV as a new source (idempotently), read its
/// status, wait for it to finish. Thread-safe; make one and share it.
/// </summary>
public interface IOrbitSearchClient
{
    /// <summary>
    /// Inspects the request's whole file offline, nothing sent: its rows and header (OrbitSearch
    /// documents no rule on a CSV's content). An estimate; OrbitSearch's own processing decides.
    /// </summary>
    /// <param name="request">The upload as it would be sent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report.</returns>
    /// <remarks>Offline, so the default implementation is the whole of it: an implementation of this interface (a test double) need not write one.</remarks>
    Task<CsvInspection> InspectAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken = default) =>
        CsvInspector.InspectAsync((request ?? throw new ArgumentNullException(nameof(request))).File, Inspection.OrbitSearch, cancellationToken);

    /// <summary>
    /// Validates the request, then sends the CSV (streamed) with an idempotency key. Retried on
    /// 408, 429, 5xx and connection failures with the same key and the same bytes, so OrbitSearch
    /// never creates a second source for one call.
    /// </summary>
    /// <param name="request">Organization, directory, file and optional key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result, with the key that was sent.</returns>
    /// <exception cref="UploadValidationException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="UploadApiException">OrbitSearch refused it (409 key reused with another file, 403 another organization, archived directory…).</exception>
    Task<OrbitSearchCsvUploadResult> UploadCsvAsync(OrbitSearchCsvUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a source's status; retried on transient failures.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="directoryId">The directory.</param>
    /// <param name="sourceId">The source (from <see cref="OrbitSearchCsvUploadResult.SourceId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The source's state.</returns>
    Task<OrbitSearchSource> GetSourceAsync(Guid organizationId, Guid directoryId, string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Polls the source until it is completed or failed. Can resume a wait from the ids alone.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="directoryId">The directory.</param>
    /// <param name="sourceId">The source.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Stops the wait at once.</param>
    /// <returns>The source in its final state (a failed source is returned, not thrown).</returns>
    /// <exception cref="UploadPollingTimeoutException">The timeout passed first; it carries the last state seen.</exception>
    Task<OrbitSearchSource> WaitForSourceAsync(Guid organizationId, Guid directoryId, string sourceId, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the file (<see cref="UploadCsvAsync"/>), then waits until the source is completed or
    /// failed (<see cref="WaitForSourceAsync"/>): the send-then-wait call every client names
    /// <c>UploadAndWaitAsync</c>.
    /// </summary>
    /// <param name="request">Organization, directory, file and optional key.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Cancels the call or the wait.</param>
    /// <returns>The source in its final state.</returns>
    Task<OrbitSearchSource> UploadAndWaitAsync(OrbitSearchCsvUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>The former name of <see cref="UploadAndWaitAsync"/>, which it calls.</summary>
    /// <param name="request">Organization, directory, file and optional key.</param>
    /// <param name="polling">Delays and timeout; defaults to the client's options.</param>
    /// <param name="cancellationToken">Cancels the call or the wait.</param>
    /// <returns>The source in its final state.</returns>
    [Obsolete("Use UploadAndWaitAsync: every client names send-then-wait that way.")]
    Task<OrbitSearchSource> UploadCsvAndWaitAsync(OrbitSearchCsvUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
        UploadAndWaitAsync(request, polling, cancellationToken);

    /// <summary>Reads whether a directory is ready for searches (<c>GET …/readiness</c>).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="directoryId">The directory.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The readiness, typed as far as OrbitSearch documents it.</returns>
    Task<OrbitSearchDirectoryReadiness> GetDirectoryReadinessAsync(Guid organizationId, Guid directoryId, CancellationToken cancellationToken = default);
}
