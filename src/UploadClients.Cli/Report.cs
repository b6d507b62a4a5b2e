using System.Globalization;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients.Cli;

/// <summary>Exit codes for outcomes, and their report.</summary>
internal static class Report
{
    internal static int Failure(RunContext context, bool json, string command, Exception ex, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case UploadWaitCanceledException waiting:
                // Only the wait stopped: the upload goes on at the provider (charged, for OptimalDial). Never "cancelled".
                Stopped(context, json, command, Cli.Cancelled, "interrupted", waiting.Id, StatusOf(waiting.LastState) ?? context.LastStatus, "the wait was interrupted (Ctrl+C or SIGTERM)");
                return Cli.Cancelled;
            case OperationCanceledException when cancellationToken.IsCancellationRequested && command == "doctor":
                Problems(context, json, command, Cli.Cancelled, "interrupted", "Interrupted (Ctrl+C or SIGTERM): the check stopped. It only reads: nothing was changed or charged.", []);
                return Cli.Cancelled;
            case OperationCanceledException when cancellationToken.IsCancellationRequested && context.KnownId is { } known:
                Stopped(context, json, command, Cli.Cancelled, "interrupted", known, context.LastStatus, "the command was interrupted (Ctrl+C or SIGTERM)");
                return Cli.Cancelled;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                Problems(
                    context,
                    json,
                    command,
                    Cli.Cancelled,
                    "interrupted",
                    context.Offline
                        ? "Interrupted (Ctrl+C or SIGTERM) before an upload's id was known. Offline: nothing reached a provider."
                        : "Interrupted (Ctrl+C or SIGTERM) before an upload's id was known: if its request had already left, it may still have reached the provider. " +
                          (context.OperationKey is { } key
                              ? $"Run `uploadclients resume {Quote(key)}{(context.JournalGiven is { } dir ? " --journal " + Quote(dir) : string.Empty)}` to find out what it did (it never pays twice)."
                              : "Check the provider's app before sending the file again."),
                    []);
                return Cli.Cancelled;
            case UploadOperationElsewhereException elsewhere:
                Problems(context, json, command, Cli.Invalid, "operation_elsewhere", Elsewhere(context, elsewhere), []);
                return Cli.Invalid;
            case UploadValidationException invalid:
                Problems(context, json, command, Cli.Invalid, "invalid_input", "Nothing was sent: the input has problems.", [.. invalid.Problems]);
                return Cli.Invalid;
            case OptionsValidationException options:
                Problems(context, json, command, Cli.Invalid, "invalid_configuration", "Nothing was sent: the configuration has problems.", [.. options.Failures]);
                return Cli.Invalid;
            case ArgumentException or FileNotFoundException or DirectoryNotFoundException or OptimalDialWebhookSignatureException:
                Problems(context, json, command, Cli.Invalid, "invalid_input", ex.Message, []);
                return Cli.Invalid;
            case UploadOutcomeUnknownException unknown:
                Problems(context, json, command, Cli.OutcomeUnknown, "outcome_unknown", unknown.Message, [.. unknown.Candidates.Select(c => "candidate " + c)]);
                return Cli.OutcomeUnknown;
            case UploadPollingTimeoutException timeout when timeout.Id is { } id:
#pragma warning disable CS0618 // the untyped state: every timeout carries it, whatever its type
                Stopped(context, json, command, Cli.TimedOut, "timed_out", id, StatusOf(timeout.LastObservedState) ?? context.LastStatus, "the wait ran out (--timeout)");
#pragma warning restore CS0618
                return Cli.TimedOut;
            case UploadPollingTimeoutException timeout:
                Problems(context, json, command, Cli.TimedOut, "timed_out", timeout.Message, []);
                return Cli.TimedOut;
            case UploadApiException refused:
                Problems(
                    context,
                    json,
                    command,
                    Cli.Refused,
                    "refused",
                    refused.Message,
                    [.. refused.FieldErrors.Select(f => f.ToString())],
                    ((int)refused.StatusCode).ToString(CultureInfo.InvariantCulture),
                    refused.ErrorCode,
                    refused.RequestId);
                return Cli.Refused;
            case UploadRateLimitRejectedException limited:
                Problems(context, json, command, Cli.Refused, "rate_limited", limited.Message, []);
                return Cli.Refused;
            default:
                Problems(context, json, command, Cli.Failed, ex is UploadClientsException ? "failed" : "error", ex.GetType().Name + ": " + ex.Message, [], requestId: (ex as UploadUnexpectedResponseException)?.RequestId);
                return Cli.Failed;
        }
    }

    /// <summary>
    /// A wait that ended without a final status (interrupted, timed out): the upload goes on, so its id and
    /// last status are printed with the command that follows it (and <c>resume KEY</c> with an operation key).
    /// </summary>
    private static void Stopped(RunContext context, bool json, string command, int exitCode, string kind, string id, string? status, string why)
    {
        var what = command.Split(' ')[0] switch
        {
            "optimaldial" => "upload",
            "orbitsearch" => "source",
            _ when command.EndsWith("create-list", StringComparison.Ordinal) => "record list",
            _ => "upload request",
        };
        string message;
        if (context.Offline)
        {
            message = $"{what} {id} is still {status ?? "in progress"}: {why}. It was the offline fake's, which ends with this run: there is nothing to follow.";
        }
        else
        {
            var follow = context.Follow?.Invoke(id);
            var resume = context.OperationKey is { } key ? $"uploadclients resume {Quote(key)}" + (context.JournalGiven is { } dir ? " --journal " + Quote(dir) : string.Empty) : null;
            message = $"{what} {id} is still {status ?? "in progress"}: {why}, the {what} did not." +
                (follow is null ? string.Empty : $" Follow it with `{follow}`") +
                (resume is null ? (follow is null ? string.Empty : ".") : $"{(follow is null ? " Follow it with" : " or")} `{resume}`.");
        }

        if (json)
        {
            Output.WriteJson(context.Output, new CliError { Command = command, Provider = ProviderOf(command), ExitCode = exitCode, Error = kind, Message = message, Id = id, Status = status, OperationKey = context.OperationKey });
            return;
        }

        context.Error.WriteLine($"{command}: {message}");
        context.Error.WriteLine($"(exit code {exitCode.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>A key recorded elsewhere, in the tool's words: an offline rehearsal's fake is gone; another endpoint or credential proves nothing here.</summary>
    private static string Elsewhere(RunContext context, UploadOperationElsewhereException elsewhere)
    {
        var key = Quote(elsewhere.OperationKey);
        var recordedOffline = elsewhere.RecordedEndpoint?.StartsWith("http://127.", StringComparison.Ordinal) == true || elsewhere.RecordedEndpoint?.StartsWith("http://localhost", StringComparison.Ordinal) == true;
        if (recordedOffline && context.Offline)
        {
            return $"--operation-key {key} was recorded by an earlier --offline run, against its own fake ({elsewhere.RecordedEndpoint}), which ended with that run: " +
                "an offline rehearsal can be neither resumed nor repeated (this run has a new fake, which never saw it). Nothing was sent. Use a new --operation-key to rehearse again.";
        }

        var where = elsewhere.RecordedEndpoint is null
            ? "by an earlier build of the tool, without its endpoint"
            : elsewhere.RecordedEndpoint == elsewhere.Endpoint
                ? $"at {elsewhere.Endpoint} with another credential than this run's"
                : $"against {elsewhere.RecordedEndpoint}{(recordedOffline ? " (an offline fake or a test server)" : string.Empty)}, and this run is against {elsewhere.Endpoint}";
        return $"--operation-key {key} was recorded {where}{(elsewhere.RecordedId is { } id ? $" (its upload: {id})" : string.Empty)}: that record proves nothing here, so it is neither resumed nor taken as done. " +
            "Nothing was read or sent. Use a new --operation-key, or another --journal DIR.";
    }

    /// <summary>A state's status as the provider spells it.</summary>
    private static string? StatusOf(object? state) => state switch
    {
        OptimalDialUpload upload => Output.Wire(upload.Status),
        OrbitSearchSource source => Output.Wire(source.SourceStatus),
        TalkdeskUploadRequest request => Output.Wire(request.Status),
        TalkdeskRecordList list => Output.Wire(list.Status),
        _ => null,
    };

    /// <summary>The provider a command belongs to (<c>optimaldial</c>, …), or null for the tool's own commands.</summary>
    private static string? ProviderOf(string command) => command.Split(' ')[0] is "optimaldial" or "orbitsearch" or "talkdesk" or "webhooks" ? command.Split(' ')[0] : null;

    private static string Quote(string key) => key.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`' or '\\' or '!' or ';' or '&' or '|') ? "'" + key.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : key;

    /// <summary>The SDK's words for its settings, as the tool's flags (an operator types flags, not properties).</summary>
    private static readonly (string Sdk, string Tool)[] ToolWords =
    [
        ("leave it null to let the SDK make one", "leave --key out to have one made"),
        ("IdempotencyKey", "--key"),
        ("ResendIfOutcomeUnknown = true", "--resend-if-outcome-unknown"),
        ("(InspectBeforeSending is on; the report is in Inspection.)", "(--inspect is on; `check FILE` prints the whole report.)"),
        ("WaitForUploadAsync; the tool: uploadclients optimaldial get ID --wait", "uploadclients optimaldial get ID --wait"),
        (" (the tool: --resend-if-outcome-unknown)", string.Empty),
        ("OperationKey", "--operation-key"),
        (", or leave it null", ", or leave --operation-key out"),
    ];

    /// <summary><paramref name="text"/> in the tool's words.</summary>
    internal static string InToolWords(string text)
    {
        foreach (var (sdk, tool) in ToolWords)
        {
            text = text.Replace(sdk, tool, StringComparison.Ordinal);
        }

        return text;
    }

    internal static void Problems(RunContext context, bool json, string command, int exitCode, string kind, string message, IReadOnlyList<string> problems, string? httpStatus = null, string? errorCode = null, string? requestId = null)
    {
        message = InToolWords(message);
        problems = [.. problems.Select(InToolWords)];
        if (json)
        {
            Output.WriteJson(context.Output, new CliError
            {
                Command = command,
                Provider = ProviderOf(command),
                ExitCode = exitCode,
                Error = kind,
                Message = message,
                Problems = problems.Count == 0 ? null : [.. problems],
                HttpStatus = httpStatus is null ? null : int.Parse(httpStatus, CultureInfo.InvariantCulture),
                ErrorCode = errorCode,
                RequestId = requestId,
            });
            return;
        }

        context.Error.WriteLine($"{command}: {message}");
        foreach (var problem in problems)
        {
            context.Error.WriteLine("  - " + problem);
        }

        context.Error.WriteLine($"(exit code {exitCode.ToString(CultureInfo.InvariantCulture)})");
    }
}
