using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

public class The_OptimalDial_upload_POST_is_never_sent_twice
{
    public static TheoryData<string> Faults => ["500", "502", "503", "504", "408", "drop-after-body", "timeout", "502-after-accepted"];

    private static HarnessFault Fault(string name) => name switch
    {
        "drop-after-body" => HarnessFault.DropConnection(afterReadingBody: true),
        "timeout" => HarnessFault.Delayed(TimeSpan.FromSeconds(20)),
        "502-after-accepted" => HarnessFault.Status(502).AfterTheFakeHandledIt(),
        _ => HarnessFault.Status(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Not_after_a_fault_once_the_request_may_have_reached_the_server(string fault)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, Fault(fault), times: 5);

        // A held upload ends in the client's timeout, passed on the clock once the server holds it.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => clock.RunPastHeldAsync(
            host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }),
            host.Harness.Journal,
            TestHost.ClockTimeout));

        Assert.True(ex is UploadApiException or UploadOutcomeUnknownException, ex.ToString());

        // An aborted request is journaled when the server notices the abort: wait for it, then count.
        await host.Harness.Journal.WaitForAsync(HarnessEndpoint.OptimalDialCreateUpload);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(fault == "502-after-accepted" ? 150 : 0, host.Harness.OptimalDial.CreditsCharged);
        if (ex is UploadApiException { StatusCode: >= HttpStatusCode.InternalServerError } api)
        {
            Assert.Contains("not retried automatically", api.Message);
        }

        if (ex is UploadOutcomeUnknownException unknown)
        {
            // Sent, then cut off or unanswered: typed as unknown, with the advice, never re-sent.
            Assert.Contains("may have been accepted and charged", unknown.Message);
            Assert.Equal("CreateUpload", unknown.Operation);
        }

        Assert.Equal(ex is UploadApiException { StatusCode: >= HttpStatusCode.InternalServerError }, ex is UploadApiException { MayHaveTakenEffect: true });
    }

    [Theory]
    [InlineData(7)]
    [InlineData(45)]
    public async Task But_a_429_is_waited_out_for_its_Retry_After_and_sent_again_charged_once(int seconds)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.TooManyRequests(TimeSpan.FromSeconds(seconds)));

        var upload = await clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Equal([TimeSpan.FromSeconds(seconds)], clock.Delays);
        var sent = host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload);
        Assert.Equal([429, 200], sent.Select(e => e.ResponseStatus));
        Assert.Single(sent.Select(e => e.BodyMd5Hex).Distinct()); // the file rewound: the same bytes again
        Assert.Equal(150, host.Harness.OptimalDial.CreditsCharged);
        Assert.Equal(150, upload.ValidRowCount);
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_MaxRetryAfter_is_returned_unsent_again()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, configure: o => o.OptimalDial.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.TooManyRequests(TimeSpan.FromSeconds(45)));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" })));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.False(ex.MayHaveTakenEffect);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(0, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task But_it_is_retried_when_the_connection_could_not_be_made()
    {
        var failures = 0;
        using var host = TestHost.Start(services: s => s.AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    if (Interlocked.Increment(ref failures) <= 2)
                    {
                        throw new SocketException((int)SocketError.ConnectionRefused);
                    }

                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            }));
        var csv = TestCsv.Contacts();

        var upload = await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest
        {
            File = UploadFile.FromStream(new ForwardOnlyStream(csv), "pipe.csv"), // larger than the header peek: held by nobody but the stream
            PhoneColumn = "phone",
        });

        Assert.Equal(3, failures);
        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(csv, sent.FormParts()[0].Content);
        Assert.Equal(150, upload.CreditsCharged);
    }
}

