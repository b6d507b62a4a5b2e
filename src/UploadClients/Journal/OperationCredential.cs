using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UploadClients;

/// <summary>
/// Whose credential an operation was sent with, as its record keeps it: never the credential itself.
/// A secret (OptimalDial's API key, a fixed Talkdesk token) is kept as an HMAC-SHA256 under a random
/// salt stored beside it (no table of precomputed hashes matches it, and two records of one key do not
/// look alike); an account that is not a secret (OrbitSearch's organization, a Talkdesk account's token
/// endpoint) is kept as it is, so that a refusal can name it.
/// </summary>
internal sealed class OperationCredential
{
    private const string Hmac = "hmac-sha256";
    private readonly string _kind;
    private readonly string? _plain;
    private readonly byte[]? _secret;

    private OperationCredential(string kind, string? plain, byte[]? secret)
    {
        _kind = kind;
        _plain = plain;
        _secret = secret;
    }

    /// <summary>A secret credential (<paramref name="kind"/>: "api-key", "access-token"), kept as a salted HMAC.</summary>
    internal static OperationCredential Keyed(string kind, string secret) => new(kind, null, Encoding.UTF8.GetBytes(secret));

    /// <summary>An account that is not a secret (<paramref name="kind"/>: "organization", "account"), kept as it is.</summary>
    internal static OperationCredential Plain(string kind, string value) => new(kind, value, null);

    /// <summary>This credential as a person reads it in a refusal ("API key", "organization 0f8f…").</summary>
    internal string Description => Describe(_kind, _plain);

    /// <summary>The value a new record keeps: <c>kind hmac-sha256 salt mac</c>, or <c>kind value</c>.</summary>
    internal string NewRecordValue()
    {
        if (_secret is null)
        {
            return _kind + " " + _plain;
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        return string.Join(' ', _kind, Hmac, Convert.ToHexStringLower(salt), Convert.ToHexStringLower(Mac(salt)));
    }

    /// <summary>Whether <paramref name="recorded"/> (a record's <see cref="UploadOperation.Credential"/>) is this credential.</summary>
    internal bool Matches(string recorded)
    {
        var parts = recorded.Split(' ', 4);
        if (parts[0] != _kind)
        {
            return false;
        }

        if (_secret is null)
        {
            return recorded.Length > _kind.Length && recorded[(_kind.Length + 1)..] == _plain;
        }

        if (parts.Length != 4 || parts[1] != Hmac)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts[3]), Mac(Convert.FromHexString(parts[2])));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>How <paramref name="recorded"/> differs from this credential, for a refusal ("with another API key than this run's").</summary>
    internal string Difference(string recorded)
    {
        var kind = recorded.Split(' ', 2)[0];
        if (kind == _kind && _secret is not null)
        {
            return $"with another {Noun(kind)} than this run's";
        }

        return kind == _kind
            ? $"for {DescribeRecorded(recorded)}, and this run is for {Description}"
            : $"with {DescribeRecorded(recorded)}, and this run with {Description}";
    }

    private static string Noun(string kind) => kind switch
    {
        "api-key" => "API key",
        "access-token" => "access token",
        _ => kind,
    };

    /// <summary>A recorded credential as a person reads it.</summary>
    internal static string DescribeRecorded(string recorded)
    {
        var parts = recorded.Split(' ', 2);
        return parts.Length == 2 && !parts[1].StartsWith(Hmac + " ", StringComparison.Ordinal) ? Describe(parts[0], parts[1]) : Describe(parts[0], null);
    }

    private static string Describe(string kind, string? plain) => kind switch
    {
        "api-key" => "an API key",
        "access-token" => "an access token",
        _ when plain is not null => kind + " " + plain,
        _ => kind,
    };

    private byte[] Mac(byte[] salt) => HMACSHA256.HashData(salt, _secret!);

    /// <summary>The endpoint an operation belongs to: its base address as <c>scheme://host:port/path</c> (host in lower case, no trailing slash).</summary>
    internal static string EndpointOf(Uri baseAddress) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseAddress.Scheme.ToLowerInvariant()}://{(baseAddress.HostNameType == UriHostNameType.IPv6 ? "[" + baseAddress.IdnHost.ToLowerInvariant() + "]" : baseAddress.IdnHost.ToLowerInvariant())}:{baseAddress.Port}{baseAddress.AbsolutePath.TrimEnd('/')}");
}
