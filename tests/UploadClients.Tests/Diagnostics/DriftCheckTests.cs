using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Diagnostics;

/// <summary>The drift check (IProviderDriftCheck) against the fake: nothing on the documented shapes, each change found with its kind and path.</summary>
public class The_drift_check
{
    private static ProviderDriftCheckOptions All(UploadClientsHarness harness) => new()
    {
        OrbitSearchOrganizationId = harness.OrbitSearch.DefaultOrganizationId,
        OrbitSearchDirectoryId = harness.OrbitSearch.DefaultDirectoryId,
    };

    private static async Task<TestHost> StartWithDataAsync()
    {
        var host = TestHost.Start(talkdeskOAuth: true);
        // An endpoint, then an upload: the fake delivers upload.created, so every list has an item.
        await host.OptimalDialWebhooks.CreateAsync(host.Harness.OptimalDial.WebhookReceiverUrl, "drift", [OptimalDialWebhookEventTypes.UploadCreated]);
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });
        return host;
    }

    [Fact]
    public async Task Finds_nothing_on_the_unchanged_fake_and_reads_every_documented_endpoint()
    {
        using var host = await StartWithDataAsync();
        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(All(host.Harness));

        Assert.Equal(
            [
                "GET /api/v1/uploads?limit=1", "GET /api/v1/uploads/{upload_id}", "GET /api/v1/webhooks", "GET /api/v1/webhooks/{webhook_id}/deliveries",
                "GET /v2/organizations/{organizationId}/directories/{directoryId}/readiness",
                "POST /oauth/token", "GET /record-lists?page=1&per_page=1", "GET /record-lists/{id}",
            ],
            report.Checks.Select(c => c.Endpoint));
        Assert.All(report.Checks, c => Assert.Equal(ProviderCheckOutcome.Conforms, c.Outcome));
        Assert.Empty(report.Checks.SelectMany(c => c.Findings.Select(f => $"{c.Endpoint} {f}")));
        Assert.False(report.HasDrift);
    }

    public static TheoryData<string, string, string, DriftFindingKind, string?> Drifts => new()
    {
        // endpoint, fault, path found, kind, observed
        { HarnessEndpoint.OptimalDialListUploads, "rename data[].status state", "data[].status", DriftFindingKind.Missing, null },
        { HarnessEndpoint.OptimalDialListUploads, "retype data[].valid_row_count", "data[].valid_row_count", DriftFindingKind.Type, "string" },
        { HarnessEndpoint.OptimalDialListUploads, "set data[].status queued", "data[].status", DriftFindingKind.UnknownValue, "queued" },
        { HarnessEndpoint.OptimalDialGetUpload, "retype created_at", "created_at", DriftFindingKind.Type, "number:integer" },
        { HarnessEndpoint.OptimalDialGetUpload, "set source mobile_app", "source", DriftFindingKind.UnknownValue, "mobile_app" },
        { HarnessEndpoint.OptimalDialListWebhooks, "rename $[].url endpoint_url", "$[].url", DriftFindingKind.Missing, null },
        { HarnessEndpoint.OptimalDialListWebhookDeliveries, "set $[].status bounced", "$[].status", DriftFindingKind.UnknownValue, "bounced" },
        { HarnessEndpoint.TalkdeskToken, "rename access_token token", "access_token", DriftFindingKind.Missing, null },
        { HarnessEndpoint.TalkdeskListRecordLists, "retype total", "total", DriftFindingKind.Type, "string" },
        { HarnessEndpoint.TalkdeskListRecordLists, "set _embedded.record_lists[].status ARCHIVED", "_embedded.record_lists[].status", DriftFindingKind.UnknownValue, "ARCHIVED" },
        { HarnessEndpoint.TalkdeskGetRecordList, "rename id record_list_id", "id", DriftFindingKind.Missing, null },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public async Task Finds_each_change_of_shape_with_its_kind_and_path(string endpoint, string change, string path, DriftFindingKind kind, string? observed)
    {
        using var host = await StartWithDataAsync();
        host.Harness.InjectFault(endpoint, Fault(change));

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(All(host.Harness));

        var drifted = Assert.Single(report.Checks, c => c.Outcome == ProviderCheckOutcome.Drift);
        var finding = Assert.Single(drifted.Findings, f => f.IsDrift);
        Assert.Equal((path, kind, observed), (finding.Path, finding.Kind, finding.Observed));
        Assert.True(report.HasDrift);
        Assert.Equal(1, host.Harness.PendingFaults(endpoint) + 1); // the fault was used
        Assert.All(report.Checks.Where(c => c != drifted), c => Assert.Equal(ProviderCheckOutcome.Conforms, c.Outcome));
    }

    [Fact]
    public async Task Reports_a_renamed_field_both_as_missing_and_as_a_notice_of_the_new_name_and_an_extra_field_as_a_notice_only()
    {
        using var host = await StartWithDataAsync();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.RenameField("original_filename", "file_name"));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListWebhooks, HarnessFault.SetValue("$[].signing_version", "v2"));

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial } });

        var get = Assert.Single(report.Checks, c => c.Endpoint == "GET /api/v1/uploads/{upload_id}");
        Assert.Equal(
            ["original_filename Missing drift", "file_name Undocumented notice"],
            get.Findings.Select(f => $"{f.Path} {f.Kind} {(f.IsDrift ? "drift" : "notice")}"));
        var hooks = Assert.Single(report.Checks, c => c.Endpoint == "GET /api/v1/webhooks");
        Assert.Equal(ProviderCheckOutcome.Conforms, hooks.Outcome);
        Assert.Equal(("$[].signing_version", DriftFindingKind.Undocumented, "string"), Assert.Single(hooks.Findings) is var f ? (f.Path, f.Kind, f.Observed) : default);
        Assert.True(report.HasNotices);
    }

    [Fact]
    public async Task Says_which_credential_a_provider_refused_without_its_value()
    {
        using var host = TestHost.Start(talkdeskOAuth: true, configure: o =>
        {
            o.OptimalDial.ApiKey = "od_live_not_the_harness_key_0000";
            o.Talkdesk.ClientSecret = "not-the-harness-secret";
            o.OptimalDial.Retry.MaxRetries = 0;
        });

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial, UploadProvider.Talkdesk } });

        var optimalDial = Assert.Single(report.Checks, c => c.Provider == UploadProvider.OptimalDial); // no second read with a refused key
        Assert.Equal((ProviderCheckOutcome.Refused, 401), (optimalDial.Outcome, optimalDial.StatusCode));
        Assert.Contains("the API key (UploadClients:OptimalDial:ApiKey)", optimalDial.Message);
        Assert.Empty(optimalDial.Findings); // the documented error envelope and WWW-Authenticate
        var token = Assert.Single(report.Checks, c => c.Provider == UploadProvider.Talkdesk); // the API reads are not tried
        Assert.Equal(("POST /oauth/token", ProviderCheckOutcome.Refused), (token.Endpoint, token.Outcome));
        Assert.Contains("UploadClients:Talkdesk:ClientSecret", token.Message);
        Assert.True(report.HasRefusals);
        Assert.DoesNotContain(report.Checks, c => (c.Message ?? string.Empty).Contains("not-the-harness", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_injected_401_is_a_documented_refusal_not_drift()
    {
        using var host = await StartWithDataAsync();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListUploads, HarnessFault.Status(401));

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial } });

        var refused = Assert.Single(report.Checks);
        Assert.Equal((ProviderCheckOutcome.Refused, 401), (refused.Outcome, refused.StatusCode));
        Assert.Empty(refused.Findings); // WWW-Authenticate: Bearer, as OptimalDial documents it
        Assert.False(report.HasDrift);
    }

    [Fact]
    public async Task Checks_the_others_and_says_why_not_OrbitSearch_when_no_provider_is_named_and_it_has_no_directory()
    {
        using var host = TestHost.Start();

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync();

        var orbit = Assert.Single(report.Checks, c => c.Provider == UploadProvider.OrbitSearch);
        Assert.Equal(ProviderCheckOutcome.NotChecked, orbit.Outcome);
        Assert.Contains("organization and directory", orbit.Message);
        Assert.Contains(report.Checks, c => c.Provider == UploadProvider.OptimalDial && c.Outcome == ProviderCheckOutcome.Conforms);
        Assert.Contains(report.Checks, c => c.Provider == UploadProvider.Talkdesk && c.Outcome == ProviderCheckOutcome.Conforms);
        Assert.DoesNotContain(host.Harness.Journal.Entries, e => e.Endpoint == HarnessEndpoint.OrbitSearchGetReadiness);
    }

    [Fact]
    public async Task With_only_OrbitSearch_configured_and_no_directory_says_that_alone()
    {
        using var host = TestHost.Start(configure: o =>
        {
            o.OptimalDial.ApiKey = null;
            o.Talkdesk.AccessToken = null;
        });

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync());

        Assert.Contains("organization and directory", Assert.Single(refused.Problems));
    }

    [Fact]
    public async Task Says_when_a_list_was_empty_so_its_items_were_not_checked()
    {
        using var host = TestHost.Start();

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial } });

        Assert.EndsWith("(data empty: no item to check)", report.Checks[0].Checked);
        Assert.EndsWith("($ empty: no item to check)", Assert.Single(report.Checks, c => c.Endpoint == "GET /api/v1/webhooks").Checked);
    }

    [Fact]
    public void Lists_every_documented_value_of_each_status_it_checks()
    {
        var shapes = typeof(DocumentedShapes).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<DocumentedShape>().SelectMany(s => s.Values).ToList();
        Assert.Equal(5, shapes.Select(v => v.TypeName).Distinct().Count());
        foreach (var values in shapes)
        {
            var type = typeof(DocumentedShapes).Assembly.GetTypes().Single(t => t.Name == values.TypeName);
            var documented = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(p => p.PropertyType == type).Select(p => p.GetValue(null)!.ToString()!).Order().ToList();
            Assert.Equal(documented, values.Listed.Order());
            Assert.All(values.Listed, v => Assert.True(values.IsDocumented(v)));
            Assert.False(values.IsDocumented("surely_not_documented"));
        }
    }

    [Fact]
    public async Task Lists_every_configuration_problem_before_calling_anything()
    {
        using var host = TestHost.Start(configure: o => o.OptimalDial.ApiKey = null);

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(
            new ProviderDriftCheckOptions { Providers = { UploadProvider.OptimalDial, UploadProvider.OrbitSearch } }));

        Assert.Equal(2, refused.Problems.Count);
        Assert.StartsWith("Nothing was called: (1)", refused.Message);
        Assert.Contains("UploadClients:OptimalDial:ApiKey", refused.Problems[0]);
        Assert.Contains("organization and directory", refused.Problems[1]);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Keeps_no_value_of_the_answers_in_its_report()
    {
        using var host = await StartWithDataAsync();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListUploads, HarnessFault.ChangeType("data[].original_filename"));
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskGetRecordList, HarnessFault.ChangeType("name"));

        var report = await host.Services.GetRequiredService<IProviderDriftCheck>().CheckAsync(All(host.Harness));

        var text = string.Join("\n", report.Checks.Select(c => $"{c.Endpoint} {c.Checked} {c.Message} {string.Join(";", c.Findings)}"));
        var values = host.Harness.Journal.Entries
            .Where(e => e.ResponseBody.Length > 0 && e.ResponseBody[0] is (byte)'{' or (byte)'[')
            .SelectMany(e => StringsOf(System.Text.Json.JsonDocument.Parse(e.ResponseBody).RootElement))
            .Where(v => v.Length >= 4)
            .Distinct()
            .ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.DoesNotContain(v, text, StringComparison.Ordinal));
        Assert.True(report.HasDrift);
    }

    private static IEnumerable<string> StringsOf(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringsOf(p.Value)),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(StringsOf),
        System.Text.Json.JsonValueKind.String => [element.GetString()!],
        System.Text.Json.JsonValueKind.Number => [element.GetRawText()],
        _ => [],
    };

    private static HarnessFault Fault(string change)
    {
        var words = change.Split(' ');
        return words[0] switch
        {
            "rename" => HarnessFault.RenameField(words[1], words[2]),
            "retype" => HarnessFault.ChangeType(words[1]),
            _ => HarnessFault.SetValue(words[1], words[2]),
        };
    }
}

/// <summary>The shapes' paths carry no value: a member named like data (an id, a phone number, an email) prints as {key}.</summary>
public class A_shapes_paths
{
    [Theory]
    [InlineData("""{"status":"completed","+12125550100":1}""", "{key}")]
    [InlineData("""{"status":"completed","3c90c3cc-0d44-4b50-8888-8dd25736052a":{"a":1}}""", "{key}")]
    [InlineData("""{"status":"completed","jane.doe@example.com":true}""", "{key}")]
    [InlineData("""{"status":"completed","retry_policy":"x"}""", "retry_policy")]
    public void Name_a_member_only_when_its_name_is_an_identifier(string json, string path)
    {
        var finding = Assert.Single(DocumentedShapes.OptimalDialCancellation.Shape.Findings(JsonShape.Of(json)), f => f.Kind == DriftFindingKind.Undocumented);

        Assert.Equal(path, finding.Path);
    }
}
