using System.Text.RegularExpressions;
using UploadClients.Testing.OptimalDial;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Testing.Talkdesk;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>Asserts that no credential, token, webhook signing secret, signed-URL signature or callback header value appears in any text the SDK produced.</summary>
internal static partial class SecretScan
{
    private static readonly string[] Fixed =
    [
        OptimalDialFake.ApiKey,
        OrbitSearchFake.AccessToken,
        TalkdeskFake.AccessToken,
        TalkdeskFake.ClientSecret,
        "hunter2-callback-secret",
        BaseAddressPassword,
    ];

    /// <summary>A password in the base addresses' userinfo (<c>https://svc:password@host/</c>): a secret like any other.</summary>
    internal const string BaseAddressPassword = "S3cretPw-in-the-address";

    /// <summary><paramref name="address"/> with <see cref="BaseAddressPassword"/> in its userinfo.</summary>
    internal static Uri WithUserInfo(Uri address) => new UriBuilder(address) { UserName = "svc", Password = BaseAddressPassword }.Uri;

    /// <summary>Every log line of <paramref name="host"/>, the exceptions' ToString(), and the extra texts.</summary>
    public static void AssertClean(TestHost host, Exception? error, params string?[] more)
    {
        var texts = host.Logs.Lines.Concat(more.OfType<string>()).ToList();
        if (error is not null)
        {
            texts.Add(error.ToString());
        }

        var secrets = Fixed.Concat(IssuedSecrets(host)).Distinct().ToList();
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..Math.Min(6, secret.Length)]}…) appears in: {text}");
            }

            Assert.False(SignaturePattern().IsMatch(text), "A URL signature appears in: " + text);
        }
    }

    /// <summary>Tokens the harness issued or saw, and every signed URL's signature: secrets too.</summary>
    private static IEnumerable<string> IssuedSecrets(TestHost host)
    {
        foreach (var entry in host.Harness.Journal.Entries)
        {
            if (entry.Header("Authorization") is { } auth && auth.Split(' ', 2) is [_, { Length: >= 8 } credential])
            {
                yield return credential;
            }
        }

        foreach (var id in host.Harness.OptimalDial.WebhookEndpointIds)
        {
            if (host.Harness.OptimalDial.WebhookSecret(id) is { } secret)
            {
                yield return secret;
            }
        }

        foreach (var id in host.Harness.Talkdesk.UploadRequestIds)
        {
            if (host.Harness.Talkdesk.SignedUrl(id) is { } url)
            {
                yield return url.Split("X-Amz-Signature=")[1];
            }
        }
    }

    [GeneratedRegex("(X-Amz-Signature|token)=[0-9a-fA-F]{8}")]
    private static partial Regex SignaturePattern();
}
