using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;

namespace UploadClients.Cli;

/// <summary>
/// The <c>uploadclients</c> command line: one command per SDK operation, configuration the way .NET
/// tools read it, human output or one JSON object per result, and documented exit codes.
/// </summary>
internal static class Cli
{
    /// <summary>The command did what it was asked.</summary>
    internal const int Done = 0;

    /// <summary>Something unexpected (a network failure that retries did not cure, an answer the SDK cannot read).</summary>
    internal const int Failed = 1;

    /// <summary>Invalid input, refused before anything was sent: arguments, configuration, the file's pre-flight checks.</summary>
    internal const int Invalid = 2;

    /// <summary>The provider refused the request (its status and error are printed).</summary>
    internal const int Refused = 3;

    /// <summary>Waiting for a final status ran out of time (the upload may still finish).</summary>
    internal const int TimedOut = 4;

    /// <summary>
    /// Whether a sent upload was accepted is unknown: no answer came, or an earlier run with the same
    /// operation key stopped before recording it and it cannot be found. Nothing more was sent. Check
    /// the provider's app; with an operation key, --resend-if-outcome-unknown sends it again (it may be charged twice).
    /// </summary>
    internal const int OutcomeUnknown = 5;

    /// <summary><c>doctor</c>: a provider's answer left its documented shape (a field missing or retyped, a value the docs do not list).</summary>
    internal const int Drift = 6;

    /// <summary>Interrupted (Ctrl+C or SIGTERM): a wait prints its upload's id and last status; the upload goes on.</summary>
    internal const int Cancelled = 130;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go (human text, or one JSON object per line with --json).</param>
    /// <param name="error">Where problems go in human mode.</param>
    /// <param name="harness">The fake to use with --offline (tests); one is started when null.</param>
    /// <param name="timeProvider">The clock for waits (tests); the system's when null.</param>
    /// <param name="cancellationToken">Cancels the command (exit code 130).</param>
    internal static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        UploadClientsHarness? harness = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        var globals = new Globals();
        var root = new RootCommand(
            "Upload contact lists to OptimalDial, OrbitSearch and Talkdesk record lists. Credentials come from a --config file, " +
            "user secrets or environment variables (UPLOADCLIENTS__OPTIMALDIAL__APIKEY, UPLOADCLIENTS__ORBITSEARCH__ACCESSTOKEN, " +
            "UPLOADCLIENTS__TALKDESK__ACCESSTOKEN). Exit codes: 0 done, 2 invalid input (nothing sent), 3 refused by the provider, " +
            "4 timed out waiting, 5 outcome of an earlier run unknown (nothing sent), 6 drift found by doctor, 130 interrupted (Ctrl+C or SIGTERM; the upload goes on, its id is printed), 1 anything else.")
        {
            globals.Offline, globals.Json, globals.Config, globals.Timeout, globals.Journal,
        };
        root.Subcommands.Add(OptimalDialCommands.Create(globals));
        root.Subcommands.Add(OrbitSearchCommands.Create(globals));
        root.Subcommands.Add(TalkdeskCommands.Create(globals));
        root.Subcommands.Add(WebhookCommands.Create(globals));
        root.Subcommands.Add(ResumeCommand.Create(globals));
        root.Subcommands.Add(DoctorCommand.Create(globals));

        var parse = root.Parse(args);
        globals.Context = new RunContext(output, error, harness, timeProvider) { Arguments = args };
        if (parse.Errors.Count > 0)
        {
            var problems = parse.Errors.Select(e => e.Message).ToList();
            Report.Problems(globals.Context, parse.GetValue(globals.Json), "arguments", Invalid, "invalid_arguments", "The command line is not valid.", problems);
            return Invalid;
        }

        // The tool owns SIGINT and SIGTERM (Program.cs: the first cancels, a second exits at once with 130);
        // System.CommandLine's own handler stays off (two handlers racing on one signal aborted the process).
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The options every command takes, and what the run was given.</summary>
internal sealed class Globals
{
    internal Option<bool> Offline { get; } = new("--offline") { Description = "Run against the embedded fake: no account, no network, no credits.", Recursive = true };

