using Microsoft.Extensions.DependencyInjection;
using System.Net;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>Runs one cell of <see cref="FaultMatrix"/>: what the caller sees and what the server saw.</summary>
internal static class MatrixCell
{
    public static IEnumerable<object[]> Cells(bool slow) =>
        from op in FaultMatrix.Operations
        from fault in FaultMatrix.Faults
        where (fault is MatrixFault.SlowerThanTimeout or MatrixFault.BodyStalls or MatrixFault.ReadOutlivesTheWait) == slow
        where FaultMatrix.Expect(op, fault).Seen != Seen.NotApplicable
        select new object[] { op.Name, fault };

    private static readonly TimeSpan SlowCellTimeout = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(string operation, MatrixFault fault)
    {
        var op = FaultMatrix.Operations.Single(o => o.Name == operation);
        var expected = FaultMatrix.Expect(op, fault);
        var slow = fault is MatrixFault.SlowerThanTimeout or MatrixFault.BodyStalls or MatrixFault.ReadOutlivesTheWait;
        var clock = new TestClock();
        if (slow)
        {
            // A timeout shorter than a download link's life, so the retry after it reuses the link.
            clock.DelayThreshold = TimeSpan.FromMinutes(5);
        }

        // Credentials the SDK obtains (a TokenProvider's, Talkdesk's OAuth tokens) as well as those set
        // in options: the secret scan of every cell covers both kinds, in the SDK's logs and in
        // IHttpClientFactory's (off by default, turned on here as an application may).
        using var host = TestHost.Start(clock, talkdeskOAuth: true, services: Happy_paths_log_no_secret_at_trace_level.WithHttpClientFactoryLogging, configure: o =>
        {
            o.OrbitSearch.AccessToken = null;
            o.OrbitSearch.TokenProvider = new ObtainedToken(UploadClients.Testing.OrbitSearch.OrbitSearchFake.AccessToken);
            foreach (var provider in new UploadProviderOptions[] { o.OptimalDial, o.OrbitSearch, o.Talkdesk })
            {
                if (slow)
                {
                    provider.RequestTimeout = SlowCellTimeout;
                    provider.UploadTimeout = SlowCellTimeout;
                }

                if (fault == MatrixFault.BodyOverTheCap)
                {
                    provider.MaxResponseBodyBytes = FaultMatrix.MatrixCapBytes;
                }

                // A password in the address's userinfo is scanned for like every other secret.
                provider.BaseAddress = SecretScan.WithUserInfo(provider.BaseAddress);
            }
        });
        host.Harness.InjectFault(op.Endpoint, FaultMatrix.ToHarnessFault(op, fault, clock));

        object? result = null;
        Exception? error = null;
        try
        {
            // A held response ends in the client's timeout: the clock lets exactly that timeout pass
            // once the harness holds the request, so no cell waits in real time.
            var run = op.Run(host);
            result = slow
                ? await clock.RunPastHeldAsync(run, host.Harness.Journal, fault == MatrixFault.ReadOutlivesTheWait ? FaultMatrix.WaitCellTimeout : SlowCellTimeout)
                : await clock.RunAsync(run);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        // What the caller sees.
        switch (expected.Seen)
        {
            case Seen.Success:
                Assert.Null(error);
                break;
            case Seen.UnknownStatusTolerated:
                Assert.Null(error);
                Assert.True(StatusIsUnknown(result), $"{operation} did not read the new status as unknown: {result}");
                break;
            case Seen.ApiError:
                var api = Assert.IsType<UploadApiException>(error, exactMatch: false);
                Assert.Equal(expected.Status, api.StatusCode);
                Assert.Equal(op.Retry == RetryClass.Unsafe && (int)api.StatusCode >= 500, api.MayHaveTakenEffect);
                break;
            case Seen.OutcomeUnknown:
                var unknown = Assert.IsType<UploadOutcomeUnknownException>(error);
                Assert.True(unknown.InnerException is HttpRequestException or Polly.Timeout.TimeoutRejectedException, unknown.ToString());
                Assert.Contains("may have", unknown.Message);
                break;
            case Seen.Unreadable:
                var unreadable = Assert.IsType<UploadUnexpectedResponseException>(error);
                Assert.Equal(expected.Status, unreadable.StatusCode);
                break;
            case Seen.TooLarge:
                var tooLarge = Assert.IsType<UploadResponseTooLargeException>(error);
                Assert.Equal(FaultMatrix.MatrixCapBytes, tooLarge.Limit);
                break;
            case Seen.WaitTimeout:
                Assert.IsAssignableFrom<UploadPollingTimeoutException>(error);
                Assert.Equal(FaultMatrix.WaitCellTimeout, clock.GetUtcNow() - clock.Start);
                break;
            case Seen.Timeout:
                Assert.IsType<TimeoutException>(error, exactMatch: false);
                break;
            case Seen.TransportError:
                Assert.IsType<HttpRequestException>(error, exactMatch: false);
                break;
        }

        // What the server saw: how many requests, and the same bytes (key, MD5) on every one.
        await host.Harness.Journal.WaitForAsync(op.Endpoint, expected.Requests);
        var seen = host.Harness.Journal.For(op.Endpoint);
        Assert.Equal(expected.Requests, seen.Count);
        if (FaultMatrix.SendsBody(op))
        {
            Assert.Single(seen.Select(e => e.BodyMd5Hex).Distinct());
            Assert.All(seen, e => Assert.True(e.BodyLength > 0));
            Assert.Single(seen.Select(e => e.Header("Content-MD5")).Distinct());
        }

        if (op.Endpoint == HarnessEndpoint.OptimalDialCreateUpload)
        {
            Assert.True(host.Harness.OptimalDial.CreditsCharged <= 150, "charged twice");
        }

        SecretScan.AssertClean(host, error, result?.ToString());
    }

    /// <summary>A token obtained at run time rather than set in the options.</summary>
    private sealed class ObtainedToken(string token) : IUploadAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }

