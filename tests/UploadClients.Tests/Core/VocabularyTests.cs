using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

/// <summary>Send-then-wait is UploadAndWaitAsync on every client; the former names still work and forward to it.</summary>
public class One_vocabulary_for_send_then_wait
{
#pragma warning disable CS0618 // The obsolete forwards are what is under test.
    [Fact]
    public async Task OrbitSearch_UploadCsvAndWaitAsync_forwards_to_UploadAndWaitAsync()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var source = await clock.RunAsync(host.OrbitSearch.UploadCsvAndWaitAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(5),
        }));

        Assert.Equal(OrbitSearchSourceStatus.Completed, source.SourceStatus);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OrbitSearchUploadCsv));
    }

    [Fact]
    public async Task Talkdesk_UploadCsvAsync_forwards_to_UploadAndWaitAsync()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var done = await clock.RunAsync(host.Talkdesk.UploadCsvAsync(host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = TestCsv.File(5) }));

        Assert.Equal(TalkdeskStatus.Accepted, done.Status);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.TalkdeskStartValidation));
    }

    [Fact]
    public async Task An_implementation_of_the_interface_needs_only_the_new_member()
    {
        ITalkdeskClient client = new OnlyTheNewMember();

        var done = await client.UploadCsvAsync("list", new TalkdeskCreateUploadRequest { File = TestCsv.File(5) });

        Assert.Equal("forwarded", done.Id);
    }
#pragma warning restore CS0618

    private sealed class OnlyTheNewMember : ITalkdeskClient
    {
        public Task<TalkdeskUploadRequest> UploadAndWaitAsync(string recordListId, TalkdeskCreateUploadRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new TalkdeskUploadRequest { Id = "forwarded" });

        public Task<TalkdeskUploadRequest> CreateUploadRequestAsync(string recordListId, TalkdeskCreateUploadRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task UploadToSignedUrlAsync(TalkdeskUploadRequest uploadRequest, UploadFile file, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TalkdeskUploadRequest> StartValidationAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TalkdeskUploadRequest> GetUploadRequestAsync(string recordListId, string uploadRequestId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TalkdeskRecordList> GetRecordListAsync(string recordListId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TalkdeskUploadRequest> WaitForUploadRequestAsync(string recordListId, string uploadRequestId, PollingOptions? polling = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TalkdeskRecordList> CreateRecordListAsync(TalkdeskCreateRecordListRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<TalkdeskRecordList> ListRecordListsAsync(int perPage = 50, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
