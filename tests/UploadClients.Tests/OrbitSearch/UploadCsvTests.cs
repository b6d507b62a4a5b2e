using System.Net;
using UploadClients.OrbitSearch;
using UploadClients.Testing;
using UploadClients.Testing.OrbitSearch;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OrbitSearch;

public class Csv_upload_sends_the_file_with_an_idempotency_key
{
    private static OrbitSearchCsvUploadRequest Request(TestHost host, UploadFile? file = null, string? key = null, Guid? directory = null) => new()
    {
        OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
        DirectoryId = directory ?? host.Harness.OrbitSearch.DefaultDirectoryId,
        File = file ?? TestCsv.File(20),
        IdempotencyKey = key,
    };

    [Fact]
    public async Task A_callers_key_is_sent_as_given_with_the_file_and_token()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(20);

        var result = await host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromBytes(csv, "contacts.csv"), "upload-2024-q4-v1"));

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv));
        Assert.Equal($"/v2/organizations/{host.Harness.OrbitSearch.DefaultOrganizationId}/directories/{host.Harness.OrbitSearch.DefaultDirectoryId}/sources/csv-upload", sent.Path);
        Assert.Equal("Bearer " + OrbitSearchFake.AccessToken, sent.Header("Authorization"));
        Assert.Equal(["file", "idempotency_key"], sent.FormParts().Select(p => p.Name));
        Assert.Equal(csv, sent.FormParts()[0].Content);
        Assert.Equal("upload-2024-q4-v1", sent.FormField("idempotency_key"));
        Assert.Equal("upload-2024-q4-v1", result.IdempotencyKey);
        Assert.True(Guid.TryParse(result.SourceId, out _), result.SourceId); // documented as a UUID, kept a string
        Assert.Equal(host.Harness.OrbitSearch.DefaultDirectoryId.ToString(), result.DirectoryId);
        Assert.Equal(OrbitSearchSourceStatus.Processing, result.SourceStatus);
        Assert.Equal(20, result.Accepted);
        Assert.Equal(0, result.Failed);
        Assert.False(result.IsIdempotent);
    }

    [Fact]
    public async Task Without_a_key_the_SDK_makes_a_fresh_URL_safe_one_per_call_and_returns_it()
    {
        using var host = TestHost.Start();

        var first = await host.OrbitSearch.UploadCsvAsync(Request(host));
        var second = await host.OrbitSearch.UploadCsvAsync(Request(host));

        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);
        Assert.All([first.IdempotencyKey, second.IdempotencyKey], k =>
        {
            Assert.InRange(k.Length, 1, 64);
            Assert.Matches("^[A-Za-z0-9_-]+$", k);
        });
        var sent = host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv);
        Assert.Equal([first.IdempotencyKey, second.IdempotencyKey], sent.Select(e => e.FormField("idempotency_key")));
        Assert.Equal(2, host.Harness.OrbitSearch.SourceCount(host.Harness.OrbitSearch.DefaultDirectoryId));
    }

    [Fact]
    public async Task The_same_key_and_file_again_returns_the_original_source_marked_idempotent()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(30);

        var first = await host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromBytes(csv, "a.csv")));
        var again = await host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromBytes(csv, "a.csv"), first.IdempotencyKey));

        Assert.True(again.IsIdempotent);
        Assert.Equal(first.SourceId, again.SourceId);
        Assert.Equal(first.IdempotencyKey, again.IdempotencyKey);
        Assert.Equal(1, host.Harness.OrbitSearch.SourceCount(host.Harness.OrbitSearch.DefaultDirectoryId));
    }

    [Fact]
    public async Task The_same_key_with_another_file_is_rejected_with_advice()
    {
        using var host = TestHost.Start();
        await host.OrbitSearch.UploadCsvAsync(Request(host, TestCsv.File(10), "k-1"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, TestCsv.File(11), "k-1")));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Equal("idempotency_key_reused", ex.ErrorCode);
        Assert.Contains("use a new key for a new file", ex.Message);
        Assert.Equal(1, host.Harness.OrbitSearch.SourceCount(host.Harness.OrbitSearch.DefaultDirectoryId));
    }

    [Fact]
    public async Task A_directory_of_another_organization_is_forbidden()
    {
        using var host = TestHost.Start();
        var foreign = host.Harness.OrbitSearch.AddDirectory(Guid.NewGuid());

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, directory: foreign)));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("another organization", ex.Message);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchUploadCsv));
    }

    [Fact]
    public async Task An_archived_directory_is_rejected()
    {
        using var host = TestHost.Start();
        var archived = host.Harness.OrbitSearch.AddDirectory(host.Harness.OrbitSearch.DefaultOrganizationId, archived: true);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, directory: archived)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Equal("directory_archived", ex.ErrorCode);
        Assert.Contains("archived", ex.Message);
        Assert.Equal(0, host.Harness.OrbitSearch.SourceCount(archived));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    [InlineData("ünïcode")]
    public async Task An_invalid_key_is_refused_before_sending(string key)
    {
        using var host = TestHost.Start();

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, key: key)));

        Assert.Contains("IdempotencyKey", ex.Message);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task A_key_over_255_characters_is_refused()
    {
        using var host = TestHost.Start();
        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, key: new string('k', 256))));
        Assert.Contains("1 to 255 characters", ex.Message);
    }

    [Fact]
    public async Task An_empty_file_or_one_without_a_header_is_refused_before_sending()
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<UploadValidationException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromBytes(Array.Empty<byte>(), "e.csv"))));
        await Assert.ThrowsAsync<UploadValidationException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromBytes("\n\n"u8.ToArray(), "e.csv"))));

        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task Directory_readiness_is_read_as_typed_as_documented()
    {
        using var host = TestHost.Start();
        host.Harness.OrbitSearch.StatusScript = ["processing", "processing", "completed"];
        await host.OrbitSearch.UploadCsvAsync(Request(host));

        var readiness = await host.OrbitSearch.GetDirectoryReadinessAsync(host.Harness.OrbitSearch.DefaultOrganizationId, host.Harness.OrbitSearch.DefaultDirectoryId);

        Assert.False(readiness.IsReady);
        Assert.Equal("indexing", readiness.Status);
        Assert.Equal(1, readiness.PendingSources);
        Assert.Equal(host.Harness.OrbitSearch.DefaultDirectoryId.ToString(), readiness.Fields["directory_id"].GetString());
    }
}

