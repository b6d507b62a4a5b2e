namespace UploadClients.OptimalDial;

/// <summary>
/// One JSON-mode upload to OptimalDial (<c>POST /api/v1/uploads</c> with <c>application/json</c>):
/// a list of phone numbers, no CSV. It charges credits exactly like a CSV upload.
/// </summary>
/// <remarks>
/// OptimalDial also documents a <c>contacts</c> list in this mode but does not print the shape of
/// an entry, so the SDK sends phone numbers only (README, "OptimalDial").
/// </remarks>
public sealed class OptimalDialNumbersUploadRequest
{
    /// <summary>The most numbers one upload takes: 250,000.</summary>
    public static readonly int MaxPhoneNumbers = 250_000;

    /// <summary><c>phone_numbers</c>: US or Canadian numbers in any common form (OptimalDial normalises them to E.164); 1 to 250,000 of them.</summary>
    public required IReadOnlyList<string> PhoneNumbers { get; init; }

    /// <summary><c>filename</c>: the name OptimalDial shows; when absent it makes one up (<c>api_upload_&lt;hex&gt;.csv</c>).</summary>
    public string? Filename { get; init; }

    /// <summary><c>skip_mobile_lookup</c>: skip the mobile-carrier lookup. Default false.</summary>
    public bool SkipMobileLookup { get; init; }
}
