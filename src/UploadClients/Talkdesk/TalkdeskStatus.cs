using System.Text.Json.Serialization;

namespace UploadClients.Talkdesk;

/// <summary>
/// Where a Talkdesk record list or upload request is in its validation (<c>status</c>; documented for record lists, assumed for upload requests): an extensible enumeration, as Azure's SDKs model a provider's values. A value the SDK
/// does not document is kept as the provider sent it (compare it, print it, switch on it with
/// <c>when</c>), never read as an error or lost; the named values below are the documented ones, and
/// values compare ignoring case. Its text is the provider's own (<see cref="ToString"/>).
/// </summary>
[JsonConverter(typeof(ExtensibleValueConverter<TalkdeskStatus>))]
public readonly struct TalkdeskStatus : IEquatable<TalkdeskStatus>, IExtensibleValue<TalkdeskStatus>
{
    private readonly string? _value;

    /// <summary>A value as the provider spells it, documented or not.</summary>
    /// <param name="value">The provider's text.</param>
    public TalkdeskStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>UPLOADED</c>: the file was uploaded and validation was asked for (in progress).</summary>
    public static TalkdeskStatus Uploaded { get; } = new("UPLOADED");

    /// <summary><c>VALIDATION_STARTED</c>: validation is running (in progress).</summary>
    public static TalkdeskStatus ValidationStarted { get; } = new("VALIDATION_STARTED");

    /// <summary><c>ACCEPTED</c>: the records were accepted (terminal, success).</summary>
    public static TalkdeskStatus Accepted { get; } = new("ACCEPTED");

    /// <summary><c>REJECTED</c>: the file was rejected (terminal).</summary>
    public static TalkdeskStatus Rejected { get; } = new("REJECTED");

    /// <summary><c>INCOMPLETE</c>: only part of the file could be imported (terminal).</summary>
    public static TalkdeskStatus Incomplete { get; } = new("INCOMPLETE");

    /// <summary><c>CORRUPTED</c>: the file is corrupted (terminal).</summary>
    public static TalkdeskStatus Corrupted { get; } = new("CORRUPTED");

    /// <summary>Whether this is one of the values the provider documents (another is kept all the same).</summary>
    public bool IsDocumented => this == Uploaded || this == ValidationStarted || this == Accepted || this == Rejected || this == Incomplete || this == Corrupted;

    /// <summary>Whether this status is final: <c>ACCEPTED</c>, <c>REJECTED</c>, <c>INCOMPLETE</c>, <c>CORRUPTED</c>.</summary>
    public bool IsTerminal => this == Accepted || this == Rejected || this == Incomplete || this == Corrupted;

    /// <summary>Whether two values are the same, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they are the same.</returns>
    public static bool operator ==(TalkdeskStatus left, TalkdeskStatus right) => left.Equals(right);

    /// <summary>Whether two values differ, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(TalkdeskStatus left, TalkdeskStatus right) => !left.Equals(right);

    /// <summary>The value the provider spells <paramref name="value"/>; a null string is the empty (default) value, never an exception.</summary>
    /// <param name="value">The provider's text.</param>
    public static implicit operator TalkdeskStatus(string? value) => value is null ? default : new(value);

    /// <inheritdoc />
    public bool Equals(TalkdeskStatus other) => ExtensibleValue.Same(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TalkdeskStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ExtensibleValue.HashOf(_value);

    /// <summary>The provider's text (empty for a default value).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;

    static TalkdeskStatus IExtensibleValue<TalkdeskStatus>.Create(string value) => new(value);
}
