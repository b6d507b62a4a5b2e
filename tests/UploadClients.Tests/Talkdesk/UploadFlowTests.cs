using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Testing.Talkdesk;
using UploadClients.Tests.Core;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Talkdesk;

public class The_whole_upload_flow_creates_puts_starts_validation_and_waits
{
    [Fact]
    public async Task Checksum_in_csv_metadata_and_Content_MD5_describe_the_same_bytes()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var csv = TestCsv.Contacts(100);
        var listId = host.Harness.Talkdesk.DefaultRecordListId;

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = UploadFile.FromBytes(csv, "recordList.csv") }));

        var md5 = MD5.HashData(csv);
        var create = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskCreateUploadRequest));
        var meta = JsonNode.Parse(create.BodyText())!["csv_metadata"]!;
        Assert.Equal(Convert.ToHexStringLower(md5), meta["checksum"]!.GetValue<string>());
        Assert.Equal(csv.Length, meta["byte_size"]!.GetValue<long>());
        Assert.Equal("recordList.csv", meta["filename"]!.GetValue<string>());
        Assert.Equal("text/csv", meta["content_type"]!.GetValue<string>());
        Assert.Equal("Bearer " + TalkdeskFake.AccessToken, create.Header("Authorization"));
        Assert.StartsWith("application/json", create.Header("Content-Type"));

        var put = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Equal(Convert.ToBase64String(md5), put.Header("Content-MD5"));
        Assert.Equal("text/csv", put.Header("Content-Type"));
        Assert.Equal(csv, put.Body);
        Assert.Equal(Convert.ToHexStringLower(md5), put.BodyMd5Hex);

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
        Assert.True(result.IsTerminal);
        Assert.Equal(Convert.ToHexStringLower(md5), result.ChecksumMd5);
        Assert.Equal(csv, host.Harness.Talkdesk.StoredFile(result.Id));
    }

    [Fact]
    public async Task No_Authorization_header_reaches_the_signed_URL()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        var put = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Null(put.Header("Authorization"));
        Assert.DoesNotContain(put.Headers.Values, v => v.Contains(TalkdeskFake.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_URL_with_percent_encoded_query_characters_arrives_unchanged()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        var issued = host.Harness.Talkdesk.SignedUrl(result.Id)!;
        Assert.Contains("%2F", issued);
        Assert.Contains("%3B", issued);
        Assert.Contains("%7E", issued);
        var put = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Equal(issued[issued.IndexOf('?', StringComparison.Ordinal)..], put.Query);
        Assert.Equal(new Uri(issued).AbsolutePath, put.Path);
        Assert.Equal(200, put.ResponseStatus);
    }

    [Fact]
    public async Task Validation_is_started_exactly_once_and_only_after_the_PUT_succeeded()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        var journal = host.Harness.Journal.Entries;
        var put = journal.Single(e => e.Endpoint == HarnessEndpoint.TalkdeskSignedUrlPut);
        var patch = journal.Single(e => e.Endpoint == HarnessEndpoint.TalkdeskStartValidation);
        Assert.True(patch.Sequence > put.Sequence);
        Assert.Equal(200, put.ResponseStatus);
        Assert.Equal("{\"op\":\"replace\",\"path\":\"/status\",\"status\":\"UPLOADED\"}", patch.BodyText());
        Assert.Equal(1, host.Harness.Talkdesk.ValidationStarts(result.Id));
        Assert.All(journal.Where(e => e.Endpoint == HarnessEndpoint.TalkdeskGetUploadRequest), e => Assert.True(e.Sequence > patch.Sequence));
    }

    [Fact]
    public async Task A_failed_PUT_means_no_PATCH()
    {
        using var host = TestHost.Start();
        host.Harness.Talkdesk.SignedUrlsExpired = true;

        var ex = await Assert.ThrowsAsync<UploadApiException>(() =>
            host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Contains("create a new upload request", ex.Message);
        Assert.Equal(0, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
    }

    [Theory]
    [InlineData("ACCEPTED", true)]
    [InlineData("REJECTED", true)]
    [InlineData("INCOMPLETE", true)]
    [InlineData("CORRUPTED", true)]
    [InlineData("accepted", true)]
    [InlineData("UPLOADED", false)]
    [InlineData("VALIDATION_STARTED", false)]
    [InlineData("CREATED", false)]
    [InlineData("A_STATUS_FROM_2031", false)]
    [InlineData(null, false)]
    public void Which_statuses_end_a_wait(string? status, bool terminal)
    {
        TalkdeskStatus? value = status is null ? (TalkdeskStatus?)null : new TalkdeskStatus(status);
        Assert.Equal(terminal, value?.IsTerminal == true);
        Assert.Equal(terminal, new TalkdeskUploadRequest { Id = "u", Status = value }.IsTerminal);
    }

    [Theory]
    [InlineData("REJECTED")]
    [InlineData("INCOMPLETE")]
    [InlineData("CORRUPTED")]
    public async Task A_failed_validation_is_returned_not_thrown(string final)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.Talkdesk.ValidationScript = ["VALIDATION_STARTED", "VALIDATION_STARTED", final];

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        Assert.Equal(final, result.Status);
        Assert.True(result.IsTerminal);
        Assert.Equal(3, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskGetUploadRequest));
    }

    [Fact]
    public async Task Where_an_upload_request_cannot_be_read_the_record_list_status_is_used()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.Talkdesk.UploadRequestReadable = false;

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
        Assert.True(host.Harness.Journal.Count(HarnessEndpoint.TalkdeskGetRecordList) >= 1);
    }

    [Fact]
    public async Task Unknown_statuses_keep_the_wait_going()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        host.Harness.Talkdesk.ValidationScript = ["VALIDATION_STARTED", "SOMETHING_NEW", "ACCEPTED"];

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) }));

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
    }

    [Fact]
    public async Task The_steps_one_by_one_and_the_record_list()
    {
        using var host = TestHost.Start();
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        var file = TestCsv.File(12);
        var progress = new List<UploadProgress>();

        var created = await host.Talkdesk.CreateUploadRequestAsync(listId, new TalkdeskCreateUploadRequest { File = file });
        Assert.Equal("CREATED", created.Status);
        Assert.NotNull(created.Links?.Self?.Href);
        Assert.EndsWith($"/record-lists/{listId}/upload-requests/{created.Id}", created.Links!.Self!.Href);
        Assert.Equal(listId, created.RecordListId);

        var early = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.StartValidationAsync(listId, created.Id));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("only after the file was PUT", early.Message);

        await host.Talkdesk.UploadToSignedUrlAsync(created, file, new SyncProgress(progress.Add));
        Assert.Equal(file.Length, progress[^1].BytesSent);

        var started = await host.Talkdesk.StartValidationAsync(listId, created.Id);
        Assert.Equal(TalkdeskStatus.Uploaded, started.Status);
        var twice = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.StartValidationAsync(listId, created.Id));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, twice.StatusCode);

        var read = await host.Talkdesk.GetUploadRequestAsync(listId, created.Id);
        Assert.Equal(TalkdeskStatus.ValidationStarted, read.Status);
        Assert.Null(read.ChecksumMd5);

        var list = await host.Talkdesk.GetRecordListAsync(listId);
        Assert.Equal(listId, list.Id);
        Assert.Equal("Harness list", list.Name);
        Assert.Equal(TalkdeskStatus.Accepted, list.Status);
        Assert.Equal(12, list.RecordsCount);
    }

    [Fact]
    public async Task A_small_non_seekable_stream_works_and_its_PUT_can_be_retried()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var csv = TestCsv.Contacts(20);
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.Status(503, "<Error><Code>SlowDown</Code></Error>"));

        var result = await clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest
        {
            File = UploadFile.FromStream(new ForwardOnlyStream(csv), "pipe.csv"),
        }));

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
        Assert.All(host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut), e => Assert.Equal(csv, e.Body));
        Assert.All(host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut), e => Assert.Equal(csv.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Header("Content-Length")));
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
    }
}

