using System.Text;
using System.Net;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Core;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

public class Listing_follows_the_cursor_page_by_page
{
    [Fact]
    public async Task Across_three_pages_newest_first()
    {
        using var host = TestHost.Start();
        var ids = Enumerable.Range(0, 7).Select(_ => host.Harness.OptimalDial.AddUpload("completed")).ToList();

        var listed = new List<Guid>();
        await foreach (var upload in host.OptimalDial.ListUploadsAsync(pageSize: 3))
        {
            listed.Add(upload.Id);
        }

        Assert.Equal(Enumerable.Reverse(ids), listed);
        var pages = host.Harness.Journal.For(HarnessEndpoint.OptimalDialListUploads);
        Assert.Equal(3, pages.Count);
        Assert.Equal("?limit=3", pages[0].Query);
        Assert.StartsWith("?limit=3&cursor=", pages[1].Query);
        Assert.All(pages, p => Assert.Equal("Bearer " + OptimalDialFake.ApiKey, p.Header("Authorization")));
    }

    [Fact]
    public async Task Pages_are_read_only_as_the_caller_enumerates()
    {
        using var host = TestHost.Start();
        for (var i = 0; i < 10; i++)
        {
            host.Harness.OptimalDial.AddUpload("completed");
        }

        var first = await host.OptimalDial.ListUploadsAsync(pageSize: 2).Take(3).ToListAsync();

        Assert.Equal(3, first.Count);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialListUploads));
    }

    [Fact]
    public async Task Cancellation_stops_before_the_next_page()
    {
        using var host = TestHost.Start();
        for (var i = 0; i < 6; i++)
        {
            host.Harness.OptimalDial.AddUpload("completed");
        }

        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in host.OptimalDial.ListUploadsAsync(pageSize: 2, cts.Token))
            {
                if (++seen == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(2, seen);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialListUploads));
    }

    [Fact]
    public async Task A_transient_failure_on_a_page_is_retried()
    {
        using var host = TestHost.Start();
        for (var i = 0; i < 4; i++)
        {
            host.Harness.OptimalDial.AddUpload("completed");
        }

        host.Harness.InjectFault(HarnessEndpoint.OptimalDialListUploads, HarnessFault.Status(503));

        Assert.Equal(4, await host.OptimalDial.ListUploadsAsync(pageSize: 100).CountAsync());
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialListUploads));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_page_size_outside_1_to_100_is_refused(int size)
    {
        using var host = TestHost.Start();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await host.OptimalDial.ListUploadsAsync(size).CountAsync());
        Assert.Empty(host.Harness.Journal.Entries);
    }
}

public class Cancelling_refunds_until_processing_starts
{
    [Fact]
    public async Task A_validating_upload_is_cancelled_and_refunded()
    {
        using var host = TestHost.Start();
        var created = await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });
        var before = host.Harness.OptimalDial.CreditBalance;

        var cancelled = await host.OptimalDial.CancelUploadAsync(created.Id);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.True(cancelled.IsCancelled);
        Assert.Equal(150, cancelled.CreditsRefunded);
        Assert.Equal(OptimalDialUploadStatus.Cancelled, (await host.OptimalDial.GetUploadAsync(created.Id)).Status);
        Assert.Equal(before + 150, host.Harness.OptimalDial.CreditBalance);
        Assert.Equal("DELETE", Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCancelUpload)).Method);
    }

    [Fact]
    public async Task Once_processing_started_it_is_refused_with_a_clear_error()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");
        await host.OptimalDial.GetUploadAsync(id);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.CancelUploadAsync(id));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Contains("has not started processing", ex.Message);
        Assert.Contains("processing", ex.Message);
        Assert.Equal("processing", host.Harness.OptimalDial.CurrentStatus(id));
    }
}