public class OrbitSearch_uploads_retry_with_the_same_key_and_bytes
{
    private static OrbitSearchCsvUploadRequest Request(TestHost host, UploadFile file) => new()
    {
        OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
        DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
        File = file,
    };

    [Fact]
    public async Task A_retried_upload_after_a_503_carries_the_same_key_and_the_full_file()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(500);
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(503));

        var result = await host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromStream(new MemoryStream(csv), "s.csv")));

        var sent = host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv);
        Assert.Equal(2, sent.Count);
        Assert.Equal(503, sent[0].ResponseStatus);
        Assert.All(sent, e => Assert.Equal(result.IdempotencyKey, e.FormField("idempotency_key")));
        Assert.All(sent, e => Assert.Equal(csv, e.FormParts()[0].Content));
        Assert.Equal(sent[0].BodyLength, sent[1].BodyLength);
        Assert.Equal(1, host.Harness.OrbitSearch.SourceCount(host.Harness.OrbitSearch.DefaultDirectoryId));
    }

    [Theory]
    [InlineData("500")]
    [InlineData("502")]
    [InlineData("504")]
    [InlineData("408")]
    [InlineData("429")]
    [InlineData("drop")]
    public async Task After_each_transient_fault(string fault)
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(
            HarnessEndpoint.OrbitSearchUploadCsv,
            fault switch
            {
                "drop" => HarnessFault.DropConnection(),
                "429" => HarnessFault.TooManyRequests(TimeSpan.Zero),
                _ => HarnessFault.Status(int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture)),
            });

        var result = await host.OrbitSearch.UploadCsvAsync(Request(host, TestCsv.File(20)));

        await host.Harness.Journal.WaitForAsync(HarnessEndpoint.OrbitSearchUploadCsv, 2);
        var keys = host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv).Select(e => e.FormField("idempotency_key")).Distinct();
        Assert.Equal([result.IdempotencyKey], keys);
        Assert.False(result.IsIdempotent);
    }

    [Fact]
    public async Task When_the_answer_was_lost_after_the_source_was_made_the_retry_gets_the_original()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(502).AfterTheFakeHandledIt());

        var result = await host.OrbitSearch.UploadCsvAsync(Request(host, TestCsv.File(20)));

        Assert.True(result.IsIdempotent);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchUploadCsv));
        Assert.Equal(1, host.Harness.OrbitSearch.SourceCount(host.Harness.OrbitSearch.DefaultDirectoryId));
    }

    [Fact]
    public async Task A_non_seekable_stream_is_not_sent_twice_and_the_error_says_why()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(503), times: 3);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() =>
            host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromStream(new ForwardOnlyStream(TestCsv.Contacts(5000)), "pipe.csv"))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Contains("non-seekable stream that was already sent", ex.Message);
        Assert.Contains("IdempotencyKey", ex.Message);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchUploadCsv));
    }

    [Fact]
    public async Task The_explained_error_keeps_the_providers_error_details()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(
            HarnessEndpoint.OrbitSearchUploadCsv,
            HarnessFault.Status(503, """{"status":"failed","error":{"code":"service_unavailable","message":"Try again later","retryInSeconds":30}}"""),
            times: 3);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() =>
            host.OrbitSearch.UploadCsvAsync(Request(host, UploadFile.FromStream(new ForwardOnlyStream(TestCsv.Contacts(5000)), "pipe.csv"))));

        Assert.Contains("non-seekable stream that was already sent", ex.Message);
        Assert.Equal("service_unavailable", ex.ErrorCode);
        Assert.Equal(30, ex.ErrorDetails["retryInSeconds"].GetInt32());
    }
}
