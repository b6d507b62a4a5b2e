using System.CommandLine;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients.Cli;

/// <summary><c>uploadclients optimaldial upload|list|get|cancel</c>.</summary>
internal static class OptimalDialCommands
{
    internal static Command Create(Globals globals)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV to upload (at most 100 MB; a header row with the phone column)." };
        var phoneColumn = new Option<string>("--phone-column") { Description = "The header of the phone-number column.", Required = true };
        var skipMobile = new Option<bool>("--skip-mobile-lookup") { Description = "Skip the mobile-carrier lookup." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the upload is completed or failed." };
        var download = new Option<string?>("--download") { Description = "Then download this file: processed or processed-filtered (implies --wait)." };
        download.AcceptOnlyFromAmong("processed", "processed-filtered");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where --download writes (default: <upload id>-<kind>.csv)." };
        var operationKey = ParseValues.OperationKeyOption();
        var resend = new Option<bool>("--resend-if-outcome-unknown") { Description = "With --operation-key: when an earlier run sent the upload but stopped before its answer was recorded and it cannot be found, send it again (it may be charged twice)." };
        var inspect = ParseValues.InspectOption();
        var upload = new Command("upload", "Upload a CSV of phone numbers (credits are charged per valid number).") { file, phoneColumn, skipMobile, wait, download, output, operationKey, resend, inspect };
        upload.SetAction(globals.Action("optimaldial upload", async (session, ct) =>
        {
            var client = session.OptimalDial;
            var path = session.Context.Resolve(upload, file);
            var source = UploadFile.FromPath(path);
            var key = await ParseValues.RememberAsync(session, globals, "optimaldial", upload, operationKey, file, path, ct).ConfigureAwait(false);
            session.Context.Follow = id => globals.Command(session, $"optimaldial get {id} --wait");
            var created = await Output.WithProgressAsync(session, "Uploading " + source.FileName, source.Length, progress => client.CreateUploadAsync(
                new OptimalDialUploadRequest
                {
                    File = source,
                    PhoneColumn = session.Context.Value(upload, phoneColumn)!,
                    SkipMobileLookup = session.Context.Value(upload, skipMobile),
                    Progress = progress,
                    OperationKey = key,
                    ResendIfOutcomeUnknown = session.Context.Value(upload, resend),
                    InspectBeforeSending = session.Context.Value(upload, inspect) ? true : null,
                },
                ct)).ConfigureAwait(false);
            session.Context.LastStatus = Output.Wire(created.Status);
            session.Context.KnownId = created.Id.ToString();
            var kind = session.Context.Value(upload, download);
            if (!session.Context.Value(upload, wait) && kind is null)
            {
                Output.Write(session, Output.Of("upload", created) with { OperationKey = key });
                return Cli.Done;
            }

            if (!session.Json)
            {
                // A rerun of a finished key prints its recorded end, not "waiting…".
                var ended = created.IsTerminal || created.Status == OptimalDialUploadStatus.AwaitingConfirmation;
                session.Context.Output.WriteLine($"optimaldial upload {created.Id}: {Output.Wire(created.Status)}{(ended ? string.Empty : ", waiting…")}");
            }

            var watch = Output.Watch<OptimalDialUpload>(session, session.Options.OptimalDial.Polling, u => Output.Wire(u.Status));
            // With a key, UploadAndWaitAsync records the final status (a rerun then sends nothing); the upload itself was created above, once.
            var final = key is null
                ? await client.WaitForUploadAsync(created.Id, watch, ct).ConfigureAwait(false)
                : await client.UploadAndWaitAsync(new OptimalDialUploadRequest { File = source, PhoneColumn = session.Context.Value(upload, phoneColumn)!, OperationKey = key }, watch, ct).ConfigureAwait(false);
            string? saved = null;
            if (kind is not null && final.Status == OptimalDialUploadStatus.Completed)
            {
                saved = session.Context.Value(upload, output)?.FullName ?? Path.GetFullPath($"{final.Id}-{kind}.csv");
                var destination = new FileStream(saved, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (destination.ConfigureAwait(false))
                {
                    await client.DownloadAsync(final.Id, kind == "processed" ? OptimalDialFileKind.Processed : OptimalDialFileKind.ProcessedFiltered, destination, cancellationToken: ct).ConfigureAwait(false);
                }
            }

            Output.Write(session, Output.Of("upload", final) with { Output = saved, OperationKey = key });
            return final.Status == OptimalDialUploadStatus.Failed ? Cli.Refused : Cli.Done;
        }));

        var max = new Option<int>("--max") { Description = "At most this many uploads, newest first.", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "List your uploads, newest first.") { max };
        list.SetAction(globals.Action("optimaldial list", async (session, ct) =>
        {
            var count = 0;
            var limit = session.Context.Value(list, max);
            await foreach (var each in session.OptimalDial.ListUploadsAsync(Math.Clamp(limit, 1, 100), ct).ConfigureAwait(false))
            {
                if (count++ >= limit)
                {
                    break;
                }

                Output.Write(session, Output.Of("list", each));
            }

            return Cli.Done;
        }));

        var id = new Argument<Guid>("upload-id") { Description = "The upload's id." };
        var getWait = new Option<bool>("--wait") { Description = "Wait until the upload is completed or failed." };
        var get = new Command("get", "Show an upload (and wait for it with --wait).") { id, getWait };
        get.SetAction(globals.Action("optimaldial get", async (session, ct) =>
        {
            var uploadId = session.Context.Value(get, id);
            session.Context.Follow = each => globals.Command(session, $"optimaldial get {each} --wait");
            var upload = session.Context.Value(get, getWait)
                ? await session.OptimalDial.WaitForUploadAsync(uploadId, Output.Watch<OptimalDialUpload>(session, session.Options.OptimalDial.Polling, u => Output.Wire(u.Status)), ct).ConfigureAwait(false)
                : await session.OptimalDial.GetUploadAsync(uploadId, ct).ConfigureAwait(false);
            Output.Write(session, Output.Of("get", upload));
            return Cli.Done;
        }));

        var cancelId = new Argument<Guid>("upload-id") { Description = "The upload's id." };
        var cancel = new Command("cancel", "Cancel an upload before processing starts (its credits are refunded).") { cancelId };
        cancel.SetAction(globals.Action("optimaldial cancel", async (session, ct) =>
        {
            var uploadId = session.Context.Value(cancel, cancelId);
            var result = await session.OptimalDial.CancelUploadAsync(uploadId, ct).ConfigureAwait(false);
            Output.Write(session, new CliResult { Provider = "optimaldial", Command = "cancel", Id = uploadId.ToString(), Status = result.Status, CreditsRefunded = result.CreditsRefunded });
            return Cli.Done;
        }));

        var check = CheckCommand.Create(globals, "optimaldial", CsvInspectionRules.OptimalDial, "Inspect a CSV offline: valid US/Canadian numbers, estimated credits, the 100-number minimum, problem rows. Nothing is sent.");
        return new Command("optimaldial", "OptimalDial: phone-number list uploads.") { upload, list, get, cancel, check };
    }
}

/// <summary><c>uploadclients orbitsearch upload</c>.</summary>
internal static class OrbitSearchCommands
{
    internal static Command Create(Globals globals)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV to add as a source." };
        var org = new Option<Guid?>("--org") { Description = "The organization's id (offline: the fake's)." };
        var directory = new Option<Guid?>("--directory") { Description = "The directory's id (offline: the fake's)." };
        var key = new Option<string?>("--key") { Description = "An idempotency key; one is made when omitted. Reuse it to retry the same upload safely." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the source is completed or failed." };
        var operationKey = ParseValues.OperationKeyOption();
        var inspect = ParseValues.InspectOption();
        var upload = new Command("upload", "Add a CSV to a directory as a new source (idempotent with --key).") { file, org, directory, key, wait, operationKey, inspect };
        upload.SetAction(globals.Action("orbitsearch upload", async (session, ct) =>
        {
            var organizationId = session.Context.Value(upload, org) ?? session.Harness?.OrbitSearch.DefaultOrganizationId
                ?? throw new ArgumentException("--org is required (the organization's id).");
            var directoryId = session.Context.Value(upload, directory) ?? session.Harness?.OrbitSearch.DefaultDirectoryId
                ?? throw new ArgumentException("--directory is required (the directory's id).");
            var path = session.Context.Resolve(upload, file);
            var csv = UploadFile.FromPath(path);
            var operation = await ParseValues.RememberAsync(session, globals, "orbitsearch", upload, operationKey, file, path, ct).ConfigureAwait(false);
            session.Context.Follow = id => globals.Command(session, $"orbitsearch get {id} --org {organizationId} --directory {directoryId} --wait");
            OrbitSearchCsvUploadRequest Request(IProgress<UploadProgress>? progress) => new()
            {
                OrganizationId = organizationId,
                DirectoryId = directoryId,
                File = csv,
                IdempotencyKey = session.Context.Value(upload, key),
                Progress = progress,
                OperationKey = operation,
                InspectBeforeSending = session.Context.Value(upload, inspect) ? true : null,
            };
            var watch = Output.Watch<OrbitSearchSource>(session, session.Options.OrbitSearch.Polling, s => Output.Wire(s.SourceStatus));
            OrbitSearchSource source;
            string? idempotencyKey = null;
            if (operation is not null && session.Context.Value(upload, wait))
            {
                // One call: it records the final status, so a rerun returns it and sends nothing.
                source = await Output.WithProgressAsync(session, "Uploading " + csv.FileName, csv.Length, progress => session.OrbitSearch.UploadAndWaitAsync(Request(progress), watch, ct)).ConfigureAwait(false);
            }
            else
            {
                var result = await Output.WithProgressAsync(session, "Uploading " + csv.FileName, csv.Length, progress => session.OrbitSearch.UploadCsvAsync(Request(progress), ct)).ConfigureAwait(false);
                idempotencyKey = result.IdempotencyKey;
                session.Context.KnownId = result.SourceId;
                session.Context.LastStatus = Output.Wire(result.SourceStatus);
                source = new OrbitSearchSource { SourceId = result.SourceId, DirectoryId = result.DirectoryId, SourceStatus = result.SourceStatus, Accepted = result.Accepted, Failed = result.Failed, Warnings = result.Warnings };
                if (session.Context.Value(upload, wait))
                {
                    source = await session.OrbitSearch.WaitForSourceAsync(organizationId, directoryId, result.SourceId, watch, ct).ConfigureAwait(false);
                }
            }

            Output.Write(session, Output.Of("upload", source) with { IdempotencyKey = idempotencyKey, OperationKey = operation });
            return source.SourceStatus == OrbitSearchSourceStatus.Failed ? Cli.Refused : Cli.Done;
        }));

        var sourceId = new Argument<string>("source-id") { Description = "The source's id." };
        var getOrg = new Option<Guid?>("--org") { Description = "The organization's id (offline: the fake's)." };
        var getDirectory = new Option<Guid?>("--directory") { Description = "The directory's id (offline: the fake's)." };
        var getWait = new Option<bool>("--wait") { Description = "Wait until the source is completed or failed." };
        var get = new Command("get", "Show a source's status (and wait for it with --wait).") { sourceId, getOrg, getDirectory, getWait };
        get.SetAction(globals.Action("orbitsearch get", async (session, ct) =>
        {
            var organizationId = session.Context.Value(get, getOrg) ?? session.Harness?.OrbitSearch.DefaultOrganizationId
                ?? throw new ArgumentException("--org is required (the organization's id).");
            var directoryId = session.Context.Value(get, getDirectory) ?? session.Harness?.OrbitSearch.DefaultDirectoryId
                ?? throw new ArgumentException("--directory is required (the directory's id).");
            var id = session.Context.Value(get, sourceId)!;
            session.Context.Follow = each => globals.Command(session, $"orbitsearch get {each} --org {organizationId} --directory {directoryId} --wait");
            var source = session.Context.Value(get, getWait)
                ? await session.OrbitSearch.WaitForSourceAsync(organizationId, directoryId, id, Output.Watch<OrbitSearchSource>(session, session.Options.OrbitSearch.Polling, s => Output.Wire(s.SourceStatus)), ct).ConfigureAwait(false)
                : await session.OrbitSearch.GetSourceAsync(organizationId, directoryId, id, ct).ConfigureAwait(false);
            Output.Write(session, Output.Of("get", source));
            return source.SourceStatus == OrbitSearchSourceStatus.Failed ? Cli.Refused : Cli.Done;
        }));

        var check = CheckCommand.Create(globals, "orbitsearch", CsvInspectionRules.OrbitSearch, "Inspect a CSV offline: rows, header, rows with the wrong number of fields. Nothing is sent.");
        return new Command("orbitsearch", "OrbitSearch: directory sources from CSV.") { upload, get, check };
    }
}

/// <summary><c>uploadclients talkdesk upload|create-list</c>.</summary>
internal static class TalkdeskCommands
{
    internal static Command Create(Globals globals)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV (at most 20,000 bytes, a name of at most 35 characters)." };
        var recordList = new Option<string?>("--record-list") { Description = "The record list's id (offline: the fake's)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until validation ends (ACCEPTED, or a failure status)." };
        var operationKey = ParseValues.OperationKeyOption(" It implies --wait: each step, validation included, is recorded.");
        var inspect = ParseValues.InspectOption();
        var upload = new Command("upload", "Upload a CSV to a record list: upload request, PUT to the signed URL, start validation.") { file, recordList, wait, operationKey, inspect };
        upload.SetAction(globals.Action("talkdesk upload", async (session, ct) =>
        {
            var listId = session.Context.Value(upload, recordList) ?? session.Harness?.Talkdesk.DefaultRecordListId
                ?? throw new ArgumentException("--record-list is required (the record list's id).");
            var path = session.Context.Resolve(upload, file);
            var key = await ParseValues.RememberAsync(session, globals, "talkdesk", upload, operationKey, file, path, ct).ConfigureAwait(false);
            session.Context.Follow = id => globals.Command(session, $"talkdesk get {id} --record-list {listId} --wait");
            var request = new TalkdeskCreateUploadRequest { File = UploadFile.FromPath(path), OperationKey = key, InspectBeforeSending = session.Context.Value(upload, inspect) ? true : null };
            TalkdeskUploadRequest final;
            if (session.Context.Value(upload, wait) || key is not null)
            {
                final = await session.Talkdesk.UploadAndWaitAsync(listId, request, Output.Watch<TalkdeskUploadRequest>(session, session.Options.Talkdesk.Polling, r => Output.Wire(r.Status)), ct).ConfigureAwait(false);
            }
            else
            {
                var created = await session.Talkdesk.CreateUploadRequestAsync(listId, request, ct).ConfigureAwait(false);
                await session.Talkdesk.UploadToSignedUrlAsync(created, request.File, cancellationToken: ct).ConfigureAwait(false);
                final = await session.Talkdesk.StartValidationAsync(listId, created.Id, ct).ConfigureAwait(false);
            }

            Output.Write(session, Output.Of("upload", final) with { OperationKey = key });
            return final.Status is null || final.Status == TalkdeskStatus.Accepted || final.Status == TalkdeskStatus.Uploaded || final.Status == TalkdeskStatus.ValidationStarted ? Cli.Done : Cli.Refused;
        }));

