using System.Diagnostics;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.CommandLine;

/// <summary>The samples as a user runs them: help without side effects, a clear message instead of a stack trace.</summary>
public class The_samples_as_processes
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(string sample, params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(Repository.Root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
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
    public async Task A_missing_file_is_a_message_and_exit_code_2_not_a_stack_trace()
    {
        var (exit, output, error) = await RunAsync("OptimalDial.Sample", "upload", "no-such-list.csv", "--phone-column", "phone");

        Assert.Equal(2, exit);
        Assert.Contains("The file to upload does not exist", output);
        Assert.DoesNotContain("   at ", output + error);
    }
}