public class The_signed_URL_PUT_behaves_like_S3
{
    [Fact]
    public async Task It_is_retried_after_a_503_with_the_same_bytes_and_MD5()
    {
        using var host = TestHost.Start();
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        var path = Path.GetTempFileName();
        var csv = TestCsv.Contacts(30);
        await File.WriteAllBytesAsync(path, csv);
        try
        {
            var created = await host.Talkdesk.CreateUploadRequestAsync(listId, new TalkdeskCreateUploadRequest { File = UploadFile.FromPath(path, "list.csv") });
            host.Harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.Status(503, "<Error><Code>SlowDown</Code></Error>"), times: 2);

            await host.Talkdesk.UploadToSignedUrlAsync(created, UploadFile.FromPath(path, "list.csv"));
        }
        finally
        {
            File.Delete(path);
        }

        var puts = host.Harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut);
        Assert.Equal(3, puts.Count);
        Assert.Single(puts.Select(p => p.Header("Content-MD5")).Distinct());
        Assert.All(puts, p => Assert.Equal(csv, p.Body));
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskCreateUploadRequest));
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_declared_MD5_get_BadDigest_without_the_signature_in_the_error()
    {
        using var host = TestHost.Start();
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        var created = await host.Talkdesk.CreateUploadRequestAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(10) });

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.UploadToSignedUrlAsync(created, TestCsv.File(11)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("BadDigest", ex.ErrorCode);
        Assert.Contains("do not match their Content-MD5", ex.Message);
        var signature = host.Harness.Talkdesk.SignedUrl(created.Id)!.Split("X-Amz-Signature=")[1];
        Assert.DoesNotContain(signature, ex.ToString());
        Assert.DoesNotContain("X-Amz-Credential", ex.ToString());
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
    }

    [Fact]
    public async Task An_ETag_that_is_not_the_MD5_is_an_error()
    {
        using var host = TestHost.Start();
        var listId = host.Harness.Talkdesk.DefaultRecordListId;
        var file = TestCsv.File(10);
        var created = await host.Talkdesk.CreateUploadRequestAsync(listId, new TalkdeskCreateUploadRequest { File = file });
        host.Harness.InjectFault(HarnessEndpoint.TalkdeskSignedUrlPut, HarnessFault.ResponseHeader("ETag", "\"00000000000000000000000000000000\""));

        var ex = await Assert.ThrowsAsync<UploadIntegrityException>(() => host.Talkdesk.UploadToSignedUrlAsync(created, file));

        Assert.Equal(created.ChecksumMd5, ex.ExpectedMd5);
        Assert.Equal("00000000000000000000000000000000", ex.ActualETag);
        Assert.Contains(created.ChecksumMd5!, ex.Message);
    }

    [Fact]
    public async Task The_upload_request_never_prints_its_signed_URL_query()
    {
        using var host = TestHost.Start();
        var created = await host.Talkdesk.CreateUploadRequestAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3) });

        Assert.DoesNotContain("X-Amz-Signature", created.ToString());
        Assert.DoesNotContain("X-Amz-Signature", created.Links!.Upload!.ToString());
        Assert.Equal(host.Harness.Talkdesk.SignedUrl(created.Id), created.SignedUrl!.OriginalString);
    }

    [Fact]
    public async Task A_plain_http_signed_URL_off_loopback_is_refused_before_sending()
    {
        using var host = TestHost.Start();
        var fake = new TalkdeskUploadRequest { Id = "x", RecordListId = "rl", SignedUrl = new Uri("http://bucket.s3.example.com/x.csv?X-Amz-Signature=abc"), ChecksumMd5 = new string('0', 32) };

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.Talkdesk.UploadToSignedUrlAsync(fake, TestCsv.File(3)));

        Assert.Contains("must use https", ex.Message);
        Assert.DoesNotContain("abc", ex.Message);
        Assert.Empty(host.Harness.Journal.Entries);
    }
}

public class A_callers_HttpClient_never_carries_requests_to_the_signed_URL
{
    [Fact]
    public async Task Its_default_Authorization_header_does_not_reach_S3()
    {
        using var harness = UploadClientsHarness.Start();
        using var own = new HttpClient();
        own.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "callers-default-token-123");
        var options = harness.CreateTalkdeskOptions();
        options.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMinutes(1) };
        var client = new TalkdeskClient(options, own);

        var result = await client.UploadAndWaitAsync(harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(5) });

        Assert.Equal(TalkdeskStatus.Accepted, result.Status);
        Assert.Null(Assert.Single(harness.Journal.For(HarnessEndpoint.TalkdeskSignedUrlPut)).Header("Authorization"));
        Assert.Equal("Bearer " + TalkdeskFake.AccessToken, harness.Journal.For(HarnessEndpoint.TalkdeskCreateUploadRequest).Single().Header("Authorization"));
    }
}
