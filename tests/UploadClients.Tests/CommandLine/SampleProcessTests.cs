using System.Diagnostics;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.CommandLine;

/// <summary>The samples as a user runs them: help without side effects, a clear message instead of a stack trace.</summary>
public class The_samples_as_processes
{
    private static Task<(int Exit, string Out, string Err)> RunAsync(string sample, params string[] args) => RunWithDataHomeAsync(sample, null, args);

    /// <summary>Runs a sample with <paramref name="dataHome"/> as its local application data folder (where a journal goes).</summary>
    private static async Task<(int Exit, string Out, string Err)> RunWithDataHomeAsync(string sample, string? dataHome, params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(Repository.Root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        if (dataHome is not null)
        {
            start.Environment["XDG_DATA_HOME"] = dataHome; // the local application data folder on Unix
            start.Environment["LOCALAPPDATA"] = dataHome; // and on Windows
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(bounded.Token);
        return (process.ExitCode, await output, await error);
    }

    [Theory]
    [InlineData("OptimalDial.Sample")]
    [InlineData("OrbitSearch.Sample")]
    [InlineData("Talkdesk.Sample")]
    public async Task Help_starts_no_fake(string sample)
    {
        var (exit, output, _) = await RunAsync(sample, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output);
        Assert.DoesNotContain("offline fake", output);
    }

    [Fact]
    public async Task The_OptimalDial_sample_run_again_offline_with_its_operation_key_is_refused_not_satisfied_by_the_first_fake()
    {
        var folder = Directory.CreateTempSubdirectory("uploadclients-sample-").FullName;
        try
        {
            var csv = Path.Combine(folder, "contacts.csv");
            File.WriteAllBytes(csv, TestCsv.Contacts(150));

            var first = await RunWithDataHomeAsync("OptimalDial.Sample", folder, "upload", csv, "--wait", "--operation-key", "nightly");
            var again = await RunWithDataHomeAsync("OptimalDial.Sample", folder, "upload", csv, "--wait", "--operation-key", "nightly");

            // Each run is offline on a fake of its own, which knows nothing of the first upload: the first
            // fake's record proves nothing to the second, so the rerun is refused before anything is sent,
            // naming both endpoints, and never prints the first fake's upload as its own.
            Assert.Equal(0, first.Exit);
            var id = System.Text.RegularExpressions.Regex.Match(first.Out, "Upload ([0-9a-f-]{36}) is completed").Groups[1].Value;
            Assert.NotEmpty(id);
            Assert.Equal(2, again.Exit);
            Assert.DoesNotContain($"Upload {id} is completed", again.Out, StringComparison.Ordinal);
            var endpoints = System.Text.RegularExpressions.Regex.Matches(again.Out.ReplaceLineEndings(" "), @"http://127\.0\.0\.1:\d+").Select(m => m.Value).Distinct().ToList();
            Assert.True(endpoints.Count >= 2, "the refusal names both endpoints:\n" + again.Out);
            if (OperatingSystem.IsLinux())
            {
                Assert.True(Directory.Exists(Path.Combine(folder, "OptimalDial.Sample", "offline-journal"))); // the test's folder, not the user's; offline runs' own
                Assert.False(Directory.Exists(Path.Combine(folder, "OptimalDial.Sample", "journal")));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_file_is_a_message_and_exit_code_2_not_a_stack_trace()
    {
        var (exit, output, error) = await RunAsync("OptimalDial.Sample", "upload", "no-such-list.csv", "--phone-column", "phone");

        Assert.Equal(2, exit);
        Assert.Contains("The file to upload does not exist", output);
        Assert.DoesNotContain("   at ", output + error);
    }
}
