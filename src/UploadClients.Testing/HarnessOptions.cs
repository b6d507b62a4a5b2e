namespace UploadClients.Testing;

/// <summary>Settings of an <see cref="UploadClientsHarness"/>.</summary>
public sealed class HarnessOptions
{
    /// <summary>The clock for journal timestamps and HTTP-date <c>Retry-After</c> values.</summary>
    /// <remarks>Default: <see cref="TimeProvider.System"/>.</remarks>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How much of each request body the journal keeps (length and MD5 always cover the whole body).</summary>
    /// <remarks>Default: 8 MB.</remarks>
    public int MaxJournaledBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The largest request body the harness accepts.</summary>
    /// <remarks>Default: 256 MB (above OptimalDial's 100 MB limit, so the fake itself answers 413).</remarks>
    public long MaxRequestBodyBytes { get; set; } = 256L * 1024 * 1024;
}
