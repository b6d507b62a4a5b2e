using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>OptimalDial's documented examples, answered to the client through the harness, parse into the public model with the documented values.</summary>
public class OptimalDial_documented_responses_parse_with_their_values
{
    private static readonly Guid ExampleId = Guid.Parse("3c90c3cc-0d44-4b50-8888-8dd25736052a");

    [Theory]
    [InlineData("optimaldial/create-an-upload.response.json")]
    [InlineData("optimaldial/retrieve-an-upload.response.json")]
    public async Task The_Upload_object(string fixture)
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(200, Fixture.Text(fixture)));

        var upload = await host.OptimalDial.GetUploadAsync(ExampleId);

        AssertExampleUpload(upload);
    }

    [Fact]
    public async Task The_create_response_through_CreateUploadAsync()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(200, Fixture.Text("optimaldial/create-an-upload.response.json")));

        var upload = await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });

        AssertExampleUpload(upload);
    }

    [Fact]
    public async Task A_page_of_uploads()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListUploads, HarnessFault.Status(200, Fixture.Text("optimaldial/list-uploads.response.json")));

        // Only the first page: the documented next_cursor is the example's, which the harness does not know.
        await foreach (var upload in host.OptimalDial.ListUploadsAsync())
        {
            AssertExampleUpload(upload);
            break;
        }

        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialListUploads));
    }

    [Fact]
    public async Task The_trimmed_upload_of_the_getting_started_guide()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(200, Fixture.Text("optimaldial/getting-started.json-upload.response.json")));

        var upload = await host.OptimalDial.GetUploadAsync(Guid.Parse("f3c9b8a7-1234-4abc-9def-0123456789ab"));

        Assert.Equal(Guid.Parse("f3c9b8a7-1234-4abc-9def-0123456789ab"), upload.Id);
        Assert.Equal(OptimalDialUploadStatus.ReadyForProcessing, upload.Status);
        Assert.Equal(OptimalDialUploadSource.Api, upload.Source);
        Assert.Equal(100, upload.ValidRowCount);
        Assert.Equal(0, upload.InvalidRowCount);
        Assert.Equal(100, upload.CreditsRequired);
        Assert.Equal(100, upload.CreditsCharged);
        Assert.Equal(new DateTimeOffset(2026, 4, 24, 12, 34, 56, 789, TimeSpan.Zero), upload.CreatedAt);
        Assert.Equal(Guid.Empty, upload.UserId);
        Assert.Null(upload.OrganizationId);
    }

    [Fact]
    public async Task The_cancellation_result()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCancelUpload, HarnessFault.Status(200, Fixture.Text("optimaldial/cancel-an-upload.response.json")));

        var cancelled = await host.OptimalDial.CancelUploadAsync(ExampleId);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.True(cancelled.IsCancelled);
        Assert.Equal(12000, cancelled.CreditsRefunded);
    }

    [Fact]
    public async Task The_signed_download_link()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetDownloadLink, HarnessFault.Status(200, Fixture.Text("optimaldial/get-a-signed-download-url-for-the-original-submitted-file.response.json")));

        var link = await host.OptimalDial.GetDownloadLinkAsync(ExampleId, OptimalDialFileKind.Original);

        Assert.Equal("https://storage.example.com/uploads/3c90c3cc-0d44-4b50-8888-8dd25736052a/original.csv?X-Amz-Expires=3600&X-Amz-Signature=9f86d081884c7d65", link.DownloadUrl.OriginalString);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1777034096789), link.ExpiresAt);
        Assert.DoesNotContain("Signature", link.ToString());
    }

    [Fact]
    public async Task The_error_envelope_with_a_string_detail()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(402, Fixture.Text("optimaldial/errors-and-rate-limits.detail-string.json")));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Equal(HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.Contains("Insufficient credits", ex.Message);
        Assert.Null(ex.ErrorCode);
        Assert.Empty(ex.ErrorDetails);
    }

    [Fact]
    public async Task The_error_envelope_with_an_object_detail()
    {
        // A 429 is retried after its Retry-After; one longer than MaxRetryAfter reaches the caller at once.
        using var host = TestHost.Start(configure: o => o.OptimalDial.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(429, Fixture.Text("optimaldial/errors-and-rate-limits.detail-object.json"), TimeSpan.FromSeconds(45)));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" }));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(45), ex.RetryAfter);
        Assert.Equal(60, ex.ErrorDetails["limit"].GetInt32());
        Assert.Equal(65, ex.ErrorDetails["observed"].GetInt32());
        Assert.Equal(45, ex.ErrorDetails["retry_after_seconds"].GetInt32());
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    internal static void AssertExampleUpload(OptimalDialUpload upload)
    {
        Assert.Equal(ExampleId, upload.Id);
        Assert.Equal(ExampleId, upload.UserId);
        Assert.Equal("april-cohort.csv", upload.OriginalFilename);
        Assert.Equal("uploads/3c90c3cc-0d44-4b50-8888-8dd25736052a/original.csv", upload.StoragePath);
        Assert.Equal(OptimalDialUploadStatus.PendingMapping, upload.Status);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), upload.CreatedAt);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), upload.UpdatedAt);
        Assert.Equal(ExampleId, upload.OrganizationId);
        Assert.Equal(482133, upload.FileSizeBytes);
        Assert.Equal(12000, upload.ValidRowCount);
        Assert.Equal(37, upload.InvalidRowCount);
        Assert.Equal(12000, upload.CreditsRequired);
        Assert.Equal(12000, upload.CreditsCharged);
        Assert.Equal(0, upload.CreditsRefunded);
        Assert.Equal(OptimalDialUploadSource.Web, upload.Source);
        Assert.Equal(ExampleId, upload.ApiKeyId);
        Assert.True(upload.SkipMobileLookup);
        Assert.Equal("uploads/3c90c3cc-0d44-4b50-8888-8dd25736052a/processed.csv", upload.ProcessedStoragePath);
        Assert.Equal("uploads/3c90c3cc-0d44-4b50-8888-8dd25736052a/processed-filtered.csv", upload.ProcessedFilteredStoragePath);
        Assert.Equal("Column 'phone' not found in CSV header", upload.ErrorMessage);
        Assert.True(upload.ExceededDailyLimit);
        Assert.False(upload.IsTerminal);
    }
}