        var listFile = new Argument<FileInfo>("file") { Description = "The CSV of the new list." };
        var name = new Option<string>("--name") { Description = "The new list's name (1 to 120 characters).", Required = true };
        var listKey = ParseValues.OperationKeyOption();
        var listInspect = ParseValues.InspectOption();
        var createList = new Command("create-list", "Create a record list from a CSV and wait until it is validated.") { listFile, name, listKey, listInspect };
        createList.SetAction(globals.Action("talkdesk create-list", async (session, ct) =>
        {
            var path = session.Context.Resolve(createList, listFile);
            var key = await ParseValues.RememberAsync(session, globals, "talkdesk", createList, listKey, listFile, path, ct).ConfigureAwait(false);
            session.Context.Follow = id => globals.Command(session, $"talkdesk get-list {id} --wait");
            var list = await session.Talkdesk.CreateRecordListAsync(
                new TalkdeskCreateRecordListRequest { Name = session.Context.Value(createList, name)!, File = UploadFile.FromPath(path), OperationKey = key, InspectBeforeSending = session.Context.Value(createList, listInspect) ? true : null },
                Output.Watch<TalkdeskRecordList>(session, session.Options.Talkdesk.Polling, l => Output.Wire(l.Status)),
                ct).ConfigureAwait(false);
            Output.Write(session, Output.Of("create-list", list) with { OperationKey = key });
            return list.Status == TalkdeskStatus.Accepted ? Cli.Done : Cli.Refused;
        }));

