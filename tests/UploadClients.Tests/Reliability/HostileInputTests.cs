using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>Ids that are path steps or hold control characters are refused before any request.</summary>
public class Ids_that_would_escape_their_endpoint
{
    public static TheoryData<string> BadIds => ["", ".", "..", "a\nb", "a\u0000b"];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Are_refused_naming_the_parameter_and_nothing_is_sent(string bad)
    {
        using var host = TestHost.Start();
        var list = host.Harness.Talkdesk.DefaultRecordListId;
        var org = host.Harness.OrbitSearch.DefaultOrganizationId;
        var directory = host.Harness.OrbitSearch.DefaultDirectoryId;

        Assert.Equal("uploadRequestId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.StartValidationAsync(list, bad))).ParamName);
        Assert.Equal("uploadRequestId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.GetUploadRequestAsync(list, bad))).ParamName);
        Assert.Equal("uploadRequestId", Assert.ThrowsAny<ArgumentException>(() => { _ = host.Talkdesk.WaitForUploadRequestAsync(list, bad); }).ParamName);
        Assert.Equal("recordListId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.GetRecordListAsync(bad))).ParamName);
        Assert.Equal("sourceId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.OrbitSearch.GetSourceAsync(org, directory, bad))).ParamName);
        Assert.Equal("sourceId", Assert.ThrowsAny<ArgumentException>(() => { _ = host.OrbitSearch.WaitForSourceAsync(org, directory, bad); }).ParamName);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task A_slash_inside_an_id_stays_inside_its_segment()
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.GetRecordListAsync("rl/../x"));

        Assert.Equal("/record-lists/rl%2F..%2Fx", Assert.Single(host.Harness.Journal.Entries).Path);
    }
}

/// <summary>API calls follow no redirect, and credentials go only to the provider's host.</summary>
public class API_calls_follow_no_redirect
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_redirected_to_another_host_is_an_error_naming_it_and_the_other_host_sees_nothing(bool throughDI)
    {
        using var host = TestHost.Start();
        using var other = UploadClientsHarness.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        other.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503), times: 5);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Redirect(new Uri(other.BaseAddress, "/api/v1/uploads/" + id)));
        var options = host.Services.GetRequiredService<IOptions<UploadClientsOptions>>().Value.OptimalDial;
        var client = throughDI ? host.OptimalDial : new OptimalDialClient(options);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => client.GetUploadAsync(id));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, ex.StatusCode);
        Assert.Contains(other.BaseAddress.GetLeftPart(UriPartial.Authority), ex.Message);
        Assert.Empty(other.Journal.Entries);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task A_refreshed_token_never_reaches_a_redirect_target()
    {
        var tokens = new CountingTokens();
        using var host = TestHost.Start(configure: o =>
        {
            o.OrbitSearch.AccessToken = null;
            o.OrbitSearch.TokenProvider = tokens;
        });
        using var other = UploadClientsHarness.Start();
        var org = host.Harness.OrbitSearch.DefaultOrganizationId;
        var directory = host.Harness.OrbitSearch.DefaultDirectoryId;
        other.InjectFault(HarnessEndpoint.OrbitSearchGetSourceStatus, HarnessFault.Status(401), times: 5);
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetSourceStatus, HarnessFault.Redirect(new Uri(other.BaseAddress, $"/v2/organizations/{org}/directories/{directory}/sources/src-1/status")));

        await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetSourceAsync(org, directory, "src-1"));

        Assert.Empty(other.Journal.Entries);
        Assert.Equal([false], tokens.Calls);
    }

    [Fact]
    public async Task A_request_addressed_to_another_host_is_sent_without_credentials()
    {
        var seen = new List<string?>();
        using var invoker = new HttpMessageInvoker(new BearerTokenHandler(AccessTokenSource.Fixed(() => "od_live_secret"), new Uri("https://api.optimaldial.com"))
        {
            InnerHandler = new Capture(seen),
        });

        using var toApi = new HttpRequestMessage(HttpMethod.Get, "https://api.optimaldial.com/api/v1/uploads");
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "https://evil.example.com/api/v1/uploads");
        using var otherPort = new HttpRequestMessage(HttpMethod.Get, "https://api.optimaldial.com:8443/api/v1/uploads");
        using var plainHttp = new HttpRequestMessage(HttpMethod.Get, "http://api.optimaldial.com/api/v1/uploads");
        foreach (var request in new[] { toApi, elsewhere, otherPort, plainHttp })
        {
            (await invoker.SendAsync(request, default)).Dispose();
        }

        Assert.Equal(["Bearer od_live_secret", null, null, null], seen);
    }

    private sealed class Capture(List<string?> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    private sealed class CountingTokens : IUploadAccessTokenProvider
    {
        public List<bool> Calls { get; } = [];

        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(forceRefresh);
                return ValueTask.FromResult(forceRefresh ? "os_fresh_token_2" : UploadClients.Testing.OrbitSearch.OrbitSearchFake.AccessToken);
            }
        }
    }
}