    internal Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object per result (stable snake_case fields) instead of text.", Recursive = true };

    internal Option<FileInfo?> Config { get; } = new("--config") { Description = "A JSON configuration file (the UploadClients section, as in appsettings.json).", Recursive = true };

    internal Option<TimeSpan?> Timeout { get; } = Durations.Option("--timeout", "How long --wait waits for a final status (default 30 minutes): 90s, 10m, 2h or 00:10:00.", recursive: true);

    internal Option<DirectoryInfo?> Journal { get; } = new("--journal") { Description = "Where uploads with --operation-key record their steps (default: uploadclients/journal in the local application data folder; with --offline, uploadclients/offline-journal).", Recursive = true };

    internal RunContext Context { get; set; } = null!;

    /// <summary>
    /// The journal directory: --journal, or uploadclients/journal in the user's local application data;
    /// offline runs keep one of their own (uploadclients/offline-journal), so that a rehearsal against the
    /// fake never shares records with the live runs (the SDK would refuse them anyway: another endpoint).
    /// </summary>
    internal string JournalDirectory(ParseResult parse) =>
        parse.GetValue(Journal)?.FullName ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "uploadclients", parse.GetValue(Offline) ? "offline-journal" : "journal");

    /// <summary>
    /// A command line of this tool for the user to run next (<c>uploadclients optimaldial get ID --wait</c>),
    /// with the <c>--config</c> file this run was given.
    /// </summary>
    internal string Command(Session session, string command) =>
        "uploadclients " + command + (session.Context.Parse?.GetValue(Config) is { } config ? " --config " + config.FullName : string.Empty);

