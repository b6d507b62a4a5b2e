using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>Where an OptimalDial upload is in its life. Values the SDK does not know read as <see cref="Unknown"/>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OptimalDialUploadStatus>))]
public enum OptimalDialUploadStatus
{
    /// <summary>A status this version of the SDK does not know; polling goes on.</summary>
    Unknown,

    /// <summary><c>pending_mapping</c>: columns not yet mapped.</summary>
    PendingMapping,

    /// <summary><c>validating</c>: numbers are being validated.</summary>
    Validating,

    /// <summary><c>validation_failed</c>: terminal; see <see cref="OptimalDialUpload.ErrorMessage"/>.</summary>
    ValidationFailed,

    /// <summary><c>awaiting_confirmation</c>: a person must confirm the upload in the OptimalDial app.</summary>
    AwaitingConfirmation,

    /// <summary><c>ready_for_processing</c>: queued.</summary>
    ReadyForProcessing,

    /// <summary><c>processing</c>: numbers are being processed.</summary>
    Processing,

    /// <summary><c>completed</c>: terminal; results can be downloaded.</summary>
    Completed,

    /// <summary><c>failed</c>: terminal; see <see cref="OptimalDialUpload.ErrorMessage"/>.</summary>
    Failed,

    /// <summary><c>cancelled</c>: terminal; credits are refunded.</summary>
    Cancelled,
}