    private static bool StatusIsUnknown(object? result) => result switch
    {
        OptimalDialUpload u => u.Status == "brand_new_value_2031" && !u.Status.IsDocumented && !u.IsTerminal,
        OrbitSearchCsvUploadResult r => r.SourceStatus == "brand_new_value_2031" && !r.SourceStatus.IsDocumented,
        OrbitSearchSource s => s.SourceStatus == "brand_new_value_2031" && !s.IsTerminal,
        TalkdeskUploadRequest t => t.Status == "brand_new_value_2031" && !t.IsTerminal,
        TalkdeskRecordList l => l.Status == "brand_new_value_2031",
        OptimalDialCancellation c => c.Status == "brand_new_value_2031" && !c.IsCancelled,
        _ => false,
    };
}

public class Fault_matrix
{
    public static IEnumerable<object[]> Cells => MatrixCell.Cells(slow: false);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Cell(string operation, MatrixFault fault) => MatrixCell.RunAsync(operation, fault);
}

public class Fault_matrix_responses_slower_than_the_timeout
{
    public static IEnumerable<object[]> Cells => MatrixCell.Cells(slow: true);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Cell(string operation, MatrixFault fault) => MatrixCell.RunAsync(operation, fault);
}

public class Happy_paths_log_no_secret_at_trace_level
{
    public static IEnumerable<object[]> Operations => FaultMatrix.Operations.Select(o => new object[] { o.Name });

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_operation(string operation)
    {
        // IHttpClientFactory's request logging is off by default; an application that turns it back on
        // (AddDefaultLogger) must not get secrets from it either, so this scan runs with it on.
        var clock = new TestClock();
        using var host = TestHost.Start(clock, services: WithHttpClientFactoryLogging);
        var op = FaultMatrix.Operations.Single(o => o.Name == operation);

        var result = await clock.RunAsync(op.Run(host));

        Assert.Contains(host.Logs.Lines, l => l.Contains("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains(" UploadClients.", StringComparison.Ordinal));
        if (Environment.GetEnvironmentVariable("PRINT_LOGS") == "1")
        {
            Console.WriteLine(string.Join('\n', host.Logs.Lines));
        }

        SecretScan.AssertClean(host, null, result?.ToString());
    }

    /// <summary>Turns IHttpClientFactory's default request logging back on for every client the SDK names.</summary>
    internal static void WithHttpClientFactoryLogging(IServiceCollection services)
    {
        foreach (var name in new[]
        {
            UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName,
            UploadClientsServiceCollectionExtensions.OptimalDialStorageHttpClientName,
            UploadClientsServiceCollectionExtensions.OrbitSearchHttpClientName,
            UploadClientsServiceCollectionExtensions.TalkdeskHttpClientName,
            UploadClientsServiceCollectionExtensions.TalkdeskSignedUrlHttpClientName,
        })
        {
            services.AddHttpClient(name).AddDefaultLogger();
        }
    }

    [Fact]
    public async Task IHttpClientFactory_request_logging_is_off_by_default_and_the_SDK_logs_each_call_itself()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        await clock.RunAsync(host.OptimalDial.GetUploadAsync(host.Harness.OptimalDial.AddUpload("completed")));

        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("UploadClients.OptimalDial: OptimalDial GetUpload: 200 in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_whole_Talkdesk_flow_with_OAuth_a_token_refresh_and_a_callback_header()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, talkdeskOAuth: true, services: WithHttpClientFactoryLogging);
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        await host.Talkdesk.GetRecordListAsync(listId);
        host.Harness.Talkdesk.RevokeIssuedTokens();
        clock.Advance(TimeSpan.FromSeconds(10));
        var request = new TalkdeskCreateUploadRequest
        {
            File = TestCsv.File(10),
            CallbackAction = new TalkdeskCallbackAction
            {
                Endpoint = new Uri("https://callback.example/hook?sig=abcdef1234567890"),
                Method = "POST",
                Headers = new Dictionary<string, string> { ["x-api-key"] = "hunter2-callback-secret" },
            },
        };

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(listId, request));

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
        Assert.Equal(2, host.Harness.Talkdesk.TokenRequests);
        SecretScan.AssertClean(host, null, result.ToString(), request.CallbackAction.ToString());
    }
}

public class Fault_matrix_document_is_in_sync
{
    [Fact]
    public void Docs_reliability_md_holds_the_matrix_rendered_from_the_tests_table()
    {
        var root = Repository.Root;
        var path = Path.Combine(root, "docs", "reliability.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        const string start = "<!-- fault-matrix:start -->\n";
        const string end = "\n<!-- fault-matrix:end -->";
        var rendered = FaultMatrix.RenderMarkdown();
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "docs/reliability.md lacks the fault-matrix markers");
        var current = text[(from + start.Length)..to];
        if (current != rendered && Environment.GetEnvironmentVariable("UPDATE_RELIABILITY_DOC") == "1")
        {
            File.WriteAllText(path, text[..(from + start.Length)] + rendered + text[to..]);
            return;
        }

        Assert.Equal(rendered, current);
    }
}