/// <summary>The documented webhook payloads, byte for byte and signed as OptimalDial signs them, verify and yield their values.</summary>
public class OptimalDial_documented_webhook_payloads_verify
{
    private static readonly DateTimeOffset SignedAt = new(2026, 4, 24, 12, 34, 57, TimeSpan.Zero);

    [Theory]
    [InlineData("optimaldial/webhooks.upload-completed.json")]
    [InlineData("optimaldial/webhooks.upload-completed.compact.json")]
    public void Upload_completed_yields_the_upload_its_counts_and_both_download_urls(string fixture)
    {
        var evt = Verify(fixture);

        Assert.Equal("evt_a1b2c3d4e5f67890abcdef12", evt.Id);
        Assert.Equal(OptimalDialWebhookEventTypes.UploadCompleted, evt.Type);
        Assert.Equal("2026-04-23", evt.ApiVersion);
        Assert.Equal(new DateTimeOffset(2026, 4, 24, 12, 34, 56, 789, TimeSpan.Zero), evt.CreatedAt);
        var upload = Assert.IsType<OptimalDialWebhookUpload>(evt.Data.Upload);
        Assert.Equal(Guid.Parse("f3c9b8a7-1234-4abc-9def-0123456789ab"), upload.Id);
        Assert.Equal(OptimalDialUploadSource.Api, upload.Source);
        Assert.Equal(OptimalDialUploadStatus.Completed, upload.Status);
        Assert.Equal("april-cohort.csv", upload.OriginalFilename);
        Assert.Equal(12000, upload.ValidRowCount);
        Assert.Equal(37, upload.InvalidRowCount);
        Assert.Equal("01HABCD…", upload.OrganizationId);
        Assert.Equal(new DateTimeOffset(2026, 4, 24, 12, 30, 0, TimeSpan.Zero), upload.CreatedAt);
        Assert.Equal("https://storage.example.com/...?signed=...", evt.Data.GetDownloadUrl(OptimalDialFileKind.Processed)!.OriginalString);
        Assert.Equal("https://storage.example.com/...?signed=...", evt.Data.GetDownloadUrl(OptimalDialFileKind.ProcessedFiltered)!.OriginalString);
        Assert.Null(evt.Data.GetDownloadUrl(OptimalDialFileKind.Original));
        Assert.Null(evt.Data.ErrorMessage);
        Assert.Empty(evt.Data.AdditionalData);

        // The signed URLs are secrets: no ToString shows their query.
        Assert.DoesNotContain("signed=", evt.ToString());
        Assert.DoesNotContain("signed=", upload.ToString());
    }

    [Fact]
    public void Upload_created_carries_total_rows_and_no_downloads()
    {
        var evt = Verify("optimaldial/webhooks.upload-created.constructed.json");

        Assert.Equal(OptimalDialWebhookEventTypes.UploadCreated, evt.Type);
        Assert.Equal(12037, evt.Data.Upload!.TotalRows);
        Assert.Equal(12000, evt.Data.Upload.ValidRowCount);
        Assert.Equal(OptimalDialUploadStatus.ReadyForProcessing, evt.Data.Upload.Status);
        Assert.Null(evt.Data.Upload.Downloads);
        Assert.Null(evt.Data.GetDownloadUrl(OptimalDialFileKind.Processed));
    }

