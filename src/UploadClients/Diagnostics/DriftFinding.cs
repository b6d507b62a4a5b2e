namespace UploadClients;

/// <summary>
/// One way a provider's answer differs from what its documentation shows (and the SDK was built
/// against): a path and what was documented and observed there, as kinds ("string:date-time",
/// "number:integer", "object"), never a value from the answer. The one exception is
/// <see cref="DriftFindingKind.UnknownValue"/>, whose <see cref="Observed"/> is the new enumeration
/// value itself (a status such as <c>queued</c>), shortened and reduced to letters, digits and <c>_-.</c>.
/// </summary>
/// <param name="Path">
/// Where: a member's path from the root (<c>status</c>, <c>data[].created_at</c>,
/// <c>_embedded.record_lists[].id</c>; <c>$</c> is the root, <c>[]</c> every item of an array); for
/// <see cref="DriftFindingKind.Status"/> <c>(status)</c>, for <see cref="DriftFindingKind.ContentType"/>
/// <c>(content-type)</c>, for <see cref="DriftFindingKind.Header"/> the header's name.
/// </param>
/// <param name="Kind">What differs.</param>
/// <param name="Documented">What the documentation shows there (a JSON kind, a status code, a media type), or null when it shows nothing.</param>
/// <param name="Observed">What the answer had there, or null when it had nothing.</param>
public sealed record DriftFinding(string Path, DriftFindingKind Kind, string? Documented, string? Observed)
{
    /// <summary>
    /// True when the answer left the documented shape in a way that can break an integration (a
    /// required field missing, another type, an unknown enumeration value, another status code, content
    /// type or a documented header missing); false for a notice: a field the docs do not name, or a
    /// documented field that is not required and was absent.
    /// </summary>
    public bool IsDrift { get; init; } = Kind is not DriftFindingKind.Undocumented;

    /// <summary>The finding in words, without values ("data[].status: unknown value 'queued' (documented: one of pending_mapping, validating, …)").</summary>
    public override string ToString() => Kind switch
    {
        DriftFindingKind.Undocumented => $"{Path}: not documented (sent as {Observed})",
        DriftFindingKind.Missing => IsDrift ? $"{Path}: required, but missing" : $"{Path}: documented ({Documented}), but absent",
        DriftFindingKind.UnknownValue => $"{Path}: unknown value '{Observed}' (documented: {Documented})",
        _ => $"{Path}: {Observed ?? "nothing"}, documented as {Documented}",
    };
}

/// <summary>What a <see cref="DriftFinding"/> found.</summary>
public enum DriftFindingKind
{
    /// <summary>A documented field is absent (drift when the docs mark it required or the SDK needs it; a notice otherwise).</summary>
    Missing,

    /// <summary>A field has another JSON type or encoding than documented (a number sent as a string, a date as unix seconds, null where not nullable).</summary>
    Type,

    /// <summary>An enumeration field (a status) has a value the documentation does not list.</summary>
    UnknownValue,

    /// <summary>A field the documentation does not name (a notice: the tolerant reader ignores it).</summary>
    Undocumented,

    /// <summary>The answer's status code is not the documented one.</summary>
    Status,

    /// <summary>The answer's content type is not the documented one (JSON).</summary>
    ContentType,

    /// <summary>A documented header is missing (<c>Retry-After</c> on a 429, <c>WWW-Authenticate</c> on an OptimalDial 401).</summary>
    Header,
}
