using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>
/// Where an OptimalDial upload is in its life (<c>status</c>): an extensible enumeration, as Azure's SDKs model a provider's values. A value the SDK
/// does not document is kept as the provider sent it (compare it, print it, switch on it with
/// <c>when</c>), never read as an error or lost; the named values below are the documented ones, and
/// values compare ignoring case. Its text is the provider's own (<see cref="ToString"/>).
/// </summary>
[JsonConverter(typeof(ExtensibleValueConverter<OptimalDialUploadStatus>))]
public readonly struct OptimalDialUploadStatus : IEquatable<OptimalDialUploadStatus>, IExtensibleValue<OptimalDialUploadStatus>
{
    private readonly string? _value;

    /// <summary>A value as the provider spells it, documented or not.</summary>
    /// <param name="value">The provider's text.</param>
    public OptimalDialUploadStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>pending_mapping</c>: columns not yet mapped.</summary>
    public static OptimalDialUploadStatus PendingMapping { get; } = new("pending_mapping");

    /// <summary><c>validating</c>: numbers are being validated.</summary>
    public static OptimalDialUploadStatus Validating { get; } = new("validating");

    /// <summary><c>validation_failed</c>: terminal; see <see cref="OptimalDialUpload.ErrorMessage"/>.</summary>
    public static OptimalDialUploadStatus ValidationFailed { get; } = new("validation_failed");

    /// <summary><c>awaiting_confirmation</c>: a person must confirm the upload in the OptimalDial app.</summary>
    public static OptimalDialUploadStatus AwaitingConfirmation { get; } = new("awaiting_confirmation");

    /// <summary><c>ready_for_processing</c>: queued.</summary>
    public static OptimalDialUploadStatus ReadyForProcessing { get; } = new("ready_for_processing");

    /// <summary><c>processing</c>: numbers are being processed.</summary>
    public static OptimalDialUploadStatus Processing { get; } = new("processing");

    /// <summary><c>completed</c>: terminal; results can be downloaded.</summary>
    public static OptimalDialUploadStatus Completed { get; } = new("completed");

    /// <summary><c>failed</c>: terminal; see <see cref="OptimalDialUpload.ErrorMessage"/>.</summary>
    public static OptimalDialUploadStatus Failed { get; } = new("failed");

    /// <summary><c>cancelled</c>: terminal; credits are refunded.</summary>
    public static OptimalDialUploadStatus Cancelled { get; } = new("cancelled");

    /// <summary>Whether this is one of the values the provider documents (another is kept all the same).</summary>
    public bool IsDocumented => this == PendingMapping || this == Validating || this == ValidationFailed || this == AwaitingConfirmation || this == ReadyForProcessing || this == Processing || this == Completed || this == Failed || this == Cancelled;

    /// <summary>Whether this status is final: <c>validation_failed</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>.</summary>
    public bool IsTerminal => this == Completed || this == Failed || this == Cancelled || this == ValidationFailed;

    /// <summary>Whether two values are the same, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they are the same.</returns>
    public static bool operator ==(OptimalDialUploadStatus left, OptimalDialUploadStatus right) => left.Equals(right);

    /// <summary>Whether two values differ, ignoring case.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(OptimalDialUploadStatus left, OptimalDialUploadStatus right) => !left.Equals(right);

    /// <summary>The value the provider spells <paramref name="value"/>; a null string is the empty (default) value, never an exception.</summary>
    /// <param name="value">The provider's text.</param>
    public static implicit operator OptimalDialUploadStatus(string? value) => value is null ? default : new(value);

    /// <inheritdoc />
    public bool Equals(OptimalDialUploadStatus other) => ExtensibleValue.Same(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OptimalDialUploadStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ExtensibleValue.HashOf(_value);

    /// <summary>The provider's text (empty for a default value).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;

    static OptimalDialUploadStatus IExtensibleValue<OptimalDialUploadStatus>.Create(string value) => new(value);
}
