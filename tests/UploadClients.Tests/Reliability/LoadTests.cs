using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;
using Xunit.Abstractions;

namespace UploadClients.Tests.Reliability;

public class Load
{
    [Fact]
    public async Task Two_hundred_concurrent_uploads_across_providers_each_arrive_once()
    {
        // OptimalDial's limit, scaled to a 1-second window on both sides: the 67 uploads take two windows, not two minutes.
        using var host = TestHost.Start(configure: o =>
        {
            o.Talkdesk.Polling = new PollingOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(20),
                Timeout = TimeSpan.FromMinutes(1),
            };
            o.OptimalDial.WriteRateLimit = new UploadRateLimitOptions { Enabled = true, PermitLimit = 60, Window = TimeSpan.FromSeconds(1) };
        });
        host.Harness.OptimalDial.WriteLimitWindow = TimeSpan.FromSeconds(1);
        var optimalDial = host.OptimalDial;
        var orbitSearch = host.OrbitSearch;
        var talkdesk = host.Talkdesk;
        var harness = host.Harness;

        var work = Enumerable.Range(0, 200).Select(i => (i % 3) switch
        {
            0 => (Task)optimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(100 + i, $"od-{i}.csv"), PhoneColumn = "phone" }),
            1 => orbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest
            {
                OrganizationId = harness.OrbitSearch.DefaultOrganizationId,
                DirectoryId = harness.OrbitSearch.DefaultDirectoryId,
                File = TestCsv.File(10 + i, $"os-{i}.csv"),
                IdempotencyKey = $"load-{i}",
            }),
            _ => talkdesk.UploadAndWaitAsync(harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(5 + (i % 50), $"td-{i}.csv") }),
        }).ToList();
        await Task.WhenAll(work);

        var optimalDialUploads = Enumerable.Range(0, 200).Where(i => i % 3 == 0).ToList();
        Assert.Equal(optimalDialUploads.Count, harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(0, harness.OptimalDial.RateLimitedRequests);
        Assert.Equal(optimalDialUploads.Sum(i => 100 + i), harness.OptimalDial.CreditsCharged);
        Assert.Equal(optimalDialUploads.Count, harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload).Select(e => e.BodyMd5Hex).Distinct().Count());

        var orbit = harness.Journal.For(HarnessEndpoint.OrbitSearchUploadCsv);
        Assert.Equal(67, orbit.Count);
        Assert.Equal(67, orbit.Select(e => e.FormField("idempotency_key")).Distinct().Count());
        Assert.Equal(67, harness.OrbitSearch.SourceCount(harness.OrbitSearch.DefaultDirectoryId));

        Assert.Equal(66, harness.Journal.Count(HarnessEndpoint.TalkdeskCreateUploadRequest));
        Assert.Equal(66, harness.Journal.Count(HarnessEndpoint.TalkdeskSignedUrlPut));
        Assert.Equal(66, harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
        Assert.All(harness.Talkdesk.UploadRequestIds, id => Assert.Equal(1, harness.Talkdesk.ValidationStarts(id)));
    }
}

