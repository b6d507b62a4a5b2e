namespace UploadClients;

/// <summary>How much of a file has been sent.</summary>
/// <param name="BytesSent">Bytes of the file written to the connection so far in this attempt (a retry starts again from 0).</param>
/// <param name="TotalBytes">The file's length; <see langword="null"/> for a non-seekable stream.</param>
public readonly record struct UploadProgress(long BytesSent, long? TotalBytes);
