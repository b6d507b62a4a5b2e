using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>
/// Where a webhook delivery is (<c>status</c> of a delivery attempt): an extensible enumeration, as Azure's SDKs model a provider's values. A value the SDK
/// does not document is kept as the provider sent it (compare it, print it, switch on it with
/// <c>when</c>), never read as an error or lost; the named values below are the documented ones, and
/// values compare ignoring case. Its text is the provider's own (<see cref="ToString"/>).
/// </summary>
[JsonConverter(typeof(ExtensibleValueConverter<OptimalDialWebhookDeliveryStatus>))]
public readonly struct OptimalDialWebhookDeliveryStatus : IEquatable<OptimalDialWebhookDeliveryStatus>, IExtensibleValue<OptimalDialWebhookDeliveryStatus>
{
    private readonly string? _value;

    /// <summary>A value as the provider spells it, documented or not.</summary>
    /// <param name="value">The provider's text.</param>
    public OptimalDialWebhookDeliveryStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>pending</c>: waiting for its first or next attempt.</summary>
    public static OptimalDialWebhookDeliveryStatus Pending { get; } = new("pending");

    /// <summary><c>in_flight</c>: being sent now.</summary>
    public static OptimalDialWebhookDeliveryStatus InFlight { get; } = new("in_flight");

    /// <summary><c>delivered</c>: your receiver answered 2xx (final).</summary>
    public static OptimalDialWebhookDeliveryStatus Delivered { get; } = new("delivered");

    /// <summary><c>exhausted</c>: every attempt (6) failed; OptimalDial will not try again (final).</summary>
    public static OptimalDialWebhookDeliveryStatus Exhausted { get; } = new("exhausted");

    /// <summary>Whether this is one of the values the provider documents (another is kept all the same).</summary>
    public bool IsDocumented => this == Pending || this == InFlight || this == Delivered || this == Exhausted;

    /// <summary>Whether this status is final: <c>delivered</c>, <c>exhausted</c>.</summary>
    public bool IsTerminal => this == Delivered || this == Exhausted;

    /// <summary>Whether two values are the same, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they are the same.</returns>
    public static bool operator ==(OptimalDialWebhookDeliveryStatus left, OptimalDialWebhookDeliveryStatus right) => left.Equals(right);

    /// <summary>Whether two values differ, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(OptimalDialWebhookDeliveryStatus left, OptimalDialWebhookDeliveryStatus right) => !left.Equals(right);

    /// <summary>The value the provider spells <paramref name="value"/>; a null string is the empty (default) value, never an exception.</summary>
    /// <param name="value">The provider's text.</param>
    public static implicit operator OptimalDialWebhookDeliveryStatus(string? value) => value is null ? default : new(value);

    /// <inheritdoc />
    public bool Equals(OptimalDialWebhookDeliveryStatus other) => ExtensibleValue.Same(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OptimalDialWebhookDeliveryStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ExtensibleValue.HashOf(_value);

    /// <summary>The provider's text (empty for a default value).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;

    static OptimalDialWebhookDeliveryStatus IExtensibleValue<OptimalDialWebhookDeliveryStatus>.Create(string value) => new(value);
}
