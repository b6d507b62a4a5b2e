using System.Text.Json.Serialization;

namespace UploadClients.OptimalDial;

/// <summary>
/// The documented answer to <c>DELETE /api/v1/uploads/{upload_id}</c>:
/// <c>{"status": "cancelled", "credits_refunded": 123}</c>.
/// </summary>
public sealed record OptimalDialCancellation
{
    /// <summary><c>status</c>: <c>cancelled</c> (the only documented value; another one is returned as sent).</summary>
    [JsonRequired]
    public string Status { get; init; } = string.Empty;

    /// <summary><c>credits_refunded</c>: credits returned to the organization (0 when there was nothing to refund).</summary>
    public int CreditsRefunded { get; init; }

    /// <summary>Whether <see cref="Status"/> is <c>cancelled</c>.</summary>
    [JsonIgnore]
    public bool IsCancelled => string.Equals(Status, "cancelled", StringComparison.OrdinalIgnoreCase);
}
