using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients;

/// <summary>
/// An <see cref="IUploadJournal"/> in a directory: one small JSON record per operation key, written
/// to a temporary file, flushed to disk and renamed over the old one, so a crash leaves the previous
/// record or the new one and never half a record; an exclusive file lock per key for workers on
/// one machine. Records expire <see cref="Retention"/> after their last change. On Unix the directory
/// it creates and every file it writes are its owner's only (0700, 0600).
/// </summary>
/// <remarks>
/// File names are the SHA-256 of the key, so any key is a safe file name and keys are not readable
/// from a directory listing. Several processes may share the directory (the lock is the operating
/// system's); several machines need a shared journal instead.
/// </remarks>
public sealed class FileUploadJournal : IUploadJournal
{
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(50);
    private readonly TimeProvider _time;

    /// <summary>Creates the journal (and its directory).</summary>
    /// <param name="directory">Where records are kept.</param>
    /// <param name="retention">How long a record is kept after its last change (default 7 days).</param>
    /// <param name="timeProvider">The clock for retention (tests); the system's by default.</param>
    public FileUploadJournal(string directory, TimeSpan? retention = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = (OperatingSystem.IsWindows()
            ? System.IO.Directory.CreateDirectory(directory)
            : System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)).FullName;
        Retention = retention ?? TimeSpan.FromDays(7);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Retention, TimeSpan.Zero, nameof(retention));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The directory that holds the records (full path).</summary>
    public string Directory { get; }

    /// <summary>How long a record is kept after its last change.</summary>
    public TimeSpan Retention { get; }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> LockAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key, ".lock");
        // Waiting for another process is measured on the real clock (the TimeProvider is for retention).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock the operating system holds for this process (flock on
                // Unix): released when the stream is closed, or when the process dies, however it dies.
                var options = OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite);
                options.BufferSize = 0;
                return new Lock(new FileStream(path, options));
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                await Task.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"The upload operation '{key}' is held by another process (its lock {path} was not released within {timeout}; the provider option JournalLockTimeout sets how long to wait). Nothing was sent.", ex);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<UploadOperation?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key, ".json");
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        UploadOperation? operation;
        try
        {
            operation = JsonSerializer.Deserialize(bytes, JournalJsonContext.Default.UploadOperation);
        }
        catch (JsonException ex)
        {
            // Never "no record": that would let a charging request be sent again.
            throw new InvalidDataException($"The journal record {path} of operation '{key}' cannot be read; it was not written by this journal. Move it away only once you know what it recorded.", ex);
        }

        if (operation is null || operation.Key != key)
        {
            throw new InvalidDataException($"The journal record {path} is not the record of operation '{key}'.");
        }

        if (operation.UpdatedAt + Retention < _time.GetUtcNow())
        {
            // Not deleted here: a reader without the key's lock could delete a record another process has
            // just written in its place. The next save replaces it; PurgeExpired removes what is left.
            return null;
        }

        return operation;
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(UploadOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var path = PathOf(operation.Key, ".json");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(operation, JournalJsonContext.Default.UploadOperation);
            var stream = new FileStream(temporary, OwnerOnly(FileMode.CreateNew, FileAccess.Write));
            await using (stream.ConfigureAwait(false))
            {
                var half = bytes.Length / 2;
                await stream.WriteAsync(bytes.AsMemory(0, half), cancellationToken).ConfigureAwait(false);
                UploadOperations.Reached(UploadOperations.JournalHalfWritten);
                await stream.WriteAsync(bytes.AsMemory(half), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            UploadOperations.Reached(UploadOperations.JournalFlushed);

            // A rename within one directory replaces the old record whole: readers see the old or the new one.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>A claim is a file of its own (<c>.claim</c>), made whole under a temporary name and linked into place only if none is there: the first claim wins, across processes. It holds until <see cref="PurgeExpired"/> removes it, the retention after it was made.</remarks>
    public async ValueTask<string> ClaimAsync(string claim, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(claim);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = PathOf("claim\n" + claim, ".claim");
        for (var attempt = 0; ; attempt++)
        {
            if (await ReadClaimAsync(path, claim, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                return holder;
            }

            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(new UploadClaim(claim, key, _time.GetUtcNow()), JournalJsonContext.Default.UploadClaim);
                var stream = new FileStream(temporary, OwnerOnly(FileMode.CreateNew, FileAccess.Write));
                await using (stream.ConfigureAwait(false))
                {
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }

                // Without overwrite: fails when another process claimed it in the meantime (then its claim is read above).
                File.Move(temporary, path, overwrite: false);
                return key;
            }
            catch (IOException) when (File.Exists(path) && attempt < 3)
            {
                File.Delete(temporary);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }
    }

    /// <summary>The key that holds <paramref name="claim"/>, or null when nobody does.</summary>
    private static async Task<string?> ReadClaimAsync(string path, string claim, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        UploadClaim? held;
        try
        {
            held = JsonSerializer.Deserialize(bytes, JournalJsonContext.Default.UploadClaim);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The journal's claim file {path} cannot be read; it was not written by this journal.", ex);
        }

        if (held is null || held.Claim != claim)
        {
            throw new InvalidDataException($"The journal's claim file {path} is not the claim of {claim}.");
        }

        // A claim holds until PurgeExpired removes it (after the retention): deleting it here could race
        // another process claiming it anew, and leave two holders.
        return held.Key;
    }

    /// <summary>Deletes the records whose last change is older than <see cref="Retention"/>, and temporary files a crash left.</summary>
    /// <returns>How many records were deleted.</returns>
    public int PurgeExpired()
    {
        var deleted = 0;
        var now = _time.GetUtcNow();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(file) + TimeSpan.FromHours(1) < now.UtcDateTime)
            {
                File.Delete(file);
            }
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            try
            {
                var operation = JsonSerializer.Deserialize(File.ReadAllBytes(file), JournalJsonContext.Default.UploadOperation);
                if (operation is not null && operation.UpdatedAt + Retention < now)
                {
                    File.Delete(file);
                    deleted++;
                }
            }
            catch (JsonException)
            {
                // Not ours to delete.
            }
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.claim"))
        {
            try
            {
                var claim = JsonSerializer.Deserialize(File.ReadAllBytes(file), JournalJsonContext.Default.UploadClaim);
                if (claim is not null && claim.ClaimedAt + Retention < now)
                {
                    File.Delete(file);
                }
            }
            catch (JsonException)
            {
                // Not ours to delete.
            }
        }

        return deleted;
    }

    /// <summary>Files readable and writable by their owner only (on Unix): a record may hold a signed URL for a few minutes.</summary>
    private static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private string PathOf(string key, string extension)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + extension);
    }

    private sealed class Lock(FileStream stream) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(UploadOperation))]
[JsonSerializable(typeof(UploadClaim))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;

/// <summary>One claim of a journal: what is claimed, by which operation key, since when.</summary>
internal sealed record UploadClaim(string Claim, string Key, DateTimeOffset ClaimedAt);
