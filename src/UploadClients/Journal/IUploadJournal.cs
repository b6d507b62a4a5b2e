namespace UploadClients;

/// <summary>
/// Where uploads started with an operation key record their steps, so that a process that restarts
/// neither sends a charging request twice nor loses track of what it sent
/// (<see cref="FileUploadJournal"/> for one machine). Register one with
/// <c>services.AddUploadJournal(directory)</c>; a request without an operation key never touches it.
/// </summary>
public interface IUploadJournal
{
    /// <summary>
    /// Takes the operation's exclusive lock (across processes), waiting for it up to
    /// <paramref name="timeout"/>: one worker runs an operation at a time, the other waits and then
    /// finds what the first recorded.
    /// </summary>
    /// <param name="key">The operation key.</param>
    /// <param name="timeout">How long to wait for another holder.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lock; dispose it to release.</returns>
    /// <exception cref="TimeoutException">Another process held the lock for longer than <paramref name="timeout"/> (real time, whatever the clock of the SDK).</exception>
    ValueTask<IAsyncDisposable> LockAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The operation's record, or <see langword="null"/> when there is none (or it expired).</summary>
    /// <param name="key">The operation key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record.</returns>
    ValueTask<UploadOperation?> FindAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Replaces the operation's record, durably and whole: a crash leaves the previous record or this one, never a part.</summary>
    /// <param name="operation">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the record is on disk.</returns>
    ValueTask SaveAsync(UploadOperation operation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims something a provider made (an upload's id at an endpoint) for the operation
    /// <paramref name="key"/>, once and for all: the first key to claim it keeps it for the journal's
    /// retention. A rerun never adopts an upload that another operation's record claims.
    /// </summary>
    /// <param name="claim">What is claimed, as the SDK names it (provider, endpoint and id).</param>
    /// <param name="key">The operation key that claims it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key that holds the claim: <paramref name="key"/> when it is new or already this key's, another key when another operation claimed it first.</returns>
    ValueTask<string> ClaimAsync(string claim, string key, CancellationToken cancellationToken = default);
}