        var uploadRequestId = new Argument<string>("upload-request-id") { Description = "The upload request's id." };
        var getList = new Option<string?>("--record-list") { Description = "The record list's id (offline: the fake's)." };
        var getWait = new Option<bool>("--wait") { Description = "Wait until validation ends (ACCEPTED, or a failure status)." };
        var get = new Command("get", "Show an upload request's status (and wait for it with --wait).") { uploadRequestId, getList, getWait };
        get.SetAction(globals.Action("talkdesk get", async (session, ct) =>
        {
            var listId = session.Context.Value(get, getList) ?? session.Harness?.Talkdesk.DefaultRecordListId
                ?? throw new ArgumentException("--record-list is required (the record list's id).");
            var id = session.Context.Value(get, uploadRequestId)!;
            session.Context.Follow = each => globals.Command(session, $"talkdesk get {each} --record-list {listId} --wait");
            var request = session.Context.Value(get, getWait)
                ? await session.Talkdesk.WaitForUploadRequestAsync(listId, id, Output.Watch<TalkdeskUploadRequest>(session, session.Options.Talkdesk.Polling, r => Output.Wire(r.Status)), ct).ConfigureAwait(false)
                : await session.Talkdesk.GetUploadRequestAsync(listId, id, ct).ConfigureAwait(false);
            Output.Write(session, Output.Of("get", request));
            return request.Status == TalkdeskStatus.Rejected || request.Status == TalkdeskStatus.Incomplete || request.Status == TalkdeskStatus.Corrupted ? Cli.Refused : Cli.Done;
        }));