    /// <summary>Runs a command's body in a session and turns its outcome into an exit code.</summary>
    internal Func<ParseResult, CancellationToken, Task<int>> Action(string command, Func<Session, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(Json);
            Context.Parse = parse;
            Context.Offline = parse.GetValue(Offline);
            Context.JournalGiven = parse.GetValue(Journal)?.FullName;
            try
            {
                var session = Session.Start(this, parse);
                await using (session.ConfigureAwait(false))
                {
                    return await body(session, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                return Report.Failure(Context, json, command, ex, cancellationToken);
            }
        };
}

/// <summary>Where output goes, and the test seams (a harness, a clock).</summary>
internal sealed record RunContext(TextWriter Output, TextWriter Error, UploadClientsHarness? Harness, TimeProvider? TimeProvider)
{
    /// <summary>The parsed command line of the command being run.</summary>
    internal ParseResult? Parse { get; set; }

    /// <summary>The command line as given (resume records it).</summary>
    internal IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// The command that follows an upload by its id (<c>uploadclients optimaldial get ID --wait</c>), set by
    /// a command before it waits: a wait that ends without a final status (Ctrl+C, --timeout) prints it.
    /// </summary>
    internal Func<string, string>? Follow { get; set; }

    /// <summary>Whether the command runs against the offline fake (which ends with the run).</summary>
    internal bool Offline { get; set; }

    /// <summary>The --journal directory given on the command line (full path), or null for the default.</summary>
    internal string? JournalGiven { get; set; }

    /// <summary>The id of the upload the command made or follows, once known (an interruption before its wait still prints it).</summary>
    internal string? KnownId { get; set; }

    /// <summary>The last status the command saw (the create's answer, each state a wait read), for a wait that ends early before its first read.</summary>
    internal string? LastStatus { get; set; }

    /// <summary>The operation key of the command being run, when it has one (a wait that ends early names <c>resume KEY</c>).</summary>
    internal string? OperationKey { get; set; }
}

/// <summary>One command's configured SDK: its service provider, and the fake when offline.</summary>
internal sealed class Session : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly UploadClientsHarness? _ownHarness;

    private Session(ServiceProvider services, UploadClientsHarness? harness, UploadClientsHarness? ownHarness, bool json, RunContext context)
    {
        _services = services;
        Harness = harness;
        _ownHarness = ownHarness;
        Json = json;
        Context = context;
    }

    /// <summary>The fake, when the command runs offline.</summary>
    internal UploadClientsHarness? Harness { get; }

    internal bool Json { get; }

    internal RunContext Context { get; }

    internal IOptimalDialClient OptimalDial => _services.GetRequiredService<IOptimalDialClient>();

    internal IOrbitSearchClient OrbitSearch => _services.GetRequiredService<IOrbitSearchClient>();

    internal ITalkdeskClient Talkdesk => _services.GetRequiredService<ITalkdeskClient>();

    internal IProviderDriftCheck DriftCheck => _services.GetRequiredService<IProviderDriftCheck>();

    internal IConfiguration Configuration => _services.GetRequiredService<IConfiguration>();

    /// <summary>The options as configured (polling settings for waits).</summary>
    internal UploadClientsOptions Options => _services.GetRequiredService<IOptions<UploadClientsOptions>>().Value;

    /// <summary>
    /// Reads configuration as .NET tools do (a --config file, user secrets, then environment variables
    /// such as <c>UPLOADCLIENTS__OPTIMALDIAL__APIKEY</c>, which win) and registers the SDK; offline, every
    /// provider points at the fake with its credentials and short polling delays.
    /// </summary>
    internal static Session Start(Globals globals, ParseResult parse)
    {
        var builder = new ConfigurationBuilder();
        if (parse.GetValue(globals.Config) is { } file)
        {
            builder.AddJsonFile(file.FullName, optional: false);
        }

        var configuration = builder
            .AddUserSecrets(typeof(Cli).Assembly, optional: true)
            .AddEnvironmentVariables()
            .Build();
        var offline = parse.GetValue(globals.Offline);
        var given = globals.Context.Harness;
        var own = offline && given is null ? UploadClientsHarness.Start() : null;
        var harness = offline ? given ?? own : null;
        var timeout = parse.GetValue(globals.Timeout);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddUploadClients(configuration);
        if (globals.Context.TimeProvider is { } time)
        {
            services.AddSingleton(time);
        }

        if (parse.Tokens.Any(t => t.Value == "--operation-key"))
        {
            // Only a command with an operation key touches the journal (and creates its directory).
            services.AddUploadJournal(globals.JournalDirectory(parse));
        }

        services.PostConfigure<UploadClientsOptions>(o =>
        {
            foreach (var provider in new UploadProviderOptions[] { o.OptimalDial, o.OrbitSearch, o.Talkdesk })
            {
                if (harness is not null)
                {
                    provider.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1), Timeout = provider.Polling.Timeout };
                }

                if (timeout is { } t)
                {
                    provider.Polling.Timeout = t;
                }
            }

            harness?.Configure(o);
            if (harness is not null && parse.CommandResult.Command.Name == "doctor")
            {
                // The offline check reads Talkdesk's token too, as a live one with client credentials does.
                harness.ConfigureClientCredentials(o.Talkdesk);
            }
        });
        return new Session(services.BuildServiceProvider(), harness, own, parse.GetValue(globals.Json), globals.Context);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        _ownHarness?.Dispose();
    }
}

/// <summary>Durations as operators write them: <c>5s</c>, <c>10m</c>, <c>1h</c>, <c>500ms</c>, or <c>00:10:00</c>.</summary>
internal static class Durations
{
    /// <summary>An option that takes a duration, and says which forms it takes when it cannot read one.</summary>
    internal static Option<TimeSpan?> Option(string name, string description, bool recursive = false) => new(name)
    {
        Description = description,
        Recursive = recursive,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a duration: write it as 90s, 10m, 2h, 500ms or 00:10:00 (positive).");
            return null;
        },
    };

    internal static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        var units = new (string Suffix, Func<double, TimeSpan> Make)[] { ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours) };
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && !(suffix == "s" && text.EndsWith("ms", StringComparison.OrdinalIgnoreCase)))
            {
                value = make(number);
                return value > TimeSpan.Zero;
            }
        }

        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
    }
}
