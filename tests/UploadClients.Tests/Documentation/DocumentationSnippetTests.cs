using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Documentation;

/// <summary>
/// Every C# block of README.md and of each package's PACKAGE.md compiles as written: each block on
/// its own, as the Program.cs (or a class file) of a fresh <c>dotnet new console</c> app that
/// references the packages the README tells you to add, with nullable enabled and warnings as errors.
/// Only the console template's implicit usings are assumed; everything else a block needs, it says.
/// </summary>
public partial class Every_csharp_block_of_the_documentation
{
    /// <summary>The global usings of a <c>dotnet new console</c> app (ImplicitUsings=enable, Microsoft.NET.Sdk).</summary>
    private const string ConsoleImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, _, line) in AllBlocks())
        {
            data.Add(file, line);
        }

        return data;
    }

    [Fact]
    public void Are_found_in_the_readme_and_every_package_readme()
    {
        var byFile = AllBlocks().GroupBy(b => b.File).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byFile.GetValueOrDefault("README.md") >= 10, "README.md blocks: " + byFile.GetValueOrDefault("README.md"));
        foreach (var package in new[] { "UploadClients", "UploadClients.Testing", "UploadClients.Redis", "UploadClients.HealthChecks" })
        {
            Assert.True(byFile.GetValueOrDefault($"src/{package}/PACKAGE.md") >= 1, package);
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Compiles_as_written(string file, int line)
    {
        var code = AllBlocks().Single(b => b.File == file && b.Line == line).Code;
        var diagnostics = Compile(code);
        Assert.True(diagnostics.Count == 0, $"{file}:{line} does not compile as written:\n" + string.Join('\n', diagnostics) + "\n\n" + code);
    }

    [Fact]
    public async Task The_readmes_test_example_passes_when_run()
    {
        // The Testing section's example is an xunit test: compiled from the README, loaded and run here.
        var (file, code, line) = AllBlocks().Single(b => b.File == "README.md" && b.Code.Contains("[Fact]", StringComparison.Ordinal));
        var assembly = System.Reflection.Assembly.Load(Emit(code));
        var facts = assembly.GetTypes().SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0)).ToList();
        Assert.NotEmpty(facts);
        foreach (var fact in facts)
        {
            var instance = Activator.CreateInstance(fact.DeclaringType!);
            var run = fact.Invoke(instance, null) as Task;
            Assert.NotNull(run);
            await run.WaitAsync(TimeSpan.FromSeconds(60)); // a bound on a hang, not a wait for something
        }

        Assert.True(line > 0, file);
    }

    [Fact]
    public void A_block_that_uses_what_it_never_declares_fails()
    {
        // The check itself can fail: the Quick start as it was (no usings, no host, an undeclared provider).
        var diagnostics = Compile("""
            services.AddUploadClients(builder.Configuration);
            var client = provider.GetRequiredService<IOptimalDialClient>();
            """);
        Assert.Contains(diagnostics, d => d.Contains("CS0103", StringComparison.Ordinal));

        // A warning fails too (warnings as errors): an unused variable.
        Assert.Contains(Compile("var unused = 1;\nConsole.WriteLine();"), d => d.Contains("CS0219", StringComparison.Ordinal));
    }

    /// <summary>Compiles one block; returns its warnings and errors (empty when it compiles cleanly).</summary>
    internal static IReadOnlyList<string> Compile(string code) => Build(code).Diagnostics;

    private static byte[] Emit(string code)
    {
        var (diagnostics, image) = Build(code);
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        return image;
    }

    private static (IReadOnlyList<string> Diagnostics, byte[] Image) Build(string code)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(code, parse, path: "Program.cs");
        var topLevel = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            // What the .NET SDK suppresses in every project (assembly-version unification notes).
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
        var compilation = CSharpCompilation.Create(
            "Snippet" + Guid.NewGuid().ToString("N"),
            [tree, CSharpSyntaxTree.ParseText(ConsoleImplicitUsings, parse, path: "GlobalUsings.g.cs")],
            References.Value,
            options);
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        return ([.. result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).Select(d => d.ToString())], output.ToArray());
    }

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string File, string Code, int Line)>> Cache = new();

    private static IReadOnlyList<(string File, string Code, int Line)> AllBlocks() => Cache.GetOrAdd("all", _ =>
    {
        var files = new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Repository.Root, "src"), "PACKAGE.md", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/')))
            .Order(StringComparer.Ordinal);
        var blocks = new List<(string, string, int)>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(Path.Combine(Repository.Root, file)).ReplaceLineEndings("\n");
            foreach (Match m in CSharpFence().Matches(text))
            {
                var indent = m.Groups["indent"].Value;
                var code = string.Join('\n', m.Groups["code"].Value.Split('\n').Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart()));
                blocks.Add((file, code, text[..m.Index].Count(c => c == '\n') + 1));
            }
        }

        return blocks;
    });

    [GeneratedRegex(@"^(?<indent>[ \t]*)```(?:csharp|cs|c#)[ \t]*\n(?<code>.*?)^\k<indent>```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpFence();
}