        var recordListId = new Argument<string>("record-list-id") { Description = "The record list's id." };
        var getListWait = new Option<bool>("--wait") { Description = "Wait until validation ends (ACCEPTED, or a failure status)." };
        var getRecordList = new Command("get-list", "Show a record list's status (and wait for it with --wait).") { recordListId, getListWait };
        getRecordList.SetAction(globals.Action("talkdesk get-list", async (session, ct) =>
        {
            var id = session.Context.Value(getRecordList, recordListId)!;
            session.Context.Follow = each => globals.Command(session, $"talkdesk get-list {each} --wait");
            var list = session.Context.Value(getRecordList, getListWait)
                ? await session.Talkdesk.WaitForRecordListAsync(id, Output.Watch<TalkdeskRecordList>(session, session.Options.Talkdesk.Polling, l => Output.Wire(l.Status)), ct).ConfigureAwait(false)
                : await session.Talkdesk.GetRecordListAsync(id, ct).ConfigureAwait(false);
            Output.Write(session, Output.Of("get-list", list));
            return list.Status == TalkdeskStatus.Rejected || list.Status == TalkdeskStatus.Incomplete || list.Status == TalkdeskStatus.Corrupted ? Cli.Refused : Cli.Done;
        }));

        var check = CheckCommand.Create(globals, "talkdesk", CsvInspectionRules.Talkdesk, "Inspect a CSV offline against Talkdesk's record rules: 250,000 records, names of at most 80 characters, E.164 phones, a phone per record. Nothing is sent.");
        return new Command("talkdesk", "Talkdesk: record lists from CSV.") { upload, createList, get, getRecordList, check };
    }
}

