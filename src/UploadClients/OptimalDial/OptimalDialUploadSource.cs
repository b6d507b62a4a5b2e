using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>
/// How an OptimalDial upload was made (<c>source</c>): an extensible enumeration, as Azure's SDKs model a provider's values. A value the SDK
/// does not document is kept as the provider sent it (compare it, print it, switch on it with
/// <c>when</c>), never read as an error or lost; the named values below are the documented ones, and
/// values compare ignoring case. Its text is the provider's own (<see cref="ToString"/>).
/// </summary>
[JsonConverter(typeof(ExtensibleValueConverter<OptimalDialUploadSource>))]
public readonly struct OptimalDialUploadSource : IEquatable<OptimalDialUploadSource>, IExtensibleValue<OptimalDialUploadSource>
{
    private readonly string? _value;

    /// <summary>A value as the provider spells it, documented or not.</summary>
    /// <param name="value">The provider's text.</param>
    public OptimalDialUploadSource(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>web</c>: through the OptimalDial app.</summary>
    public static OptimalDialUploadSource Web { get; } = new("web");

    /// <summary><c>api</c>: through the API.</summary>
    public static OptimalDialUploadSource Api { get; } = new("api");

    /// <summary>Whether this is one of the values the provider documents (another is kept all the same).</summary>
    public bool IsDocumented => this == Web || this == Api;

    /// <summary>Whether two values are the same, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they are the same.</returns>
    public static bool operator ==(OptimalDialUploadSource left, OptimalDialUploadSource right) => left.Equals(right);

    /// <summary>Whether two values differ, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(OptimalDialUploadSource left, OptimalDialUploadSource right) => !left.Equals(right);

    /// <summary>The value the provider spells <paramref name="value"/>; a null string is the empty (default) value, never an exception.</summary>
    /// <param name="value">The provider's text.</param>
    public static implicit operator OptimalDialUploadSource(string? value) => value is null ? default : new(value);

    /// <inheritdoc />
    public bool Equals(OptimalDialUploadSource other) => ExtensibleValue.Same(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OptimalDialUploadSource other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ExtensibleValue.HashOf(_value);

    /// <summary>The provider's text (empty for a default value).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;

    static OptimalDialUploadSource IExtensibleValue<OptimalDialUploadSource>.Create(string value) => new(value);
}
