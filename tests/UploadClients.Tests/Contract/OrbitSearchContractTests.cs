using System.Net;
using UploadClients.OrbitSearch;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Contract;

/// <summary>OrbitSearch's documented examples parse into the public model; what the client sends matches the documented request.</summary>
public class OrbitSearch_documented_examples_are_the_contract
{
    [Fact]
    public async Task The_csv_upload_response_parses_with_its_values()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(201, Fixture.Text("orbitsearch/sources-upload.response.json")));

        var result = await host.OrbitSearch.UploadCsvAsync(Request(host, "upload-2024-q4-v1"));

        Assert.Equal("9a7e3c1b-2d4f-4b6a-8c0e-1f3a5b7d9e2c", result.SourceId);
        Assert.Equal("c4a9e2d1-6f3b-4a8c-9e7d-2b1f0a3c5d64", result.DirectoryId);
        Assert.Equal(OrbitSearchSourceStatus.Processing, result.SourceStatus);
        Assert.Equal(1180, result.Accepted);
        Assert.Equal(12, result.Failed);
        Assert.Equal(8, result.Warnings);
        Assert.True(result.IsIdempotent);
        Assert.Equal("upload-2024-q4-v1", result.IdempotencyKey);
    }

    [Fact]
    public async Task The_multipart_upload_has_the_documented_fields()
    {
        var documented = OptimalDial_requests_match_the_documented_examples.FormFields(Fixture.Text("orbitsearch/sources-upload.request.txt"));
        using var host = TestHost.Start();

        await host.OrbitSearch.UploadCsvAsync(Request(host, "upload-2024-q4-v1"));

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv));
        Assert.StartsWith("multipart/form-data", sent.Header("Content-Type"));
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), sent.FormParts().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(documented["idempotency_key"], sent.FormField("idempotency_key"));
        Assert.Equal("contacts.csv", Assert.Single(sent.FormParts(), p => p.Name == "file").FileName);
    }

    [Fact]
    public async Task The_documented_error_shape_gives_the_code_and_message()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(403, Fixture.Text("orbitsearch/error-handling.error.json")));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, null)));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("invalid_api_key", ex.ErrorCode);
        Assert.Contains("The API key is malformed, revoked, expired, or unknown.", ex.Message);
        Assert.Empty(ex.ErrorDetails);
    }

    [Fact]
    public async Task Extra_fields_of_an_error_stay_available()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OrbitSearchUploadCsv, HarnessFault.Status(402, Fixture.Text("orbitsearch/error-handling.credits-insufficient.json")));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OrbitSearch.UploadCsvAsync(Request(host, null)));

        Assert.Equal("developer_api_credits_insufficient", ex.ErrorCode);
        Assert.Contains("Developer API credits are insufficient for this request", ex.Message);
        Assert.Equal(2, ex.ErrorDetails["requiredCredits"].GetInt32());
        Assert.Equal(0, ex.ErrorDetails["remainingCredits"].GetInt32());
    }

    private static OrbitSearchCsvUploadRequest Request(TestHost host, string? key) => new()
    {
        OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
        DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
        File = TestCsv.File(),
        IdempotencyKey = key,
    };
}
