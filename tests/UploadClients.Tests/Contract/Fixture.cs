using System.Text.Json;

namespace UploadClients.Tests.Contract;

/// <summary>
/// The contract corpus: every request and response example the providers print, one file per
/// example, named after its page (docs/contract.md lists them). Placeholders ("&lt;string&gt;", 123)
/// are replaced by realistic values; nothing else is edited.
/// </summary>
internal static class Fixture
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Contract", "Fixtures");

    /// <summary>The fixture's exact bytes.</summary>
    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The fixture as text.</summary>
    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The fixture as JSON.</summary>
    public static JsonElement Json(string name)
    {
        using var doc = JsonDocument.Parse(Bytes(name));
        return doc.RootElement.Clone();
    }

    /// <summary>Every fixture file, relative to the corpus root ("optimaldial/cancel-an-upload.response.json").</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal);

    private static string PathOf(string name)
    {
        var path = Path.Combine(Root, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"No contract fixture '{name}' under {Root}.", path);
    }
}