/// <summary><c>uploadclients webhooks verify</c>.</summary>
internal static class WebhookCommands
{
    internal static Command Create(Globals globals)
    {
        var body = new Option<FileInfo>("--body") { Description = "The saved request body, byte for byte.", Required = true };
        var signature = new Option<string>("--signature") { Description = "The X-OptimalDial-Signature header's value.", Required = true };
        var secret = new Option<string?>("--secret") { Description = "The endpoint's signing secret (or UploadClients:OptimalDial:WebhookSecret in configuration)." };
        var tolerance = Durations.Option("--tolerance", "How old a signature may be (default 5 minutes; raise it to check a saved delivery later): 10m, 2h, 00:10:00.");
        var verify = new Command("verify", "Check a saved OptimalDial webhook delivery's signature and print its event.") { body, signature, secret, tolerance };
        verify.SetAction(globals.Action("webhooks verify", (session, ct) =>
        {
            var key = session.Context.Value(verify, secret) ?? session.Configuration["UploadClients:OptimalDial:WebhookSecret"]
                ?? session.Harness?.OptimalDial.Webhooks.Secret
                ?? throw new ArgumentException("--secret is required (the endpoint's signing secret), or set UploadClients:OptimalDial:WebhookSecret.");
            var bytes = File.ReadAllBytes(session.Context.Resolve(verify, body));
            var verifier = new OptimalDialWebhookVerifier(key, session.Context.TimeProvider, session.Context.Value(verify, tolerance));
            var received = verifier.Verify(bytes, session.Context.Value(verify, signature)!);
            var upload = received.Data.Upload;
            Output.Write(session, new CliResult
            {
                Provider = "webhooks",
                Command = "verify",
                Id = received.Id,
                EventType = received.Type,
                Status = upload is null ? "verified" : Output.Wire(upload.Status),
                FileName = upload?.OriginalFilename,
                ValidRows = upload?.ValidRowCount,
                InvalidRows = upload?.InvalidRowCount,
                ErrorMessage = received.Data.ErrorMessage,
            });
            return Task.FromResult(Cli.Done);
        }));

        return new Command("webhooks", "OptimalDial webhook deliveries.") { verify };
    }
}