public class Downloads_stream_the_file_without_the_API_key
{
    [Theory]
    [InlineData(OptimalDialFileKind.Original, "original")]
    [InlineData(OptimalDialFileKind.Processed, "processed")]
    [InlineData(OptimalDialFileKind.ProcessedFiltered, "processed-filtered")]
    public async Task Each_file_arrives_byte_identical(OptimalDialFileKind kind, string wire)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var upload = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(TestCsv.Contacts(150, invalidRows: 7), "c.csv"), PhoneColumn = "phone" }));
        using var destination = new MemoryStream();
        var progress = new List<UploadProgress>();

        await host.OptimalDial.DownloadAsync(upload.Id, kind, destination, new SyncProgress(progress.Add));

        var expected = host.Harness.OptimalDial.FileContent(upload.Id, wire)!;
        Assert.NotEmpty(expected);
        Assert.Equal(expected, destination.ToArray());
        Assert.Equal(new UploadProgress(expected.Length, expected.Length), progress[^1]);
        var fetched = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialStorageDownload));
        Assert.Null(fetched.Header("Authorization"));
        Assert.EndsWith($"/download/{wire}", Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialGetDownloadLink)).Path);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task The_fakes_processed_file_adds_line_type_to_every_row_whatever_the_line_endings(string newline)
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var csv = Encoding.UTF8.GetString(TestCsv.Contacts(150, invalidRows: 7)).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", newline, StringComparison.Ordinal);
        var upload = await clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(Encoding.UTF8.GetBytes(csv), "c.csv"), PhoneColumn = "phone" }));

        var lines = Encoding.UTF8.GetString(host.Harness.OptimalDial.FileContent(upload.Id, "processed")!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith(",line_type", lines[0], StringComparison.Ordinal);
        Assert.Equal(158, lines.Length); // the header, 150 valid and 7 invalid rows
        Assert.All(lines.Skip(1), l => Assert.Matches(",(mobile|landline|invalid)$", l));
    }

    [Fact]
    public async Task The_link_has_its_expiry_as_a_date_and_prints_no_signature()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("completed");

        var link = await host.OptimalDial.GetDownloadLinkAsync(id, OptimalDialFileKind.Processed);

        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), link.ExpiresAt);
        Assert.Contains("%7E", link.DownloadUrl.OriginalString);
        Assert.DoesNotContain("token=", link.ToString());
    }

    [Fact]
    public async Task An_expired_link_in_hand_is_replaced_before_use()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var id = host.Harness.OptimalDial.AddUpload("completed");
        host.Harness.OptimalDial.DownloadLinkLifetime = TimeSpan.FromSeconds(5);

        using var destination = new MemoryStream();
        await host.OptimalDial.DownloadAsync(id, OptimalDialFileKind.Original, destination);

        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetDownloadLink));
        Assert.Equal(host.Harness.OptimalDial.FileContent(id, "original"), destination.ToArray());
    }

    [Fact]
    public async Task A_403_from_storage_gets_one_fresh_link()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialStorageDownload, HarnessFault.Status(403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"));

        using var destination = new MemoryStream();
        await host.OptimalDial.DownloadAsync(id, OptimalDialFileKind.Processed, destination);

        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialGetDownloadLink));
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialStorageDownload));
        Assert.Equal(host.Harness.OptimalDial.FileContent(id, "processed"), destination.ToArray());
    }

    [Fact]
    public async Task A_second_403_is_reported_without_the_link()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("completed");
        host.Harness.InjectFault(HarnessEndpoint.OptimalDialStorageDownload, HarnessFault.Status(403, "<Error><Code>AccessDenied</Code></Error>"), times: 2);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.DownloadAsync(id, OptimalDialFileKind.Processed, Stream.Null));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("even after a fresh one", ex.Message);
        Assert.DoesNotContain("token=", ex.ToString());
    }

    [Fact]
    public async Task A_processed_file_before_completion_is_refused()
    {
        using var host = TestHost.Start();
        var id = host.Harness.OptimalDial.AddUpload("processing");

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => host.OptimalDial.GetDownloadLinkAsync(id, OptimalDialFileKind.Processed));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Empty(host.Harness.Journal.For(HarnessEndpoint.OptimalDialStorageDownload));
    }
}