[Collection(nameof(AllocationMeasurement))]
public class Load_memory(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_uploads_allocate_buffers_not_files()
    {
        const int uploads = 200;
        const int size = 1024 * 1024;
        var csv = new byte[size];
        var header = Encoding.UTF8.GetBytes("name,phone\r\n");
        header.CopyTo(csv, 0);
        csv.AsSpan(header.Length).Fill((byte)'1');
        using var services = new ServiceCollection()
            .AddUploadClients(o =>
            {
                o.OptimalDial.ApiKey = "od_live_measure_0000";
                o.OptimalDial.WriteRateLimit.Enabled = false; // allocations are measured here, not the limit
                o.OptimalDial.BaseAddress = new Uri("http://127.0.0.1:9/");
                o.OrbitSearch.AccessToken = "measure";
                o.OrbitSearch.BaseAddress = new Uri("http://127.0.0.1:9/");
            })
            .AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new DrainingHandler(OptimalDialUpload)).Services
            .AddHttpClient(UploadClientsServiceCollectionExtensions.OrbitSearchHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new DrainingHandler(OrbitSource)).Services
            .BuildServiceProvider();
        var optimalDial = services.GetRequiredService<IOptimalDialClient>();
        var orbitSearch = services.GetRequiredService<IOrbitSearchClient>();

        Task Run(int i) => i % 2 == 0
            ? optimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(csv, $"f{i}.csv"), PhoneColumn = "phone" })
            : orbitSearch.UploadCsvAsync(new OrbitSearchCsvUploadRequest { OrganizationId = Guid.Empty, DirectoryId = Guid.Empty, File = UploadFile.FromBytes(csv, $"f{i}.csv") });

        await Task.WhenAll(Enumerable.Range(0, 10).Select(Run));
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Task.WhenAll(Enumerable.Range(0, uploads).Select(Run));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"{uploads} concurrent 1 MB uploads allocated {allocated:N0} bytes ({allocated / uploads:N0} per upload; the files total {(long)uploads * size:N0}).");
        Assert.True(allocated < (long)uploads * size / 8, $"allocated {allocated:N0} bytes for {uploads} uploads of {size:N0} bytes");
    }

    private const string OptimalDialUpload =
        "{\"id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"user_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"original_filename\":\"a.csv\"," +
        "\"storage_path\":\"p\",\"status\":\"validating\",\"created_at\":\"2023-11-07T05:31:56Z\",\"updated_at\":\"2023-11-07T05:31:56Z\"}";

    private const string OrbitSource = "{\"source_id\":\"s\",\"directory_id\":\"d\",\"source_status\":\"pending\",\"accepted\":1,\"failed\":0,\"warnings\":0,\"is_idempotent\":false}";

    private sealed class DrainingHandler(string response) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(response, Encoding.UTF8, "application/json"), RequestMessage = request };
        }
    }
}

public class Https_is_required_everywhere_but_loopback
{
    [Theory]
    [InlineData("http://api.orbitsearch.example", false)]
    [InlineData("http://127.0.0.1:1", true)]
    public void OrbitSearch_and_Talkdesk_base_addresses(string address, bool allowed)
    {
        var orbit = new OrbitSearchOptions { AccessToken = "t", BaseAddress = new Uri(address) };
        var talkdesk = new TalkdeskOptions { AccessToken = "t", BaseAddress = new Uri(address) };

        Assert.Equal(allowed, orbit.Validate().Count == 0);
        Assert.Equal(allowed, talkdesk.Validate().Count == 0);
        if (!allowed)
        {
            Assert.Contains("UploadClients:OrbitSearch:BaseAddress must use https", orbit.Validate()[0]);
            Assert.Contains("UploadClients:Talkdesk:BaseAddress must use https", talkdesk.Validate()[0]);
        }
    }

    [Fact]
    public void The_Talkdesk_token_endpoint()
    {
        var options = new TalkdeskOptions { ClientId = "c", ClientSecret = "s", TokenEndpoint = new Uri("http://acme.talkdeskid.example/oauth/token") };
        Assert.Contains("UploadClients:Talkdesk:TokenEndpoint must use https", Assert.Single(options.Validate()));
    }

    [Fact]
    public async Task A_plain_http_download_link_is_refused_and_never_fetched()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialGetDownloadLink, HarnessFault.SetField("download_url", "http://storage.example.com/x.csv?token=abcdef0123456789"));

        var ex = await Assert.ThrowsAsync<UploadUnexpectedResponseException>(() => host.OptimalDial.DownloadAsync(id, OptimalDialFileKind.Processed, Stream.Null));

        Assert.Contains("must use https", ex.Message);
        Assert.DoesNotContain("abcdef0123456789", ex.ToString());
        Assert.Empty(host.Harness.Journal.For(HarnessEndpoint.OptimalDialStorageDownload));
    }
}
