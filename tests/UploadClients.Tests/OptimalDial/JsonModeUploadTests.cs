using System.Net;
using System.Text.Json;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Tests.Contract;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

/// <summary>JSON-mode uploads: POST /api/v1/uploads with application/json (getting-started).</summary>
public class OptimalDial_JSON_mode_uploads
{
    /// <summary>The page's numbers as printed: +1555… placeholders ("replace these with real ones").</summary>
    private static readonly string[] PlaceholderNumbers = Fixture.Json("optimaldial/getting-started.json-upload.request.constructed.json")
        .GetProperty("phone_numbers").EnumerateArray().Select(n => n.GetString()!).ToArray();

    /// <summary>
    /// The placeholders replaced, as the page asks, by real numbers of the same shape: area code 555
    /// is not assigned (libphonenumber, and so the inspection and the fake, read +1555… as invalid),
    /// so +1555000NNNN becomes +1212555NNNN (New York, a valid exchange).
    /// </summary>
    private static readonly string[] DocumentedNumbers = [.. PlaceholderNumbers.Select(Real)];

    private static string Real(string placeholder) => placeholder.Replace("+1555000", "+1212555", StringComparison.Ordinal);

    [Fact]
    public async Task The_body_is_the_documented_shape()
    {
        using var host = TestHost.Start();

        var upload = await host.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest { Filename = "first-list.csv", PhoneNumbers = DocumentedNumbers });

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.StartsWith("application/json", sent.Header("Content-Type"));
        var documented = Fixture.Json("optimaldial/getting-started.json-upload.request.constructed.json");
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(documented.GetProperty("filename").GetString(), body.RootElement.GetProperty("filename").GetString());
        Assert.Equal(documented.GetProperty("phone_numbers").EnumerateArray().Select(n => Real(n.GetString()!)), body.RootElement.GetProperty("phone_numbers").EnumerateArray().Select(n => n.GetString()));
        Assert.False(body.RootElement.GetProperty("skip_mobile_lookup").GetBoolean());
        Assert.Equal(["filename", "phone_numbers", "skip_mobile_lookup"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("first-list.csv", upload.OriginalFilename);
        Assert.Equal(100, upload.ValidRowCount);
        Assert.Equal(100, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task The_pages_placeholder_numbers_are_not_valid_numbers_so_the_fake_answers_422()
    {
        using var host = TestHost.Start();
        Assert.All(PlaceholderNumbers, n => Assert.Equal(PhoneNumberKind.Invalid, CsvInspector.ClassifyPhoneNumber(n)));

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest { PhoneNumbers = PlaceholderNumbers }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Equal(0, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task Without_a_filename_none_is_sent_and_OptimalDial_names_it()
    {
        using var host = TestHost.Start();

        var upload = await host.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest { PhoneNumbers = DocumentedNumbers, SkipMobileLookup = true });

        using var body = JsonDocument.Parse(Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload)).Body);
        Assert.False(body.RootElement.TryGetProperty("filename", out _));
        Assert.True(body.RootElement.GetProperty("skip_mobile_lookup").GetBoolean());
        Assert.Matches("^api_upload_[0-9a-f]+\\.csv$", upload.OriginalFilename);
    }

    [Fact]
    public async Task Answered_503_it_is_sent_once_and_says_it_may_have_been_charged()
    {
        using var host = TestHost.Start();
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialCreateUpload, HarnessFault.Status(503), times: 5);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest { PhoneNumbers = DocumentedNumbers }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.MayHaveTakenEffect);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    public static TheoryData<int, string?> Refused => new()
    {
        { 0, null },
        { 250_001, null },
        { 150, "   " },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_empty_list_an_oversized_one_or_blank_entries_are_refused_unsent(int count, string? blank)
    {
        using var host = TestHost.Start();
        var numbers = Enumerable.Range(0, count).Select(i => i == 7 && blank is not null ? blank : $"+1212555{i % 10_000:0000}").ToList();

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.OptimalDial.CreateUploadAsync(new OptimalDialNumbersUploadRequest { PhoneNumbers = numbers }));

        Assert.Contains("PhoneNumbers", ex.Message);
        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Equal(0, host.Harness.OptimalDial.CreditsCharged);
    }
}