/// <summary>Reading values of the command being run.</summary>
internal static class ParseValues
{
    /// <summary>The <c>--inspect</c> option of an upload command.</summary>
    internal static Option<bool> InspectOption() => new("--inspect")
    {
        Description = "Inspect the whole file offline before sending it, as `check` does (it costs one more pass over the file), and send nothing if the provider is documented to refuse it (exit 2).",
    };

    /// <summary>The <c>--operation-key</c> option of an upload command.</summary>
    internal static Option<string?> OperationKeyOption(string more = "") => new("--operation-key")
    {
        Description = "A name for this upload (\"crm-export 2026-12-01\") that makes it exactly-once across restarts: each step is recorded in the --journal, " +
            "and running the same command again (or `resume KEY`) resumes it, or prints its recorded result, and never pays twice." + more,
    };

    /// <summary>With an operation key, records the command line for <c>resume</c> (under the key's lock) and returns the key; otherwise null.</summary>
    internal static async Task<string?> RememberAsync(Session session, Globals globals, string provider, Command command, Option<string?> operationKey, Argument<FileInfo> file, string fullPath, CancellationToken cancellationToken)
    {
        if (session.Context.Value(command, operationKey) is not { } key)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("--operation-key is empty.");
        }

        var tokens = session.Context.Parse!.GetResult(file)?.Tokens;
        var token = tokens is { Count: > 0 } ? tokens[0].Value : null;
        session.Context.OperationKey = key;
        await ResumeCommand.RememberAsync(session, globals, provider, key, token ?? fullPath, fullPath, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>The parsed value of an option or argument of <paramref name="command"/>.</summary>
    internal static T? Value<T>(this RunContext context, Command command, Option<T> option) => context.Parse!.GetValue(option);

    /// <inheritdoc cref="Value{T}(RunContext, Command, Option{T})"/>
    internal static T? Value<T>(this RunContext context, Command command, Argument<T> argument) => context.Parse!.GetValue(argument);

    /// <summary>A file argument's full path; a missing file is invalid input (exit code 2).</summary>
    internal static string Resolve(this RunContext context, Command command, Argument<FileInfo> argument) => Existing(context.Parse!.GetValue(argument));

    /// <inheritdoc cref="Resolve(RunContext, Command, Argument{FileInfo})"/>
    internal static string Resolve(this RunContext context, Command command, Option<FileInfo> option) => Existing(context.Parse!.GetValue(option));

    private static string Existing(FileInfo? file) =>
        file is { Exists: true } ? file.FullName : throw new FileNotFoundException($"No file at '{file?.FullName}'.", file?.FullName);
}
