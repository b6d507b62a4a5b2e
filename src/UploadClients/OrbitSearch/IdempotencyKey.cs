using System.Buffers.Text;
using System.Security.Cryptography;

namespace UploadClients.OrbitSearch;

/// <summary>
/// OrbitSearch idempotency keys. OrbitSearch documents no format; the SDK accepts 1–255 characters
/// of letters, digits and <c>- _ . :</c> (URL-safe, like its example <c>upload-2024-q4-v1</c>), and
/// makes keys of 25 characters: <c>uc-</c> and 128 random bits in base64url.
/// </summary>
internal static class IdempotencyKey
{
    internal const int MaxLength = 255;

    internal static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return "uc-" + Base64Url.EncodeToString(bytes);
    }

    internal static string? Problem(string key)
    {
        if (key.Length is 0 or > MaxLength)
        {
            return $"IdempotencyKey must be 1 to {MaxLength} characters long (it is {key.Length}).";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return $"IdempotencyKey may contain only letters, digits and '-', '_', '.', ':' (it contains '{c}'); leave it null to let the SDK make one.";
            }
        }

        return null;
    }
}