/// <summary>Response bodies are bounded in size and time.</summary>
public class Response_bodies_are_bounded
{
    [Fact]
    public async Task A_download_that_stalls_ends_after_RequestTimeout_without_a_byte_and_is_not_retried()
    {
        var clock = new TestClock { DelayThreshold = TimeSpan.FromMinutes(5) };
        using var host = TestHost.Start(clock, o => o.OptimalDial.RequestTimeout = TimeSpan.FromMinutes(10));
        var id = host.Harness.OptimalDial.AddUpload("completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialStorageDownload, HarnessFault.StalledBody());
        var destination = new SignallingStream();

        var download = host.OptimalDial.DownloadAsync(id, OptimalDialFileKind.Original, destination);
        await host.Harness.Journal.WaitForHeldAsync(1);
        await destination.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the SDK is reading the body now
        clock.Advance(TimeSpan.FromMinutes(10));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => download);
        Assert.Contains("stopped sending", ex.Message);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialStorageDownload));
        Assert.True(destination.Length > 0);
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_is_refused_before_a_byte_is_read()
    {
        var content = new UnreadableContent(long.MaxValue / 2);
        using var invoker = new HttpMessageInvoker(new BoundedResponseHandler("OptimalDial", 4096) { InnerHandler = new Answer(content) });

        var ex = await Assert.ThrowsAsync<UploadResponseTooLargeException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.optimaldial.com/x"), default));

        Assert.Equal(long.MaxValue / 2, ex.DeclaredLength);
        Assert.Equal(4096, ex.Limit);
        Assert.False(content.Read);
    }

    [Fact]
    public async Task An_error_body_is_cut_at_64_KB_not_refused()
    {
        using var host = TestHost.Start(configure: o => o.OptimalDial.MaxResponseBodyBytes = 4096);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(404, "{\"detail\":\"" + new string('x', 200_000) + "\"}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    private sealed class SignallingStream : MemoryStream
    {
        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await base.WriteAsync(buffer, cancellationToken);
            FirstWrite.TrySetResult();
        }
    }

    private sealed class Answer(HttpContent content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }

    private sealed class UnreadableContent(long declared) : HttpContent
    {
        public bool Read { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            Read = true;
            return Task.CompletedTask;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = declared;
            return true;
        }
    }
}

/// <summary>The body cap is a setting validated at start.</summary>
public class The_body_cap_is_validated
{
    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(3_000_000_000)]
    public void Out_of_range_values_are_refused_naming_the_setting(long value)
    {
        var options = new OptimalDialOptions { ApiKey = "od_live_cap_0000", MaxResponseBodyBytes = value };

        var ex = Assert.Throws<OptionsValidationException>(() => new OptimalDialClient(options));

        Assert.Contains("UploadClients:OptimalDial:MaxResponseBodyBytes", ex.Message);
    }
}

/// <summary>Waits end on time, and a fresh upload's first 404 is read as "not visible yet".</summary>
public class Waits_end_on_time
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromHours(3);

    [Fact]
    public async Task A_read_that_outlives_the_wait_ends_it_at_the_wait_timeout()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Delayed(TimeSpan.FromMinutes(5)));
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), Timeout = WaitTimeout };

        var ex = await Assert.ThrowsAsync<UploadPollingTimeoutException<OptimalDialUpload>>(
            () => clock.RunPastHeldAsync(host.OptimalDial.WaitForUploadAsync(id, polling), host.Harness.Journal, WaitTimeout));

        // The request timeout (a day on this clock) never came into it: the wait's own budget ended the read.
        Assert.Equal(WaitTimeout, clock.GetUtcNow() - clock.Start);
        Assert.Null(ex.LastState);
        await host.Harness.Journal.WaitForAsync(HarnessEndpoint.OptimalDialGetUpload);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task A_status_body_cut_off_mid_way_does_not_end_the_wait()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, o => o.OptimalDial.Retry.MaxRetries = 0);
        var id = host.Harness.OptimalDial.AddUpload("processing", "completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.CutOffBody());

        var upload = await clock.RunAsync(host.OptimalDial.WaitForUploadAsync(id));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal("body cut off halfway", host.Harness.Journal.For(HarnessEndpoint.OptimalDialGetUpload)[0].Fault);
    }

    [Fact]
    public async Task A_404_right_after_the_upload_was_created_is_polled_again()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.OptimalDial.StatusScript = ["validating", "completed"];
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(404, "{\"detail\":\"Upload not found\"}"));

        var upload = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(404, host.Harness.Journal.For(HarnessEndpoint.OptimalDialGetUpload)[0].ResponseStatus);
    }

    [Fact]
    public async Task A_404_after_the_grace_window_ends_the_wait()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(404, "{\"detail\":\"Upload not found\"}"), times: 10);
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), Timeout = TimeSpan.FromMinutes(10), NotFoundGrace = TimeSpan.FromSeconds(5) };

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }, polling)));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.InRange(clock.GetUtcNow() - clock.Start, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task Waiting_on_an_id_from_elsewhere_ends_at_the_first_404()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.OptimalDial.WaitForUploadAsync(Guid.NewGuid())));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }
}

