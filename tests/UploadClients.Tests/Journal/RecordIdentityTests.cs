using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Testing.Talkdesk;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Journal;

/// <summary>
/// An operation's record belongs to the endpoint and the credential it was sent with: a run against
/// another endpoint (another harness, the offline fake and production) or with another credential is
/// refused before anything is read or sent, naming both endpoints; it is never satisfied by the record.
/// </summary>
public sealed class A_record_belongs_to_its_endpoint_and_credential : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("uploadclients-identity-").FullName;

    public void Dispose() => Directory.Delete(_journal, recursive: true);

    private TestHost Start(TestClock clock, Action<UploadClientsOptions>? configure = null) =>
        TestHost.Start(clock, configure, services: s => s.AddUploadJournal(_journal));

    private static OptimalDialUploadRequest OptimalDialRequest(UploadFile? file = null) =>
        new() { File = file ?? UploadFile.FromBytes(TestCsv.Contacts(150), "contacts.csv"), PhoneColumn = "phone", OperationKey = "nightly" };

    /// <summary>Asserts the refusal names both endpoints, says how to proceed, and nothing reached <paramref name="other"/>.</summary>
    private static void AssertRefusedElsewhere(UploadValidationException refused, TestHost first, TestHost other)
    {
        Assert.Contains(OperationCredential.EndpointOf(first.Harness.BaseAddress), refused.Message, StringComparison.Ordinal);
        Assert.Contains(OperationCredential.EndpointOf(other.Harness.BaseAddress), refused.Message, StringComparison.Ordinal);
        Assert.Contains("another OperationKey, or another journal", refused.Message, StringComparison.Ordinal);
        Assert.Empty(other.Harness.Journal.Entries);
    }

    [Fact]
    public async Task An_OptimalDial_upload_completed_at_one_endpoint_does_not_satisfy_a_run_at_another_and_the_file_is_not_read()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await clock.RunAsync(first.OptimalDial.UploadAndWaitAsync(OptimalDialRequest()));
        using var other = Start(clock);
        var stream = new ForwardOnlyStream(TestCsv.Contacts(150));

        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(other.OptimalDial.UploadAndWaitAsync(OptimalDialRequest(UploadFile.FromStream(stream, "contacts.csv")))));

        AssertRefusedElsewhere(refused, first, other);
        Assert.Equal(0, stream.BytesRead);
        Assert.Empty(other.Harness.OptimalDial.UploadIds);
    }

    [Fact]
    public async Task An_OptimalDial_upload_sent_without_an_answer_at_one_endpoint_is_not_looked_for_at_another()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await Stop.AtAsync(UploadOperations.Answered, () => clock.RunAsync(first.OptimalDial.UploadAndWaitAsync(OptimalDialRequest())));
        using var other = Start(clock);

        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(other.OptimalDial.CreateUploadAsync(OptimalDialRequest())));

        AssertRefusedElsewhere(refused, first, other); // not even the list was read there
    }

    [Fact]
    public async Task An_OptimalDial_record_made_with_another_API_key_is_refused_and_keeps_no_form_of_the_key_but_a_salted_one()
    {
        const string otherKey = "od_live_another_organization_000000000001";
        var clock = new TestClock();
        using var first = Start(clock);
        await clock.RunAsync(first.OptimalDial.UploadAndWaitAsync(OptimalDialRequest()));
        first.Harness.OptimalDial.AddOrganization(otherKey);
        var requests = first.Harness.Journal.Entries.Count;

        // The same endpoint (a second harness would differ by its port): only the credential differs.
        var record = await first.Services.GetRequiredService<IUploadJournal>().FindAsync("nightly");
        var sameEndpoint = new OptimalDialClient(new OptimalDialOptions { BaseAddress = first.Harness.BaseAddress, ApiKey = otherKey, Journal = new FileUploadJournal(_journal, timeProvider: clock) }, null, clock, null);
        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(sameEndpoint.UploadAndWaitAsync(OptimalDialRequest())));

        Assert.Contains("with another API key than this run's", refused.Message, StringComparison.Ordinal);
        Assert.Contains(record!.ProviderId!, refused.Message, StringComparison.Ordinal);
        Assert.Equal(requests, first.Harness.Journal.Entries.Count);

        var stored = Encoding.UTF8.GetString(File.ReadAllBytes(Directory.GetFiles(_journal, "*.json").Single()));
        Assert.DoesNotContain(OptimalDialFake.ApiKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OptimalDialFake.ApiKey))), stored, StringComparison.Ordinal);
        Assert.Matches("^api-key hmac-sha256 [0-9a-f]{32} [0-9a-f]{64}$", record.Credential!);
        Assert.DoesNotContain(OptimalDialFake.ApiKey, record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_OrbitSearch_source_recorded_at_one_endpoint_is_refused_at_another()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        OrbitSearchCsvUploadRequest Request(TestHost host) => new()
        {
            OrganizationId = first.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = first.Harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(),
            OperationKey = "nightly",
        };
        await clock.RunAsync(first.OrbitSearch.UploadAndWaitAsync(Request(first)));
        using var other = Start(clock);

        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(other.OrbitSearch.UploadAndWaitAsync(Request(other))));

        AssertRefusedElsewhere(refused, first, other);
    }

    [Fact]
    public async Task An_OrbitSearch_record_is_the_organizations_and_survives_a_new_token_of_it()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        var request = new OrbitSearchCsvUploadRequest
        {
            OrganizationId = first.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = first.Harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(),
            OperationKey = "nightly",
        };
        var done = await clock.RunAsync(first.OrbitSearch.UploadAndWaitAsync(request));
        first.Harness.OrbitSearch.AcceptToken("orbit_rotated_token_000000000001");
        var sameEndpoint = new OrbitSearchClient(new OrbitSearchOptions { BaseAddress = first.Harness.BaseAddress, AccessToken = "orbit_rotated_token_000000000001", Journal = new FileUploadJournal(_journal, timeProvider: clock) }, null, clock, null);
        var requests = first.Harness.Journal.Entries.Count;

        var again = await clock.RunAsync(sameEndpoint.UploadAndWaitAsync(request));

        Assert.Equal(done.SourceId, again.SourceId);
        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
        Assert.Equal("organization " + request.OrganizationId.ToString("D"), (await new FileUploadJournal(_journal, timeProvider: clock).FindAsync("nightly"))!.Credential);
    }

    [Fact]
    public async Task A_Talkdesk_upload_recorded_at_one_endpoint_is_refused_at_another()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        var listId = first.Harness.Talkdesk.DefaultRecordListId;
        await clock.RunAsync(first.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" }));
        using var other = Start(clock);

        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(other.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" })));

        AssertRefusedElsewhere(refused, first, other);
    }

    [Fact]
    public async Task A_new_Talkdesk_list_recorded_at_one_endpoint_is_refused_at_another()
    {
        var clock = new TestClock();
        using var first = Start(clock);
        await clock.RunAsync(first.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April cohort", File = TestCsv.File(3), OperationKey = "nightly" }));
        using var other = Start(clock);
        var lists = other.Harness.Talkdesk.RecordListIds.Count;

        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(other.Talkdesk.CreateRecordListAsync(new TalkdeskCreateRecordListRequest { Name = "April cohort", File = TestCsv.File(3), OperationKey = "nightly" })));

        AssertRefusedElsewhere(refused, first, other);
        Assert.Equal(lists, other.Harness.Talkdesk.RecordListIds.Count); // no list made there
    }

    [Fact]
    public async Task A_Talkdesk_record_on_client_credentials_names_the_account_and_survives_new_tokens()
    {
        var clock = new TestClock();
        using var first = TestHost.Start(clock, services: s => s.AddUploadJournal(_journal), talkdeskOAuth: true);
        var listId = first.Harness.Talkdesk.DefaultRecordListId;
        var done = await clock.RunAsync(first.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" }));
        var record = await new FileUploadJournal(_journal, timeProvider: clock).FindAsync("nightly");
        Assert.Equal("account " + first.Harness.Talkdesk.TokenEndpoint.GetLeftPart(UriPartial.Path), record!.Credential);
        first.Harness.Talkdesk.RevokeIssuedTokens(); // the next run gets a new token
        var requests = first.Harness.Journal.Entries.Count;

        using var restarted = first.Restart();
        var again = await clock.RunAsync(restarted.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" }));

        Assert.Equal(done.Id, again.Id);
        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
    }

    [Fact]
    public async Task A_Talkdesk_record_on_a_fixed_token_is_that_tokens_and_an_AccountName_label_does_not_stand_in_for_it()
    {
        var clock = new TestClock();
        using var first = Start(clock, o => o.Talkdesk.AccountName = "acme");
        var listId = first.Harness.Talkdesk.DefaultRecordListId;
        await clock.RunAsync(first.Talkdesk.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" }));
        Assert.Matches("^access-token hmac-sha256 ", (await new FileUploadJournal(_journal, timeProvider: clock).FindAsync("nightly"))!.Credential!);
        var requests = first.Harness.Journal.Entries.Count;

        // Another account's token, labelled with the first account's name: the label proves nothing.
        var otherToken = first.Harness.Talkdesk.AddAccount("td_other_account_token_000001");
        var labelled = new TalkdeskClient(new TalkdeskOptions { BaseAddress = first.Harness.BaseAddress, AccessToken = "td_other_account_token_000001", AccountName = "acme", Journal = new FileUploadJournal(_journal, timeProvider: clock) }, null, clock, null);
        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(labelled.UploadAndWaitAsync(listId, new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" })));

        Assert.Contains("with another access token than this run's", refused.Message, StringComparison.Ordinal);
        Assert.Equal(requests, first.Harness.Journal.Entries.Count);
        Assert.NotNull(otherToken);
    }

    [Fact]
    public async Task A_Talkdesk_operation_on_a_token_provider_alone_needs_AccountName()
    {
        var client = new TalkdeskClient(new TalkdeskOptions { BaseAddress = new Uri("http://127.0.0.1:9/"), TokenProvider = new FixedTokens(), Journal = new FileUploadJournal(_journal) });

        var refused = await Assert.ThrowsAsync<UploadValidationException>(() => client.UploadAndWaitAsync("list-1", new TalkdeskCreateUploadRequest { File = TestCsv.File(3), OperationKey = "nightly" }));

        Assert.Contains("UploadClients:Talkdesk:AccountName", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_without_its_endpoint_from_an_earlier_build_is_refused_not_trusted()
    {
        var clock = new TestClock();
        using var host = Start(clock);
        var request = OptimalDialRequest();
        var (length, sha256) = await UploadOperations.DigestAsync(request.File, default);
        await new FileUploadJournal(_journal, timeProvider: clock).SaveAsync(new UploadOperation
        {
            Key = "nightly", Provider = "OptimalDial", FileName = "contacts.csv", FileLength = length, FileSha256 = sha256,
            Step = UploadOperationStep.Completed, ProviderId = Guid.NewGuid().ToString(), ResultJson = "{}", StartedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        });

        var refused = await Assert.ThrowsAsync<UploadOperationElsewhereException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(request)));

        Assert.Contains("does not say which endpoint and credential", refused.Message, StringComparison.Ordinal);
        Assert.Empty(host.Harness.Journal.Entries);
    }

    private sealed class FixedTokens : IUploadAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult("token");
    }
}
