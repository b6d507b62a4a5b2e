using System.Text.RegularExpressions;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

/// <summary>Each package's README (its PACKAGE.md, packed as README.md) is read on the gallery, away from the repository.</summary>
public partial class The_package_readmes
{
    public static IEnumerable<object[]> Packages => new[] { "UploadClients", "UploadClients.Testing", "UploadClients.Redis", "UploadClients.Cli" }.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Packages))]
    public void Exist_and_have_no_relative_link(string package)
    {
        var path = Path.Combine(Repository.Root, "src", package, "PACKAGE.md");
        Assert.True(File.Exists(path), path);
        var text = File.ReadAllText(path);

        var relative = LinkTarget().Matches(text).Select(m => m.Groups[1].Value).Where(t => !t.StartsWith("https://", StringComparison.Ordinal) && !t.StartsWith('#')).ToList();

        Assert.Empty(relative);
        Assert.Contains("dotnet ", text, StringComparison.Ordinal); // how to install it
        Assert.DoesNotContain("docs/", LinkTarget().Replace(text, string.Empty).Replace("docs folder", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkTarget();
}
