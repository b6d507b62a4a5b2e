using System.Net;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

public class Provider_errors_become_UploadApiException_with_advice
{
    private static Task<OptimalDialUpload> Upload(TestHost host, int rows = 150) =>
        host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(rows), PhoneColumn = "phone" });

    [Fact]
    public async Task Status_402_says_to_buy_credits()
    {
        using var host = TestHost.Start();
        host.Harness.OptimalDial.CreditBalance = 10;

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host));

        Assert.Equal(HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.Equal("OptimalDial", ex.Provider);
        Assert.Contains("Insufficient credits", ex.Message);
        Assert.Contains("buy credits", ex.Message);
        Assert.Null(ex.ErrorCode);
        Assert.Contains("Insufficient credits", ex.ResponseBody);
    }

    [Fact]
    public async Task Status_403_says_to_subscribe()
    {
        using var host = TestHost.Start();
        host.Harness.OptimalDial.SubscriptionActive = false;

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("subscribe", ex.Message);
    }

    [Fact]
    public async Task Status_422_for_too_few_valid_numbers_explains_the_100_number_rule()
    {
        using var host = TestHost.Start();

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host, rows: 99));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Contains("at least 100 valid US/Canadian", ex.Message);
        Assert.Equal(0, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task Status_422_with_a_field_list_fills_FieldErrors()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(422, "{\"detail\":[{\"loc\":[\"body\",\"phone_column\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host));

        var field = Assert.Single(ex.FieldErrors);
        Assert.Equal(new UploadFieldError("phone_column", "field required"), field);
        Assert.Contains("Fix the fields listed", ex.Message);
    }

    [Fact]
    public async Task Status_413_says_to_split_the_file()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(413, "{\"detail\":\"File too large\"}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ex.StatusCode);
        Assert.Contains("split it into smaller files", ex.Message);
    }

    [Fact]
    public async Task Status_429_with_an_object_detail_gives_the_error_code_and_the_wait()
    {
        // Longer than MaxRetryAfter: not waited out inside the call, returned with the wait.
        using var host = TestHost.Start(configure: o => o.OptimalDial.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30));
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.TooManyRequests(TimeSpan.FromSeconds(45)));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(45), ex.RetryAfter);
        Assert.Contains("wait 45 seconds", ex.Message);
        Assert.Contains("\"limit\":60", ex.Message);
    }

    [Fact]
    public async Task Status_401_names_the_setting_and_never_shows_the_key()
    {
        using var host = TestHost.Start(configure: o => o.OptimalDial.ApiKey = "od_live_wrong_key_1234567890");

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => Upload(host));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("UploadClients:OptimalDial:ApiKey", ex.Message);
        Assert.DoesNotContain("wrong_key", ex.ToString());
    }

    [Fact]
    public async Task Status_404_explains_organization_scoping()
    {
        using var host = TestHost.Start();

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("another organization", ex.Message);
    }

    [Fact]
    public async Task A_body_echoing_the_key_is_redacted()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(400, $"{{\"detail\":\"bad key {OptimalDialFake.ApiKey} Bearer {OptimalDialFake.ApiKey}\"}}"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.DoesNotContain(OptimalDialFake.ApiKey, ex.ToString());
        Assert.DoesNotContain(OptimalDialFake.ApiKey, ex.ResponseBody);
    }

    [Fact]
    public async Task A_non_JSON_error_body_keeps_the_status_and_the_text()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.Status(400, "<html>Bad gateway config</html>"));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("<html>Bad gateway config</html>", ex.ResponseBody);
    }
}

public class Unreadable_success_bodies_are_unexpected_responses
{
    [Fact]
    public async Task Malformed_JSON()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.MalformedJson());

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDial.GetUploadAsync(id));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
        Assert.Contains("\"status\": \"proc", ex.ResponseBody);
    }

    [Fact]
    public async Task An_empty_body()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.EmptyBody());

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDial.GetUploadAsync(Guid.NewGuid()));
        Assert.Contains("empty body", ex.Message);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("status")]
    public async Task A_missing_required_field(string field)
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.MissingField(field));

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDial.GetUploadAsync(id));
        Assert.Contains(field, ex.Message);
    }

    // The tolerant-reader rule (docs/contract.md): only the fields the SDK acts on (id, status) are
    // required; OptimalDial's own trimmed examples leave the others out.
    [Theory]
    [InlineData("created_at")]
    [InlineData("updated_at")]
    [InlineData("user_id")]
    [InlineData("storage_path")]
    [InlineData("original_filename")]
    public async Task A_missing_field_the_SDK_does_not_act_on_is_tolerated(string field)
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.MissingField(field));

        var upload = await host.OptimalDial.GetUploadAsync(id);

        Assert.Equal(id, upload.Id);
        Assert.Equal(OptimalDialUploadStatus.Processing, upload.Status);
    }

    [Fact]
    public async Task An_unknown_status_reads_as_Unknown_instead_of_throwing()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetUpload, HarnessFault.SetField("status", "quantum_superposition"));

        var upload = await host.OptimalDial.GetUploadAsync(id);

        Assert.Equal("quantum_superposition", upload.Status.ToString());
        Assert.False(upload.Status.IsDocumented);
        Assert.False(upload.IsTerminal);
    }
}
