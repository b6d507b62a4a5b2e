using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients;

/// <summary>
/// The drift check of one account (see <see cref="IProviderDriftCheck"/>): reads that charge and change
/// nothing, sent through each client's own pipeline, each answer held against its documented shape.
/// </summary>
internal sealed class ProviderDriftCheck : IProviderDriftCheck
{
    private readonly Func<UploadClientsOptions> _options;
    private readonly Func<UploadProvider, HttpClient> _pipeline;
    private readonly Func<HttpClient> _tokenPipeline;

    /// <param name="options">The account's options, read when a check starts.</param>
    /// <param name="pipeline">A provider's API pipeline (its credentials, retries of reads, timeouts): the client's own.</param>
    /// <param name="tokenPipeline">The pipeline without credentials that Talkdesk's token requests go through.</param>
    internal ProviderDriftCheck(Func<UploadClientsOptions> options, Func<UploadProvider, HttpClient> pipeline, Func<HttpClient> tokenPipeline)
    {
        _options = options;
        _pipeline = pipeline;
        _tokenPipeline = tokenPipeline;
    }

    /// <inheritdoc />
    public async Task<ProviderDriftReport> CheckAsync(ProviderDriftCheckOptions? options = null, CancellationToken cancellationToken = default)
    {
        var all = _options();
        var named = options?.Providers.Distinct().ToList() ?? [];
        var problems = new List<string>();
        var notChecked = new List<ProviderEndpointCheck>();
        var providers = new List<UploadProvider>();
        foreach (var provider in named.Count > 0 ? named : [UploadProvider.OptimalDial, UploadProvider.OrbitSearch, UploadProvider.Talkdesk])
        {
            var settings = OptionsOf(all, provider);
            if (!settings.HasCredentials)
            {
                if (named.Count > 0)
                {
                    problems.Add($"{settings.ProviderName} has no credentials to check with: set {string.Join(" or ", settings.CredentialTexts.Select(c => settings.ConfigurationKey + ":" + c.Setting))}.");
                }

                continue;
            }

            if (provider == UploadProvider.OrbitSearch && (options?.OrbitSearchOrganizationId is null || options.OrbitSearchDirectoryId is null))
            {
                const string Needs = "OrbitSearch is checked by reading a directory's readiness (its only read that needs no source): give its organization and directory (ProviderDriftCheckOptions.OrbitSearchOrganizationId and OrbitSearchDirectoryId; with the tool, `doctor --org ID --directory ID`).";
                if (named.Count > 0)
                {
                    problems.Add(Needs);
                }
                else
                {
                    // Not named: the others are checked, and the report says why this one was not.
                    notChecked.Add(new ProviderEndpointCheck
                    {
                        Provider = provider,
                        Endpoint = ReadinessEndpoint,
                        Checked = "nothing: no organization and directory were given",
                        Outcome = ProviderCheckOutcome.NotChecked,
                        Message = Needs,
                    });
                }

                continue;
            }

            // Every setting is checked before anything is called (an http token endpoint, a zero timeout):
            // a read is never sent with options the clients themselves would refuse.
            problems.AddRange(settings.Validate());

            providers.Add(provider);
        }

        if (providers.Count == 0 && problems.Count == 0 && notChecked.Count > 0)
        {
            problems.AddRange(notChecked.Select(c => c.Message!)); // OrbitSearch alone, without a directory: nothing to check
        }
        else if (providers.Count == 0 && problems.Count == 0)
        {
            problems.Add("No provider has credentials configured to check with (UploadClients:OptimalDial:ApiKey, UploadClients:OrbitSearch:AccessToken, UploadClients:Talkdesk:ClientId and ClientSecret or AccessToken; as environment variables UPLOADCLIENTS__OPTIMALDIAL__APIKEY and so on): there is nothing to check.");
        }

        if (problems.Count > 0)
        {
            throw new UploadValidationException(problems, "Nothing was called");
        }

        var checks = new List<ProviderEndpointCheck>();
        foreach (var provider in new[] { UploadProvider.OptimalDial, UploadProvider.OrbitSearch, UploadProvider.Talkdesk })
        {
            cancellationToken.ThrowIfCancellationRequested();
            checks.AddRange(notChecked.Where(c => c.Provider == provider));
            if (!providers.Contains(provider))
            {
                continue;
            }

            switch (provider)
            {
                case UploadProvider.OptimalDial:
                    await CheckOptimalDialAsync(all.OptimalDial, checks, cancellationToken).ConfigureAwait(false);
                    break;
                case UploadProvider.OrbitSearch:
                    await CheckOrbitSearchAsync(all.OrbitSearch, options!.OrbitSearchOrganizationId!.Value, options.OrbitSearchDirectoryId!.Value, checks, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await CheckTalkdeskAsync(all.Talkdesk, checks, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        return new ProviderDriftReport(checks);
    }

    private const string ReadinessEndpoint = "GET /v2/organizations/{organizationId}/directories/{directoryId}/readiness";

    private static UploadProviderOptions OptionsOf(UploadClientsOptions all, UploadProvider provider) => provider switch
    {
        UploadProvider.OptimalDial => all.OptimalDial,
        UploadProvider.OrbitSearch => all.OrbitSearch,
        _ => all.Talkdesk,
    };

    private async Task CheckOptimalDialAsync(OptimalDialOptions options, List<ProviderEndpointCheck> checks, CancellationToken cancellationToken)
    {
        var api = _pipeline(UploadProvider.OptimalDial);
        var before = checks.Count;
        var page = await CallAsync(api, options, UploadProvider.OptimalDial, "GET /api/v1/uploads?limit=1", Get(options, "/api/v1/uploads?limit=1"), DocumentedShapes.OptimalDialPage, DocumentedShapes.OptimalDialErrors, checks, cancellationToken).ConfigureAwait(false);
        if (FirstId(page, "data", uuid: true) is { } upload)
        {
            await CallAsync(api, options, UploadProvider.OptimalDial, "GET /api/v1/uploads/{upload_id}", Get(options, "/api/v1/uploads/" + Uri.EscapeDataString(upload)), DocumentedShapes.OptimalDialUpload, DocumentedShapes.OptimalDialErrors, checks, cancellationToken).ConfigureAwait(false);
        }

        if (RefusedSince(checks, before))
        {
            return; // the credential was refused: another read would only repeat it
        }

        var hooks = await CallAsync(api, options, UploadProvider.OptimalDial, "GET /api/v1/webhooks", Get(options, "/api/v1/webhooks"), DocumentedShapes.OptimalDialWebhookEndpoints, DocumentedShapes.OptimalDialErrors, checks, cancellationToken).ConfigureAwait(false);
        if (FirstId(hooks, null, uuid: true) is { } hook)
        {
            await CallAsync(api, options, UploadProvider.OptimalDial, "GET /api/v1/webhooks/{webhook_id}/deliveries", Get(options, "/api/v1/webhooks/" + Uri.EscapeDataString(hook) + "/deliveries"), DocumentedShapes.OptimalDialWebhookDeliveries, DocumentedShapes.OptimalDialErrors, checks, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CheckOrbitSearchAsync(OrbitSearchOptions options, Guid organization, Guid directory, List<ProviderEndpointCheck> checks, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v2/organizations/{organization:D}/directories/{directory:D}/readiness");
        await CallAsync(_pipeline(UploadProvider.OrbitSearch), options, UploadProvider.OrbitSearch, ReadinessEndpoint, Get(options, path), null, [DocumentedShapes.OrbitSearchError], checks, cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckTalkdeskAsync(TalkdeskOptions options, List<ProviderEndpointCheck> checks, CancellationToken cancellationToken)
    {
        if (options.UsesClientCredentials)
        {
            var token = await CallAsync(_tokenPipeline(), options, UploadProvider.Talkdesk, "POST /oauth/token", TalkdeskOAuthTokenProvider.TokenRequest(options), DocumentedShapes.TalkdeskToken, [DocumentedShapes.TalkdeskTokenError], checks, cancellationToken, isToken: true).ConfigureAwait(false);
            if (token is null)
            {
                return; // refused or failed: the API calls would only repeat it
            }
        }

        var api = _pipeline(UploadProvider.Talkdesk);
        var before = checks.Count;
        var page = await CallAsync(api, options, UploadProvider.Talkdesk, "GET /record-lists?page=1&per_page=1", Get(options, "/record-lists?page=1&per_page=1"), DocumentedShapes.TalkdeskRecordListPage, [DocumentedShapes.TalkdeskError], checks, cancellationToken).ConfigureAwait(false);
        if (FirstId(page, "_embedded.record_lists") is { } list)
        {
            await CallAsync(api, options, UploadProvider.Talkdesk, "GET /record-lists/{id}", Get(options, "/record-lists/" + Uri.EscapeDataString(list)), DocumentedShapes.TalkdeskRecordList, [DocumentedShapes.TalkdeskError], checks, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool RefusedSince(List<ProviderEndpointCheck> checks, int from) =>
        checks.Skip(from).Any(c => c.Outcome == ProviderCheckOutcome.Refused && c.StatusCode is 401 or 403);

    private static HttpRequestMessage Get(UploadProviderOptions options, string pathAndQuery) =>
        new(HttpMethod.Get, new Uri(options.BaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/') + pathAndQuery));

    /// <summary>The id of the first item of the array at <paramref name="arrayPath"/> (the root when null), as a string; null when there is none.</summary>
    private static string? FirstId(JsonElement? root, string? arrayPath, bool uuid = false)
    {
        if (root is not { } element)
        {
            return null;
        }

        foreach (var name in arrayPath?.Split('.') ?? [])
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        var text = element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0
            && element[0].ValueKind == JsonValueKind.Object && element[0].TryGetProperty("id", out var id)
            && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? id.ValueKind == JsonValueKind.String ? JsonShape.TryGetString(id) : id.GetRawText()
            : null;

        // An id becomes one path segment: "." and ".." would move the request to another path of the API
        // (with the credential), and an id longer than any the providers print is not followed either.
        return text is { Length: > 0 and <= 200 } and not ("." or "..") && (!uuid || Guid.TryParse(text, out _)) ? text : null;
    }

    /// <summary>
    /// Sends one read, judges its answer and adds the check; returns the body (for the next call's id)
    /// when it was a JSON success, else null.
    /// </summary>
    private static async Task<JsonElement?> CallAsync(
        HttpClient pipeline,
        UploadProviderOptions options,
        UploadProvider provider,
        string endpoint,
        HttpRequestMessage request,
        DocumentedShape? success,
        DocumentedShape[] errors,
        List<ProviderEndpointCheck> checks,
        CancellationToken cancellationToken,
        bool isToken = false)
    {
        var name = options.ProviderName;
        var what = success is null
            ? "status 200 and JSON (the page prints no response body: its fields are not checked)"
            : $"status 200, JSON, the body's shape against the documented example {success.Fixture}";
        HttpResponseMessage response;
        byte[] body;
        try
        {
            using (request)
            {
                // The reads and Talkdesk's token request create nothing: safe to repeat after a transient failure.
                request.Options.Set(UploadResilience.IdempotentRequest, true);
                response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }

            using (response)
            {
                // The pipeline's last step (BoundedResponseHandler) has read the body within its bound already.
                body = response.Content is BufferedContent buffered
                    ? buffered.Body.ToArray()
                    : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return Judge(response, body, options, provider, endpoint, what, success, errors, checks, isToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A refusal on the way (Talkdesk's token fetched by the pipeline) names the credential; a failure
            // says what failed, in the transport's words only (an exception made from an answer could quote it).
            var refused = ex as UploadApiException;
            var key = options.ConfigurationKey;
            var isRefusal = refused is { StatusCode: >= System.Net.HttpStatusCode.BadRequest and < System.Net.HttpStatusCode.InternalServerError };
            checks.Add(new ProviderEndpointCheck
            {
                Provider = provider,
                Endpoint = endpoint,
                Checked = what,
                StatusCode = refused is null ? null : (int)refused.StatusCode,
                Outcome = isRefusal ? ProviderCheckOutcome.Refused : ProviderCheckOutcome.Failed,
                Message = isRefusal
                    ? Refusal(options, (int)refused!.StatusCode, isToken)
                    : ex switch
                    {
                        // The transport's own words can quote what the server sent (an invalid header line): its category only.
                        HttpRequestException http => $"{name}: {endpoint} got no answer ({http.HttpRequestError}{(http.InnerException is System.Net.Sockets.SocketException socket ? ", " + socket.SocketErrorCode : string.Empty)}).",
                        TimeoutException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException => $"{name}: {endpoint} got no answer within {key}:RequestTimeout.",
                        _ => $"{name}: {endpoint} got no usable answer ({ex.GetType().Name}{(refused is null ? string.Empty : ", " + ((int)refused.StatusCode).ToString(CultureInfo.InvariantCulture))}).",
                    },
            });
            return null;
        }
    }

    private static JsonElement? Judge(
        HttpResponseMessage response,
        byte[] body,
        UploadProviderOptions options,
        UploadProvider provider,
        string endpoint,
        string what,
        DocumentedShape? success,
        DocumentedShape[] errors,
        List<ProviderEndpointCheck> checks,
        bool isToken)
    {
        var status = (int)response.StatusCode;
        var findings = new List<DriftFinding>();
        var media = response.Content.Headers.ContentType?.MediaType;
        var isJson = media is not null && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        JsonElement? root = null;
        if (body.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                root = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }

        if (status is >= 200 and < 300)
        {
            if (status != 200)
            {
                findings.Add(new DriftFinding("(status)", DriftFindingKind.Status, "200", status.ToString(CultureInfo.InvariantCulture)));
            }

            if (!isJson)
            {
                findings.Add(new DriftFinding("(content-type)", DriftFindingKind.ContentType, "application/json", MediaOf(media)));
            }

            if (root is not { } json)
            {
                findings.Add(new DriftFinding("$", DriftFindingKind.Type, success is null ? "JSON" : KindOfRoot(success), body.Length == 0 ? "empty" : "not JSON"));
            }
            else if (success is not null)
            {
                findings.AddRange(success.Findings(json).OrderByDescending(f => f.IsDrift).ThenBy(f => f.Path, StringComparer.Ordinal));
                if (success.EmptyLists(json) is { Count: > 0 } empty)
                {
                    what += $" ({string.Join(", ", empty)} empty: no item to check)";
                }
            }

            checks.Add(new ProviderEndpointCheck
            {
                Provider = provider,
                Endpoint = endpoint,
                Checked = what,
                StatusCode = status,
                Outcome = findings.Any(f => f.IsDrift) ? ProviderCheckOutcome.Drift : ProviderCheckOutcome.Conforms,
                Findings = Kept(findings, options, out var omitted),
                OmittedFindings = omitted,
            });
            return findings.Any(f => f.IsDrift && f.Path == "$") ? null : root;
        }

        var refused = status is >= 400 and < 500;
        if (refused && root is { } error && errors.Length > 0)
        {
            // The error envelope is documented too: the closest documented form is the one it is judged by.
            // Its differences are notices: a gateway or a wrong BaseAddress answers in other shapes, and the
            // refusal is what the caller must act on (exit 3, not 6).
            findings.AddRange(errors.Select(e => e.Findings(error, optionalMissing: false)).OrderBy(f => f.Count(x => x.IsDrift)).ThenBy(f => f.Count).First()
                .Select(f => f with { IsDrift = false }));
        }

        if (status == 429 && provider == UploadProvider.OptimalDial && response.Headers.RetryAfter is null)
        {
            findings.Add(new DriftFinding("Retry-After", DriftFindingKind.Header, "present on 429", null) { IsDrift = false });
        }

        if (status == 401 && provider == UploadProvider.OptimalDial && response.Headers.WwwAuthenticate.Count == 0)
        {
            findings.Add(new DriftFinding("WWW-Authenticate", DriftFindingKind.Header, "Bearer on 401", null) { IsDrift = false });
        }

        checks.Add(new ProviderEndpointCheck
        {
            Provider = provider,
            Endpoint = endpoint,
            Checked = what,
            StatusCode = status,
            Outcome = refused ? ProviderCheckOutcome.Refused : ProviderCheckOutcome.Failed,
            Message = refused ? Refusal(options, status, isToken) : $"{options.ProviderName} answered {status} to {endpoint} (after the retries of a read); try again later.",
            Findings = Kept(findings, options, out var omittedOfError),
            OmittedFindings = omittedOfError,
        });
        return null;
    }

    /// <summary>The most a check keeps (drift first): an answer reshaped into a map of thousands of members stays one screen.</summary>
    internal const int MaxFindings = 100;

    /// <summary>
    /// The findings as reported: a path that holds one of the credentials (a member named after the API key)
    /// has it replaced, and at most <see cref="MaxFindings"/> are kept.
    /// </summary>
    private static List<DriftFinding> Kept(List<DriftFinding> findings, UploadProviderOptions options, out int omitted)
    {
        var secrets = options.Secrets.Where(x => !string.IsNullOrEmpty(x)).ToList();
        var kept = findings.Take(MaxFindings)
            .Select(f => secrets.Any(x => f.Path.Contains(x!, StringComparison.Ordinal)) ? f with { Path = Redactor.Redact(f.Path, secrets) } : f)
            .ToList();
        omitted = findings.Count - kept.Count;
        return kept;
    }

    private static string KindOfRoot(DocumentedShape shape) => shape.Shape.Members.ContainsKey("$") ? "array" : "object";

    /// <summary>A media type as printed: its type and subtype only (parameters could carry anything).</summary>
    private static string MediaOf(string? media) => media?.ToLowerInvariant() switch
    {
        null => "none",
        "text/html" or "text/plain" or "text/xml" or "application/xml" or "application/octet-stream" or "text/csv" or "application/problem+xml" or "application/x-www-form-urlencoded" => media.ToLowerInvariant(),
        _ => "another media type",
    };

    /// <summary>Which credential or setting a refusal points at, by name (never its value).</summary>
    private static string Refusal(UploadProviderOptions options, int status, bool isToken)
    {
        var key = options.ConfigurationKey;
        var credential = options switch
        {
            OptimalDialOptions => $"the API key ({key}:ApiKey)",
            OrbitSearchOptions o => o.AccessToken is { Length: > 0 } ? $"the access token ({key}:AccessToken)" : "the token provider's token (OrbitSearchOptions.TokenProvider)",
            TalkdeskOptions t when isToken => $"the client credentials ({key}:ClientId and {key}:ClientSecret) at {(t.TokenEndpoint is null ? key + ":AccountName's token endpoint" : key + ":TokenEndpoint")}",
            TalkdeskOptions t => t.UsesClientCredentials ? $"the token issued for {key}:ClientId (its scope must include {t.Scope})" : t.AccessToken is { Length: > 0 } ? $"the access token ({key}:AccessToken)" : "the token provider's token (TalkdeskOptions.TokenProvider)",
            _ => "the credential",
        };
        return status switch
        {
            400 or 401 => $"{options.ProviderName} refused {credential} ({status}): check it is current and belongs to this account.",
            403 => $"{options.ProviderName} refused {credential} ({status}): it is valid but not allowed this read (its scope, subscription or organization).",
            404 => $"{options.ProviderName} answered 404: check {key}:BaseAddress{(options is OrbitSearchOptions ? " and the organization and directory ids" : string.Empty)}.",
            429 => $"{options.ProviderName} is rate-limiting {credential} (429): run the check again later.",
            _ => $"{options.ProviderName} refused the read ({status}).",
        };
    }
}
