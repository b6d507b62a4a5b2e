using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UploadClients.Cli;

/// <summary>
/// <c>uploadclients resume [KEY]</c>: the uploads started with <c>--operation-key</c>, and running one
/// again. An upload with a key records, beside the SDK's journal, the command line that started it
/// (with the file's full path); <c>resume KEY</c> runs that command line again, and the SDK resumes
/// from the step its journal recorded (or prints the recorded result, sending nothing).
/// </summary>
internal static class ResumeCommand
{
    /// <summary>The tool's own records, in the journal directory: one command line per operation key.</summary>
    private const string Folder = "commands";

    internal static Command Create(Globals globals)
    {
        var key = new Argument<string?>("operation-key") { Description = "The operation key to run again; without it, the uploads started with --operation-key are listed.", Arity = ArgumentArity.ZeroOrOne };
        var resend = new Option<bool>("--resend-if-outcome-unknown") { Description = "OptimalDial: when the recorded upload was sent, its answer lost, and it cannot be found, send it again (it may be charged twice)." };
        var resume = new Command("resume", "List the uploads started with --operation-key and where each got to, or run one again: it resumes from its recorded step and never pays twice.") { key, resend };
        resume.SetAction(globals.Action("resume", async (session, ct) =>
        {
            var directory = globals.JournalDirectory(session.Context.Parse!);
            var time = session.Context.TimeProvider ?? TimeProvider.System;
            var journal = new FileUploadJournal(directory, timeProvider: time);
            if (session.Context.Value(resume, key) is not { } operationKey)
            {
                var listed = 0;
                foreach (var saved in Saved(directory))
                {
                    var record = await journal.FindAsync(saved.Key, ct).ConfigureAwait(false);
                    Output.Write(session, new CliResult
                    {
                        Provider = record?.Provider.ToLowerInvariant() ?? saved.Provider,
                        Command = "resume",
                        OperationKey = saved.Key,
                        Id = record?.ProviderId,
                        Status = record?.Step.ToString() ?? (MayHaveExpired(saved.StartedAt, journal, time) ? "Expired" : "NotStarted"),
                        FileName = record?.FileName,
                    });
                    listed++;
                }

                if (listed == 0 && !session.Json)
                {
                    session.Context.Output.WriteLine($"No uploads were started with --operation-key in the journal {directory}{(session.Context.Offline ? string.Empty : " (--offline runs keep theirs apart: resume --offline lists them)")}.");
                }

                return Cli.Done;
            }

            var command = Find(directory, operationKey)
                ?? throw new ArgumentException($"No upload with --operation-key '{operationKey}' was started by this tool with the journal {directory}.");
            if (await journal.FindAsync(operationKey, ct).ConfigureAwait(false) is null && MayHaveExpired(command.StartedAt, journal, time))
            {
                // Its record is gone: whether it was sent cannot be known any more, and running it would start it afresh.
                throw new ArgumentException(
                    $"The journal's record of '{operationKey}' has expired (records are kept {journal.Retention.TotalDays:N0} days after their last step): whether it was sent cannot be known, so resume does not run it again. " +
                    "To upload the file anew, run the upload command with a new --operation-key.");
            }

            // The command as it was started, printed the way this one asks (--json or text).
            var arguments = command.Arguments.Where(a => a != "--json").ToList();
            if (session.Json)
            {
                arguments.Add("--json");
            }

            if (session.Context.Value(resume, resend) && !arguments.Contains("--resend-if-outcome-unknown"))
            {
                if (command.Provider != "optimaldial")
                {
                    throw new ArgumentException($"--resend-if-outcome-unknown is for OptimalDial uploads; '{operationKey}' is a {command.Provider} upload, whose rerun never needs it.");
                }

                arguments.Add("--resend-if-outcome-unknown");
            }

            return await Cli.RunAsync([.. arguments], session.Context.Output, session.Context.Error, session.Context.Harness, session.Context.TimeProvider, ct).ConfigureAwait(false);
        }));
        return resume;
    }

