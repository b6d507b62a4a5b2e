using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Reliability;

/// <summary>Ids that are path steps or hold control characters are refused before any request.</summary>
public class Ids_that_would_escape_their_endpoint
{
    public static TheoryData<string> BadIds => ["", ".", "..", "a\nb", "a\u0000b"];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Are_refused_naming_the_parameter_and_nothing_is_sent(string bad)
    {
        using var host = TestHost.Start();
        var list = host.Harness.Talkdesk.DefaultRecordListId;
        var org = host.Harness.OrbitSearch.DefaultOrganizationId;
        var directory = host.Harness.OrbitSearch.DefaultDirectoryId;

        Assert.Equal("uploadRequestId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.StartValidationAsync(list, bad))).ParamName);
        Assert.Equal("uploadRequestId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.GetUploadRequestAsync(list, bad))).ParamName);
        Assert.Equal("uploadRequestId", Assert.ThrowsAny<ArgumentException>(() => { _ = host.Talkdesk.WaitForUploadRequestAsync(list, bad); }).ParamName);
        Assert.Equal("recordListId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.Talkdesk.GetRecordListAsync(bad))).ParamName);
        Assert.Equal("sourceId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => host.OrbitSearch.GetSourceAsync(org, directory, bad))).ParamName);
        Assert.Equal("sourceId", Assert.ThrowsAny<ArgumentException>(() => { _ = host.OrbitSearch.WaitForSourceAsync(org, directory, bad); }).ParamName);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    [Fact]
    public async Task A_slash_inside_an_id_stays_inside_its_segment()
    {
        using var host = TestHost.Start();

        await Assert.ThrowsAsync<UploadApiException>(() => host.Talkdesk.GetRecordListAsync("rl/../x"));

        Assert.Equal("/record-lists/rl%2F..%2Fx", Assert.Single(host.Harness.Journal.Entries).Path);
    }
}