public class Status_reads_are_retried_with_backoff
{
    public static TheoryData<string> Faults => ["500", "502", "503", "504", "408", "drop", "slow"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task After_a_transient_fault(string fault)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(
            HarnessEndpoint.OptimalDialGetUpload,
            fault switch
            {
                "drop" => HarnessFault.DropConnection(),
                "slow" => HarnessFault.Delayed(TimeSpan.FromSeconds(20)),
                _ => HarnessFault.Status(int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture)),
            },
            times: 2);

        var upload = await clock.RunPastHeldAsync(host.OptimalDial.GetUploadAsync(id), host.Harness.Journal, TestHost.ClockTimeout);

        Assert.Equal(id, upload.Id);
        Assert.Equal(fault == "slow" ? 2 : 0, host.Harness.Journal.HeldCount);
        await host.Harness.Journal.WaitForAsync(HarnessEndpoint.OptimalDialGetUpload, 3);
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Until_the_retries_run_out()
    {
        using var host = TestHost.Start(configure: o => o.OptimalDial.Retry.MaxRetries = 2);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(503), times: 10);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Not_after_a_client_error()
    {
        using var host = TestHost.Start();
        await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_waited_out()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.TooManyRequests(TimeSpan.FromSeconds(37)));

        var read = host.OptimalDial.GetUploadAsync(id);
        var delay = await clock.NextDelayAsync();
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
        clock.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await read;

        Assert.Equal(TimeSpan.FromSeconds(37), delay);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_waited_out()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.TooManyRequestsUntil(clock.GetUtcNow().AddSeconds(90)));

        var read = host.OptimalDial.GetUploadAsync(id);
        var delay = await clock.NextDelayAsync();
        clock.Advance(delay);
        await read;

        Assert.Equal(TimeSpan.FromSeconds(90), delay);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_cap_is_returned_to_the_caller_instead()
    {
        using var host = TestHost.Start(configure: o => o.OptimalDial.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.TooManyRequests(TimeSpan.FromSeconds(600)));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.Equal(TimeSpan.FromSeconds(600), ex.RetryAfter);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetUpload));
    }
}

public class Retry_decisions_follow_the_reliability_table
{
    private static readonly UploadRetryOptions Retry = new();

    private static Polly.Outcome<HttpResponseMessage> Status(int code) => Polly.Outcome.FromResult(new HttpResponseMessage((HttpStatusCode)code));

    private static Polly.Outcome<HttpResponseMessage> Error(HttpRequestError error) =>
        Polly.Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "x"));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    public void On_503(string method, bool retried)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://127.0.0.1/");
        Assert.Equal(retried, UploadResilience.ShouldRetry(Status(503), request, Retry, TimeProvider.System));
    }

    [Fact]
    public void A_marked_idempotent_POST_is_retried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/");
        request.Options.Set(UploadResilience.IdempotentRequest, true);
        Assert.True(UploadResilience.ShouldRetry(Status(503), request, Retry, TimeProvider.System));
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.NameResolutionError, true)]
    [InlineData(HttpRequestError.SecureConnectionError, true)]
    [InlineData(HttpRequestError.ResponseEnded, false)]
    [InlineData(HttpRequestError.Unknown, false)]
    public void A_POST_only_when_the_connection_was_never_made(HttpRequestError error, bool retried)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/");
        Assert.Equal(retried, UploadResilience.ShouldRetry(Error(error), request, Retry, TimeProvider.System));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public void Never_on_a_client_error(int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");
        Assert.False(UploadResilience.ShouldRetry(Status(status), request, Retry, TimeProvider.System));
    }

    [Fact]
    public async Task Never_with_a_non_seekable_body_already_sent()
    {
        var file = UploadFile.FromStream(new ForwardOnlyStream(TestCsv.Contacts(1)), "f.csv");
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1/") { Content = new UploadFileContent(file, null) };
        Assert.True(UploadResilience.ShouldRetry(Status(503), request, Retry, TimeProvider.System));

        await request.Content.CopyToAsync(Stream.Null);

        Assert.False(UploadResilience.ShouldRetry(Status(503), request, Retry, TimeProvider.System));
    }
}
