using System.Diagnostics;
using System.Text;
using System.Text.Json;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.CommandLine;

/// <summary>
/// The tool as separate processes against the harness of this process (its base address and key given
/// through the environment, as a user's configuration would): runs started together with one operation
/// key, and the signals an operator sends (SIGINT once, twice, eight times).
/// </summary>
public sealed class The_tool_as_processes : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uploadclients-processes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv()
    {
        var path = Path.Combine(_folder, "contacts.csv");
        File.WriteAllBytes(path, TestCsv.Contacts(150));
        return path;
    }

    /// <summary>The tool, as built beside the tests, configured for <paramref name="harness"/> through environment variables.</summary>
    private ProcessStartInfo Tool(UploadClientsHarness harness, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "UploadClients.Cli.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["UPLOADCLIENTS__OPTIMALDIAL__APIKEY"] = OptimalDialFake.ApiKey;
        start.Environment["UPLOADCLIENTS__OPTIMALDIAL__BASEADDRESS"] = harness.BaseAddress.ToString();
        start.Environment["UPLOADCLIENTS__OPTIMALDIAL__POLLING__INITIALDELAY"] = "00:00:00.050";
        start.Environment["UPLOADCLIENTS__OPTIMALDIAL__POLLING__MAXDELAY"] = "00:00:00.200";
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_folder, "data"); // never the user's journal
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(bounded.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Ten_runs_started_together_with_one_key_all_end_with_the_same_upload_and_exit_0()
    {
        using var harness = UploadClientsHarness.Start();
        var csv = Csv();
        var journal = Path.Combine(_folder, "journal");

        var runs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RunAsync(Tool(harness, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--operation-key", "nightly 2026-12-04", "--journal", journal, "--json"))));

        Assert.All(runs, run => Assert.True(run.Exit == 0, $"exit {run.Exit}:\n{run.Out}\n{run.Err}"));
        var ids = runs.Select(run => JsonDocument.Parse(run.Out.Trim().Split('\n')[^1]).RootElement.GetProperty("id").GetString()).Distinct().ToList();
        Assert.Equal(harness.OptimalDial.UploadIds.Single().ToString(), Assert.Single(ids));
        Assert.Equal(1, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(150, harness.OptimalDial.CreditsCharged);
        Assert.Empty(Directory.GetFiles(Path.Combine(journal, "commands"), "*.tmp")); // every command record written whole, under the key's lock
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public async Task SIGINT_sent_during_a_wait_or_the_start_exits_130_every_time_never_an_abort(int signals)
    {
        using var harness = UploadClientsHarness.Start();
        harness.OptimalDial.StatusScript = ["processing"];
        var csv = Csv();
        const int Trials = 20;
        var failures = new List<string>();

        // Half the trials interrupt a wait (against this harness, which never finishes); the other half an
        // --offline run at a moment of its start (the tool starts its own fake): two signals there aborted the
        // process when System.CommandLine's handler also answered them. Four at a time.
        foreach (var batch in Enumerable.Range(0, Trials).Chunk(4))
        {
            var results = await Task.WhenAll(batch.Select(trial => UntilConclusiveAsync(seed => InterruptAsync(harness, csv, signals, seed, duringStart: trial % 2 == 1), (signals * 100) + trial)));
            failures.AddRange(results.Where(r => r is not null)!);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Trials} trials with {signals} SIGINT failed:\n" + string.Join("\n---\n", failures));
    }

    [Fact]
    public async Task SIGTERM_10_to_67_ms_after_SIGINT_while_the_tool_ends_still_exits_130()
    {
        using var harness = UploadClientsHarness.Start();
        harness.OptimalDial.StatusScript = ["processing"];
        var csv = Csv();
        var failures = new List<string>();
        foreach (var batch in Enumerable.Range(0, 20).Chunk(4))
        {
            // Offline: the tool's own fake takes a few tens of milliseconds to stop, the window a late signal fell into.
            var results = await Task.WhenAll(batch.Select(trial => UntilConclusiveAsync(seed => InterruptAsync(harness, csv, 2, seed, duringStart: false, offline: true, secondSignal: "-TERM", gapMs: 10 + (trial * 3)), 900 + trial)));
            failures.AddRange(results.Where(r => r is not null)!);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of 20 trials failed:\n" + string.Join("\n---\n", failures));
    }

    /// <summary>What a trial returns when its offline run finished before the first signal reached it (the test host, busy, read the tool's output late): it proves nothing either way.</summary>
    private const string Inconclusive = "inconclusive";

    /// <summary>Runs a trial again (another seed) while it is inconclusive, at most five times; a trial that stays so fails.</summary>
    private static async Task<string?> UntilConclusiveAsync(Func<int, Task<string?>> trial, int seed)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var result = await trial(seed + (attempt * 1000));
            if (result != Inconclusive)
            {
                return result;
            }
        }

        return "five runs in a row finished before the first signal reached them";
    }

    /// <summary>
    /// Starts an upload with --wait, sends SIGINT <paramref name="signals"/> times 30–100 ms apart (once it waits,
    /// or <paramref name="duringStart"/>: offline, 200 to 1,000 ms after the process started), and checks how it ended; null when well.
    /// </summary>
    private async Task<string?> InterruptAsync(UploadClientsHarness harness, string csv, int signals, int seed, bool duringStart, bool offline = false, string secondSignal = "-INT", int? gapMs = null)
    {
        var random = new Random(seed);
        using var process = new Process { StartInfo = duringStart || offline ? Tool(harness, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait", "--offline") : Tool(harness, "optimaldial", "upload", csv, "--phone-column", "phone", "--wait") };
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("waiting…", StringComparison.Ordinal) == true || e.Data is null)
            {
                waiting.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (duringStart)
        {
            await Task.Delay(random.Next(200, 1001)); // a moment of the start (configuration, the offline fake): the stimulus, not a wait for something
        }
        else
        {
            await waiting.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }

        for (var i = 0; i < signals && !process.HasExited; i++)
        {
            if (i > 0)
            {
                await Task.Delay(gapMs ?? random.Next(30, 101)); // the operator's second (third, …) Ctrl+C: the stimulus, not a wait for something
            }

            // kill(2) itself: spawning /bin/kill forks this (large) test host, which under load took longer than the offline fake takes to finish.
            _ = Signal.Kill(process.Id, i == 0 || secondSignal == "-INT" ? Signal.SIGINT : Signal.SIGTERM); // -1 (ESRCH) once the process has ended
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(bounded.Token);
        string text;
        lock (error)
        {
            text = output + "\n" + error;
        }

        var id = System.Text.RegularExpressions.Regex.Match(text, "optimaldial upload ([0-9a-f-]{36}): ").Groups[1].Value;
        if ((offline || duringStart) && process.ExitCode == 0 && text.Contains(": completed;", StringComparison.Ordinal))
        {
            return Inconclusive; // the offline fake finished the upload (in about half a second) before the signal arrived
        }

        if (process.ExitCode != 130)
        {
            return $"exit {process.ExitCode}:\n{text}";
        }

        if (text.Contains("Unhandled exception", StringComparison.Ordinal))
        {
            return "an unhandled exception:\n" + text;
        }

        // One signal: the wait is cancelled cooperatively and names the upload. More: the second may exit at once, before it prints.
        return signals == 1 && !duringStart && !text.Contains($"upload {id} is still processing", StringComparison.Ordinal) ? "no id printed:\n" + text : null;
    }
}

/// <summary>kill(2), to send a signal to another process at once (Unix).</summary>
internal static partial class Signal
{
    internal const int SIGINT = 2;
    internal const int SIGTERM = 15;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
