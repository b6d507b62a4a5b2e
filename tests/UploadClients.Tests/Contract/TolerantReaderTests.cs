using System.Text.Json.Nodes;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>The tolerant-reader rule of docs/contract.md, applied to a documented example the provider might evolve.</summary>
public class The_tolerant_reader_rule
{
    [Fact]
    public async Task Dates_sent_as_unix_seconds_read_like_ISO_8601()
    {
        var upload = await ReadUpload(u =>
        {
            u["created_at"] = 1699335116;
            u["updated_at"] = 1699335116.5;
        });

        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), upload.CreatedAt);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, 500, TimeSpan.Zero), upload.UpdatedAt);
    }

    [Fact]
    public async Task A_null_original_filename_or_storage_path_reads_as_empty_never_as_null()
    {
        var upload = await ReadUpload(u =>
        {
            u["original_filename"] = null;
            u["storage_path"] = null;
        });

        Assert.Equal(string.Empty, upload.OriginalFilename); // a rerun's search of the list compares it: null crashed it
        Assert.Equal(string.Empty, upload.StoragePath);
    }

    [Fact]
    public async Task Unknown_fields_and_enum_values_are_ignored()
    {
        var upload = await ReadUpload(u =>
        {
            u["brand_new_field"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };
            u["source"] = "zapier";
        });

        OptimalDial_documented_responses_parse_with_their_values.AssertExampleUpload(upload with { Source = OptimalDialUploadSource.Web });
        // Kept as sent (it read as Unknown, the text lost, when the values were a closed enum).
        Assert.Equal("zapier", upload.Source.ToString());
        Assert.False(upload.Source!.Value.IsDocumented);
    }

    [Fact]
    public async Task An_id_the_SDK_never_acts_on_that_is_not_a_UUID_reads_as_empty()
    {
        var upload = await ReadUpload(u =>
        {
            u["organization_id"] = "01HABCD…";
            u["user_id"] = "usr_42";
        });

        Assert.Null(upload.OrganizationId);
        Assert.Equal(Guid.Empty, upload.UserId);
        Assert.Equal(Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a"), upload.Id);
    }

    [Fact]
    public async Task The_id_the_SDK_acts_on_stays_strict()
    {
        using var host = TestHost.Start();
        var body = (JsonObject)JsonNode.Parse(Fixture.Text("optimaldial/retrieve-an-upload.response.json"))!;
        body["id"] = "01HABCD…";
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(200, body.ToJsonString()));

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.Contains("not the documented JSON", ex.Message);
    }

    private static async Task<OptimalDialUpload> ReadUpload(Action<JsonObject> edit)
    {
        using var host = TestHost.Start();
        var body = (JsonObject)JsonNode.Parse(Fixture.Text("optimaldial/retrieve-an-upload.response.json"))!;
        edit(body);
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(200, body.ToJsonString()));
        return await host.OptimalDial.GetUploadAsync(Guid.NewGuid());
    }
}

/// <summary>OrbitSearch documents its counts as JSON "number": whole floats read as counts, fractions do not.</summary>
public class OrbitSearch_counts_documented_as_numbers
{
    [Theory]
    [InlineData("1180.0", true)]
    [InlineData("1.18e3", true)]
    [InlineData("1180.5", false)]
    public async Task Read_as_whole_numbers(string accepted, bool readable)
    {
        using var host = TestHost.Start();
        var body = Fixture.Text("orbitsearch/sources-upload.response.json").Replace("\"accepted\": 1180", "\"accepted\": " + accepted, StringComparison.Ordinal);
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(201, body));
        var request = new UploadClients.OrbitSearch.OrbitSearchCsvUploadRequest
        {
            OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(),
        };

        if (readable)
        {
            Assert.Equal(1180, (await host.OrbitSearch.UploadCsvAsync(request)).Accepted);
        }
        else
        {
            await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OrbitSearch.UploadCsvAsync(request));
        }
    }
}

/// <summary>A value that is not a time is malformed JSON for the caller (an UploadUnexpectedResponseException), never a raw FormatException.</summary>
public class Timestamps_that_are_not_times
{
    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("1e300")]
    [InlineData("\"-1e300\"")]
    public async Task In_a_download_link_are_an_unexpected_response(string expiresAt)
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetDownloadLink, HarnessFault.Status(200, "{\"download_url\":\"https://storage.example.com/f.csv?sig=1\",\"expires_at\":" + expiresAt + "}"));

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDial.GetDownloadLinkAsync(Guid.NewGuid(), OptimalDialFileKind.Original));

        Assert.Contains("not the documented JSON", ex.Message);
    }

    [Fact]
    public void In_a_signed_webhook_are_a_malformed_payload()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(Fixture.Text("optimaldial/webhooks.webhook-ping.constructed.json").Replace("2026-04-24T12:00:00.000+00:00", "half past noon", StringComparison.Ordinal));
        var sender = new UploadClients.Testing.OptimalDial.OptimalDialWebhookSender();

        var ex = Assert.Throws<OptimalDialWebhookSignatureException>(() => new OptimalDialWebhookVerifier(sender.Secret).Verify(body, sender.Sign(body)));

        Assert.Equal(OptimalDialWebhookFailure.MalformedPayload, ex.Reason);
    }
}