    /// <summary>
    /// Records the command line of an upload with an operation key (the file as its full path, the
    /// journal named), so that <c>resume KEY</c> can run it again from any directory. Written under the
    /// key's lock (the journal's), through a temporary file of its own: runs started together with one
    /// key take turns, and each finds the first one's start time.
    /// </summary>
    internal static async Task RememberAsync(Session session, Globals globals, string provider, string operationKey, string fileToken, string fullPath, CancellationToken cancellationToken)
    {
        var context = session.Context;
        var parse = context.Parse!;
        var directory = globals.JournalDirectory(parse);
        // Every path as a full path: resume may run from another directory, and a relative --journal
        // there would be another, empty journal, and the upload would be sent again.
        var arguments = new List<string>();
        var fileReplaced = false;
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            var argument = context.Arguments[i];
            if (argument is "--journal" or "--config")
            {
                i++; // its value: written again below, as a full path
            }
            else if (argument.StartsWith("--journal=", StringComparison.Ordinal) || argument.StartsWith("--config=", StringComparison.Ordinal)
                || argument.StartsWith("--journal:", StringComparison.Ordinal) || argument.StartsWith("--config:", StringComparison.Ordinal))
            {
                // written again below
            }
            else if (!fileReplaced && argument == fileToken)
            {
                arguments.Add(fullPath);
                fileReplaced = true;
            }
            else
            {
                arguments.Add(argument);
            }
        }

        arguments.AddRange(["--journal", directory]);
        if (parse.GetValue(globals.Config) is { } config)
        {
            arguments.AddRange(["--config", config.FullName]);
        }

        var folder = Path.Combine(directory, Folder);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(folder, NameOf(operationKey));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var timeout = provider switch
        {
            "orbitsearch" => session.Options.OrbitSearch.JournalLockTimeout,
            "talkdesk" => session.Options.Talkdesk.JournalLockTimeout,
            _ => session.Options.OptimalDial.JournalLockTimeout,
        };
        var journal = new FileUploadJournal(directory);
        var held = await journal.LockAsync(operationKey, timeout, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            var saved = Find(directory, operationKey);
            if (saved is not null && await journal.FindAsync(operationKey, cancellationToken).ConfigureAwait(false) is not null)
            {
                // Once the key has recorded a step, its command line stays the one resume runs: a later run with
                // the key (another file, which the SDK refuses) must not replace it. Before that (a run refused
                // before sending, say a typo), the corrected command line replaces it.
                return;
            }

            var startedAt = saved?.StartedAt ?? (context.TimeProvider ?? TimeProvider.System).GetUtcNow();
            try
            {
                using (var stream = new FileStream(temporary, options))
                {
                    JsonSerializer.Serialize(stream, new SavedCommand(operationKey, provider, [.. arguments], startedAt), ResumeJson.Default.SavedCommand);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }
    }

    /// <summary>The command line recorded for <paramref name="operationKey"/>, or null.</summary>
    private static SavedCommand? Find(string directory, string operationKey)
    {
        var path = Path.Combine(directory, Folder, NameOf(operationKey));
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ResumeJson.Default.SavedCommand) : null;
    }

    private static IEnumerable<SavedCommand> Saved(string directory)
    {
        var folder = Path.Combine(directory, Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.json")
            .Select(f => JsonSerializer.Deserialize(File.ReadAllBytes(f), ResumeJson.Default.SavedCommand))
            .OfType<SavedCommand>()
            .OrderBy(s => s.Key, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether the journal's record of a key first used at <paramref name="startedAt"/> may have expired: a record
    /// is kept its retention after its last step, which is never before the key was first used.
    /// </summary>
    private static bool MayHaveExpired(DateTimeOffset startedAt, FileUploadJournal journal, TimeProvider time) => startedAt + journal.Retention < time.GetUtcNow();

    private static string NameOf(string operationKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operationKey))) + ".json";
}

/// <summary>The command line that started an upload with an operation key.</summary>
/// <param name="Key">The operation key.</param>
/// <param name="Provider">optimaldial, orbitsearch or talkdesk.</param>
/// <param name="Arguments">The command line, paths made full.</param>
/// <param name="StartedAt">When the key was first used (kept when the command is run again): the journal's record cannot be older.</param>
internal sealed record SavedCommand(string Key, string Provider, string[] Arguments, DateTimeOffset StartedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SavedCommand))]
internal sealed partial class ResumeJson : JsonSerializerContext;
