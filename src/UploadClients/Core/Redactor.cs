using System.Text.RegularExpressions;

namespace UploadClients;

/// <summary>
/// Scrubs credentials and URL signatures out of any text the SDK may show (exception messages,
/// response bodies, logs). One implementation for every provider.
/// </summary>
internal static partial class Redactor
{
    /// <summary>How much of a response body an exception keeps.</summary>
    internal const int MaxBodyChars = 2048;

    internal const string Mask = "***";

    /// <summary>How many obtained secrets are remembered (the most recent ones: tokens expire).</summary>
    internal const int MaxObtained = 256;

    private static readonly Lock ObtainedLock = new();
    private static readonly LinkedList<string> ObtainedOrder = new();
    private static readonly HashSet<string> Obtained = new(StringComparer.Ordinal);
    private static string[] _obtainedSnapshot = [];

    /// <summary>
    /// Registers a secret the SDK obtained at run time (a token from a TokenProvider, one issued by
    /// Talkdesk OAuth) the moment it is obtained, so every later redaction removes it wherever it
    /// appears, as it does the secrets set in options. Values under 8 characters are not registered
    /// (too likely to occur in ordinary text); the most recent <see cref="MaxObtained"/> are kept.
    /// </summary>
    /// <param name="secret">The secret.</param>
    internal static void Register(string? secret)
    {
        if (secret is null || secret.Length < 8)
        {
            return;
        }

        lock (ObtainedLock)
        {
            if (!Obtained.Add(secret))
            {
                return;
            }

            ObtainedOrder.AddLast(secret);
            if (ObtainedOrder.Count > MaxObtained)
            {
                Obtained.Remove(ObtainedOrder.First!.Value);
                ObtainedOrder.RemoveFirst();
            }

            _obtainedSnapshot = [.. ObtainedOrder];
        }
    }

    /// <summary>Redacts known secret values and anything shaped like a credential, then truncates.</summary>
    internal static string Redact(string text, IEnumerable<string?>? secrets = null, int maxChars = MaxBodyChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (secrets is not null)
        {
            foreach (var secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                {
                    text = text.Replace(secret, Mask, StringComparison.Ordinal);
                }
            }
        }

        foreach (var obtained in Volatile.Read(ref _obtainedSnapshot))
        {
            text = text.Replace(obtained, Mask, StringComparison.Ordinal);
        }

        text = BearerPattern().Replace(text, "$1 " + Mask);
        text = OptimalDialKeyPattern().Replace(text, "od_live_" + Mask);
        text = UrlUserInfoPattern().Replace(text, "$1" + Mask + "@");
        text = UrlQueryPattern().Replace(text, "$1?" + Mask);
        text = JsonSecretPattern().Replace(text, "$1\"" + Mask + "\"");
        text = S3SignatureElementPattern().Replace(text, "<$1>" + Mask + "</$1>");
        if (text.Length > maxChars)
        {
            text = string.Concat(text.AsSpan(0, maxChars), "…(truncated)");
        }

        return text;
    }

    /// <summary>A URL without its query (where signatures live) for messages and logs.</summary>
    internal static string RedactUrl(Uri? url)
    {
        if (url is null)
        {
            return "(none)";
        }

        if (!url.IsAbsoluteUri)
        {
            var s = url.OriginalString;
            var q = s.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? s : s[..q] + "?" + Mask;
        }

        var left = url.GetLeftPart(UriPartial.Path);
        if (url.UserInfo.Length > 0)
        {
            // https://svc:password@host/ → https://***@host/ (a password in an address is a secret too).
            left = left.Replace(url.UserInfo + "@", Mask + "@", StringComparison.Ordinal);
        }

        return left + (string.IsNullOrEmpty(url.Query) ? string.Empty : "?" + Mask);
    }

    [GeneratedRegex(@"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"od_live_[A-Za-z0-9_\-]+")]
    private static partial Regex OptimalDialKeyPattern();

    [GeneratedRegex(@"(https?://)[^\s/?#@""'<>]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlUserInfoPattern();

    [GeneratedRegex(@"(https?://[^\s""'<>?]+)\?[^\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQueryPattern();

    [GeneratedRegex(@"(""(?:access_token|refresh_token|client_secret|api_key|apikey|token|secret|password|authorization)""\s*:\s*)""[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretPattern();

    [GeneratedRegex(@"<(SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes|AWSAccessKeyId|X-Amz-Signature)>[^<]*</\1>", RegexOptions.IgnoreCase)]
    private static partial Regex S3SignatureElementPattern();
}