/// <summary>Secrets the SDK obtains are redacted like the ones set in options.</summary>
public class Obtained_secrets_are_redacted
{
    [Theory]
    [InlineData("{\"accessToken\":\"live-token-5f1e2d3c4b5a69788796a5b4\",\"expiresIn\":3600}")]
    [InlineData("access_token=live-token-5f1e2d3c4b5a69788796a5b4&token_type=Bearer&expires_in=3600")]
    public async Task A_token_response_the_SDK_cannot_read_is_not_kept(string body)
    {
        using var host = TestHost.Start(talkdeskOAuth: true);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskToken, HarnessFault.Status(200, body), times: 5);

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.Talkdesk.GetRecordListAsync(host.Harness.Talkdesk.DefaultRecordListId));

        Assert.DoesNotContain("live-token-5f1e2d3c4b5a69788796a5b4", ex.ToString());
        Assert.DoesNotContain("live-token-5f1e2d3c4b5a69788796a5b4", ex.ResponseBody ?? string.Empty);
        Assert.Empty(host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList));
    }

    [Fact]
    public async Task A_token_from_a_TokenProvider_echoed_in_an_error_is_masked()
    {
        const string token = "orbit-obtained-0123456789abcdef";
        using var host = TestHost.Start(configure: o =>
        {
            o.OrbitSearch.AccessToken = null;
            o.OrbitSearch.TokenProvider = new Fixed(token);
        });
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchGetReadiness, HarnessFault.EchoCredential(400));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.GetDirectoryReadinessAsync(host.Harness.OrbitSearch.DefaultOrganizationId, host.Harness.OrbitSearch.DefaultDirectoryId));

        Assert.Contains(token, host.Harness.Journal.For(HarnessEndpoint.OrbitSearchGetReadiness)[0].ResponseBodyText());
        Assert.DoesNotContain(token, ex.ToString());
        Assert.DoesNotContain(token, ex.ResponseBody ?? string.Empty);
    }

    private sealed class Fixed(string token) : IUploadAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }
}

/// <summary>Concurrent callers share one token fetch, its failure included.</summary>
public class One_token_fetch_at_a_time
{
    [Fact]
    public async Task Ten_first_calls_against_a_failing_token_endpoint_make_one_fetch()
    {
        using var host = TestHost.Start(talkdeskOAuth: true, configure: o => o.Talkdesk.Retry.MaxRetries = 2);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskToken, HarnessFault.Status(500, "{\"error\":\"server_error\"}"), times: 100);
        var list = host.Harness.Talkdesk.DefaultRecordListId;

        var calls = Enumerable.Range(0, 10).Select(_ => Task.Run(() => host.Talkdesk.GetRecordListAsync(list))).ToList();
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<UploadApiException>(() => call);
            Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        }

        // One fetch: the first try and its two retries. Every caller got that fetch's failure.
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskToken));
        Assert.Empty(host.Harness.Journal.For(HarnessEndpoint.TalkdeskGetRecordList));
    }

    [Fact]
    public async Task After_a_failed_fetch_the_next_call_fetches_again()
    {
        using var host = TestHost.Start(talkdeskOAuth: true, configure: o => o.Talkdesk.Retry.MaxRetries = 0);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskToken, HarnessFault.Status(500, "{\"error\":\"server_error\"}"));
        var list = host.Harness.Talkdesk.DefaultRecordListId;

        await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.GetRecordListAsync(list));
        var recordList = await host.Talkdesk.GetRecordListAsync(list);

        Assert.Equal(list, recordList.Id);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskToken));
    }
}

/// <summary>A file that changes between its checksum and the PUT is named, and nothing is stored.</summary>
public class A_file_that_changes_while_it_is_sent
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Is_named_nothing_is_stored_nothing_is_retried_and_validation_never_starts(bool grows)
    {
        using var host = TestHost.Start();
        var path = Path.Combine(Path.GetTempPath(), "uc-changing-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllBytesAsync(path, TestCsv.Contacts(200));
        try
        {
            var list = host.Harness.Talkdesk.DefaultRecordListId;
            var file = UploadFile.FromPath(path, "changing.csv");
            var declared = file.Length!.Value;
            var created = await host.Talkdesk.CreateUploadRequestAsync(list, new UploadClients.Talkdesk.TalkdeskCreateUploadRequest { File = file });
            if (grows)
            {
                await File.AppendAllTextAsync(path, "Late Row,(212) 555-9999\r\n");
            }
            else
            {
                await using var stream = File.OpenWrite(path);
                stream.SetLength(declared - 10);
            }

            var ex = await Assert.ThrowsAsync<UploadFileChangedException>(() => host.Talkdesk.UploadToSignedUrlAsync(created, file));

            Assert.Equal(grows, ex.Grew);
            Assert.Equal(declared, ex.DeclaredBytes);
            Assert.Contains("'changing.csv'", ex.Message);
            Assert.Contains("Nothing was stored", ex.Message);
            Assert.Null(host.Harness.Talkdesk.StoredFile(created.Id));
            Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("retry", StringComparison.OrdinalIgnoreCase)); // a retry would meet the same file
            Assert.Empty(host.Harness.Journal.For(HarnessEndpoint.TalkdeskStartValidation));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