    [Fact]
    public void Upload_failed_keeps_the_error_message()
    {
        var evt = Verify("optimaldial/webhooks.upload-failed.constructed.json");

        Assert.Equal(OptimalDialWebhookEventTypes.UploadFailed, evt.Type);
        Assert.Equal("Processing failed: the carrier lookup service timed out", evt.Data.ErrorMessage);
        Assert.Equal(OptimalDialUploadStatus.Failed, evt.Data.Upload!.Status);
    }

    [Fact]
    public void Webhook_ping_keeps_the_challenge()
    {
        var evt = Verify("optimaldial/webhooks.webhook-ping.constructed.json");

        Assert.Equal(OptimalDialWebhookEventTypes.WebhookPing, evt.Type);
        Assert.Equal("c8b1f0e2d9a74a36", evt.Data.Challenge);
        Assert.Null(evt.Data.Upload);
    }

    [Fact]
    public void An_event_type_the_SDK_does_not_model_verifies_and_is_returned()
    {
        var evt = Verify("optimaldial/webhooks.contact-completed.constructed.json");

        Assert.Equal(OptimalDialWebhookEventTypes.ContactCompleted, evt.Type);
        Assert.Null(evt.Data.Upload);
        Assert.Equal("+15551234567", evt.Data.AdditionalData["contact"].GetProperty("phone").GetString());
        Assert.Equal("Likely Answer", evt.Data.AdditionalData["contact"].GetProperty("optimaldial_status").GetString());
    }

    [Fact]
    public void A_body_changed_by_one_byte_is_refused()
    {
        var body = Fixture.Bytes("optimaldial/webhooks.upload-completed.json");
        var sender = new OptimalDialWebhookSender();
        var signature = sender.Sign(body, SignedAt);
        body[body.Length / 2] ^= 0x01;

        var ex = Assert.Throws<OptimalDialWebhookSignatureException>(() => new OptimalDialWebhookVerifier(sender.Secret, new FixedClock(SignedAt)).Verify(body, signature));
        Assert.Equal(OptimalDialWebhookFailure.SignatureMismatch, ex.Reason);
    }

    /// <summary>Signs the fixture's exact bytes with the harness sender (an HMAC independent of the verifier) and verifies them.</summary>
    private static OptimalDialWebhookEvent Verify(string fixture)
    {
        var body = Fixture.Bytes(fixture);
        var sender = new OptimalDialWebhookSender();
        return new OptimalDialWebhookVerifier(sender.Secret, new FixedClock(SignedAt)).Verify(body, sender.Sign(body, SignedAt));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>What the client sends has the field names, types and encodings of OptimalDial's documented request.</summary>
public partial class OptimalDial_requests_match_the_documented_examples
{
    [Fact]
    public async Task The_multipart_create_upload()
    {
        var documented = FormFields(Fixture.Text("optimaldial/create-an-upload.request.txt"));
        using var host = TestHost.Start();

        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest
        {
            File = UploadFile.FromBytes(TestCsv.Contacts(), "april-cohort.csv"),
            PhoneColumn = "phone",
            SkipMobileLookup = false,
            FilenameOverride = "april-cohort.csv",
        });

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.StartsWith("multipart/form-data", sent.Header("Content-Type"));
        Assert.StartsWith("Bearer od_live_", sent.Header("Authorization"));
        var parts = sent.FormParts();
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), parts.Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var part in parts)
        {
            var value = documented[part.Name];
            if (value.StartsWith('@'))
            {
                Assert.Equal(value[1..], part.FileName); // a file part, with the file's name
                Assert.Equal(TestCsv.Contacts(), part.Content);
            }
            else
            {
                Assert.Equal(value, Encoding.UTF8.GetString(part.Content)); // booleans as lowercase text, names as sent
            }
        }
    }

    /// <summary>The <c>--form</c>/<c>-F</c> fields of a documented curl command: name → value (a file is "@name").</summary>
    internal static Dictionary<string, string> FormFields(string curl)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in FormPattern().Matches(curl))
        {
            var text = m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["u"].Value;
            text = text.Replace("'", string.Empty, StringComparison.Ordinal);
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var value = text[(eq + 1)..];
            fields[text[..eq]] = value.StartsWith('@') ? "@" + Path.GetFileName(value[1..]) : value;
        }

        return fields;
    }

    [GeneratedRegex("""(?:--form|-F)\s+(?:"(?<q>[^"]*)"|'(?<q>[^']*)'|(?<u>\S+))""")]
    private static partial Regex FormPattern();
}
