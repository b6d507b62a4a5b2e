using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients.Cli;

/// <summary>One result of a command, as <c>--json</c> prints it: stable snake_case fields, absent when unknown.</summary>
internal sealed record CliResult
{
    /// <summary><c>optimaldial</c>, <c>orbitsearch</c>, <c>talkdesk</c> or <c>webhooks</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The command, e.g. <c>upload</c>.</summary>
    public required string Command { get; init; }

    /// <summary>The upload's, source's, upload request's, list's or event's id.</summary>
    public string? Id { get; init; }

    /// <summary>The status as the provider spells it (<c>completed</c>, <c>ACCEPTED</c>, …).</summary>
    public string? Status { get; init; }

    public string? FileName { get; init; }

    /// <summary>A Talkdesk record list's name.</summary>
    public string? Name { get; init; }

    public string? RecordListId { get; init; }

    public string? DirectoryId { get; init; }

    public long? ValidRows { get; init; }

    public long? InvalidRows { get; init; }

    public long? CreditsCharged { get; init; }

    public long? CreditsRefunded { get; init; }

    public long? Accepted { get; init; }

    public long? Failed { get; init; }

    public long? Records { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>The upload's operation key (<c>--operation-key</c>, <c>resume</c>).</summary>
    public string? OperationKey { get; init; }

    public string? EventType { get; init; }

    /// <summary>Where a downloaded file was written.</summary>
    public string? Output { get; init; }

    public string? ErrorMessage { get; init; }
}

/// <summary>A failed command, as <c>--json</c> prints it.</summary>
internal sealed record CliError
{
    public required string Command { get; init; }

    /// <summary><c>optimaldial</c>, <c>orbitsearch</c>, <c>talkdesk</c> or <c>webhooks</c>, as results have it; absent for the tool's own commands.</summary>
    public string? Provider { get; init; }

    public required int ExitCode { get; init; }

    /// <summary><c>invalid_input</c>, <c>invalid_arguments</c>, <c>invalid_configuration</c>, <c>refused</c>, <c>rate_limited</c>, <c>timed_out</c>, <c>outcome_unknown</c>, <c>interrupted</c>, <c>failed</c> or <c>error</c>.</summary>
    public required string Error { get; init; }

    public required string Message { get; init; }

    /// <summary>The upload's (source's, upload request's, list's) id, when a wait ended without a final status (<c>interrupted</c>, <c>timed_out</c>): it goes on at the provider.</summary>
    public string? Id { get; init; }

    /// <summary>Its last status read, as the provider spells it.</summary>
    public string? Status { get; init; }

    /// <summary>The command's operation key, when it has one.</summary>
    public string? OperationKey { get; init; }

    public string[]? Problems { get; init; }

    public int? HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    /// <summary>The request id the provider or S3 sent with the failed response (X-Request-Id, Request-Id, x-amz-request-id), for their support.</summary>
    public string? RequestId { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CliResult))]
[JsonSerializable(typeof(CliError))]
internal sealed partial class CliJson : JsonSerializerContext;

/// <summary>Writes results: a JSON object per line, or a few lines of text.</summary>
internal static class Output
{
    internal static void WriteJson(TextWriter writer, CliResult result) => writer.WriteLine(JsonSerializer.Serialize(result, CliJson.Default.CliResult));

    internal static void WriteJson(TextWriter writer, CliError error) => writer.WriteLine(JsonSerializer.Serialize(error, CliJson.Default.CliError));

    internal static void Write(Session session, CliResult result)
    {
        if (session.Json)
        {
            WriteJson(session.Context.Output, result);
            return;
        }

        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {value}"));
            }
        }

        Add("file", result.FileName);
        Add("name", result.Name);
        Add("valid rows", result.ValidRows);
        Add("invalid rows", result.InvalidRows);
        Add("credits charged", result.CreditsCharged);
        Add("credits refunded", result.CreditsRefunded);
        Add("accepted", result.Accepted);
        Add("failed", result.Failed);
        Add("records", result.Records);
        Add("idempotency key", result.IdempotencyKey);
        Add("operation key", result.OperationKey);
        Add("saved to", result.Output);
        Add("error", result.ErrorMessage);
        var what = result.EventType ?? result.Command;
        session.Context.Output.WriteLine($"{result.Provider} {what} {result.Id}: {result.Status}{(parts.Count == 0 ? string.Empty : "; " + string.Join(", ", parts))}");
    }

    /// <summary>The configured polling with a status line while waiting (text mode only; --json prints the final result alone).</summary>
    internal static PollingOptions<T> Watch<T>(Session session, PollingOptions configured, Func<T, string?> status)
        where T : class
    {
        string? last = null;
        return configured.WithProgress(new SyncProgress<T>(state =>
        {
            var now = status(state);
            session.Context.LastStatus = now;
            if (!session.Json && now != last)
            {
                session.Context.Output.WriteLine($"  … {now}");
                last = now;
            }
        }));
    }

    internal static CliResult Of(string command, OptimalDialUpload upload) => new()
    {
        Provider = "optimaldial",
        Command = command,
        Id = upload.Id.ToString(),
        Status = Wire(upload.Status),
        FileName = upload.OriginalFilename.Length == 0 ? null : upload.OriginalFilename,
        ValidRows = upload.ValidRowCount,
        InvalidRows = upload.InvalidRowCount,
        CreditsCharged = upload.CreditsCharged,
        ErrorMessage = upload.ErrorMessage,
    };

    internal static CliResult Of(string command, OrbitSearchSource source) => new()
    {
        Provider = "orbitsearch",
        Command = command,
        Id = source.SourceId,
        DirectoryId = source.DirectoryId,
        Status = Wire(source.SourceStatus),
        Accepted = source.Accepted,
        Failed = source.Failed,
    };

    internal static CliResult Of(string command, TalkdeskUploadRequest request) => new()
    {
        Provider = "talkdesk",
        Command = command,
        Id = request.Id,
        RecordListId = request.RecordListId,
        Status = Wire(request.Status),
    };

    internal static CliResult Of(string command, TalkdeskRecordList list) => new()
    {
        Provider = "talkdesk",
        Command = command,
        Id = list.Id,
        Name = list.Name,
        Status = Wire(list.Status),
        Records = list.RecordsCount,
    };

    /// <summary>
    /// Sends a file with a progress bar when the output is an interactive terminal in text mode; otherwise
    /// (redirected, --json, tests) without one.
    /// </summary>
    internal static async Task<T> WithProgressAsync<T>(Session session, string description, long? length, Func<IProgress<UploadProgress>?, Task<T>> send)
    {
        if (session.Json || !ReferenceEquals(session.Context.Output, Console.Out) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await send(null).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, length ?? 1));
                result = await send(new SyncProgress<UploadProgress>(p => bar.Value = p.BytesSent)).ConfigureAwait(false);
                bar.Value = bar.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>A status as the provider spells it (the SDK's statuses keep the provider's text).</summary>
    internal static string Wire(OptimalDialUploadStatus value) => value.ToString();

    /// <inheritdoc cref="Wire(OptimalDialUploadStatus)"/>
    internal static string Wire(OrbitSearchSourceStatus value) => value.ToString();

    /// <inheritdoc cref="Wire(OptimalDialUploadStatus)"/>
    internal static string? Wire(TalkdeskStatus? value) => value?.ToString();

    /// <summary>An enum value as the provider spells it (<c>ProcessedFiltered</c> → <c>processed_filtered</c>).</summary>
    internal static string Wire<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, after the command ended).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
