using System.Net;

namespace UploadClients;

/// <summary>
/// The one rule for every address the SDK talks to: https, unless the host is loopback
/// (127.0.0.0/8, ::1 or localhost), which tests and the harness use.
/// </summary>
internal static class SecureUri
{
    internal static bool IsAllowed(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)));

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Throws with a message naming <paramref name="setting"/> when <paramref name="uri"/> is not allowed.</summary>
    internal static string? Problem(Uri? uri, string setting)
    {
        if (uri is null)
        {
            return $"{setting} is not set.";
        }

        if (!uri.IsAbsoluteUri)
        {
            return $"{setting} must be an absolute URL (it is '{Redactor.RedactUrl(uri)}').";
        }

        return IsAllowed(uri)
            ? null
            : $"{setting} must use https (it is '{Redactor.RedactUrl(uri)}'); plain http is allowed only for loopback hosts such as the test harness.";
    }
}
