using System.Text.Json.Serialization;

namespace UploadClients.OrbitSearch;

/// <summary>
/// Where an OrbitSearch source is in its processing (<c>source_status</c>): an extensible enumeration, as Azure's SDKs model a provider's values. A value the SDK
/// does not document is kept as the provider sent it (compare it, print it, switch on it with
/// <c>when</c>), never read as an error or lost; the named values below are the documented ones, and
/// values compare ignoring case. Its text is the provider's own (<see cref="ToString"/>).
/// </summary>
[JsonConverter(typeof(ExtensibleValueConverter<OrbitSearchSourceStatus>))]
public readonly struct OrbitSearchSourceStatus : IEquatable<OrbitSearchSourceStatus>, IExtensibleValue<OrbitSearchSourceStatus>
{
    private readonly string? _value;

    /// <summary>A value as the provider spells it, documented or not.</summary>
    /// <param name="value">The provider's text.</param>
    public OrbitSearchSourceStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>pending</c>: received; processing has not started.</summary>
    public static OrbitSearchSourceStatus Pending { get; } = new("pending");

    /// <summary><c>processing</c>: rows are being validated and materialized.</summary>
    public static OrbitSearchSourceStatus Processing { get; } = new("processing");

    /// <summary><c>completed</c>: terminal; see accepted, failed and warnings.</summary>
    public static OrbitSearchSourceStatus Completed { get; } = new("completed");

    /// <summary><c>failed</c>: terminal; processing hit an unrecoverable error.</summary>
    public static OrbitSearchSourceStatus Failed { get; } = new("failed");

    /// <summary>Whether this is one of the values the provider documents (another is kept all the same).</summary>
    public bool IsDocumented => this == Pending || this == Processing || this == Completed || this == Failed;

    /// <summary>Whether this status is final: <c>completed</c>, <c>failed</c>.</summary>
    public bool IsTerminal => this == Completed || this == Failed;

    /// <summary>Whether two values are the same, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they are the same.</returns>
    public static bool operator ==(OrbitSearchSourceStatus left, OrbitSearchSourceStatus right) => left.Equals(right);

    /// <summary>Whether two values differ, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(OrbitSearchSourceStatus left, OrbitSearchSourceStatus right) => !left.Equals(right);

    /// <summary>The value the provider spells <paramref name="value"/>; a null string is the empty (default) value, never an exception.</summary>
    /// <param name="value">The provider's text.</param>
    public static implicit operator OrbitSearchSourceStatus(string? value) => value is null ? default : new(value);

    /// <inheritdoc />
    public bool Equals(OrbitSearchSourceStatus other) => ExtensibleValue.Same(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OrbitSearchSourceStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ExtensibleValue.HashOf(_value);

    /// <summary>The provider's text (empty for a default value).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;

    static OrbitSearchSourceStatus IExtensibleValue<OrbitSearchSourceStatus>.Create(string value) => new(value);
}
