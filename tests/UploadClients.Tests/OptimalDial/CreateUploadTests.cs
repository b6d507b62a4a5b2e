using System.Security.Cryptography;
using System.Text;
using UploadClients.OptimalDial;
using UploadClients.Testing;
using UploadClients.Testing.OptimalDial;
using UploadClients.Tests.Core;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

public class Create_upload_sends_the_documented_multipart_request
{
    [Fact]
    public async Task Fields_file_bytes_and_auth_arrive_as_documented()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(150);

        var upload = await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest
        {
            File = UploadFile.FromBytes(csv, "contacts.csv"),
            PhoneColumn = "phone",
            SkipMobileLookup = true,
            FilenameOverride = "October list.csv",
        });

        var request = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal("Bearer " + OptimalDialFake.ApiKey, request.Header("Authorization"));
        Assert.StartsWith("multipart/form-data", request.Header("Content-Type"));
        Assert.Equal(request.BodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
        var parts = request.FormParts();
        Assert.Equal(["file", "phone_column", "skip_mobile_lookup", "filename_override"], parts.Select(p => p.Name));
        Assert.Equal("contacts.csv", parts[0].FileName);
        Assert.Equal("text/csv", parts[0].ContentType);
        Assert.Equal(csv, parts[0].Content);
        Assert.Equal("phone", request.FormField("phone_column"));
        Assert.Equal("true", request.FormField("skip_mobile_lookup"));
        Assert.Equal("October list.csv", request.FormField("filename_override"));

        Assert.Equal(OptimalDialUploadStatus.Validating, upload.Status);
        Assert.Equal("October list.csv", upload.OriginalFilename);
        Assert.Equal(150, upload.ValidRowCount);
        Assert.Equal(150, upload.CreditsCharged);
        Assert.Equal(csv.Length, upload.FileSizeBytes);
        Assert.True(upload.SkipMobileLookup);
        Assert.Equal(OptimalDialUploadSource.Api, upload.Source);
        Assert.False(upload.IsTerminal);
        Assert.Equal(150, host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task No_filename_override_field_is_sent_when_none_is_set()
    {
        using var host = TestHost.Start();
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "phone" });

        var request = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(["file", "phone_column", "skip_mobile_lookup"], request.FormParts().Select(p => p.Name));
        Assert.Equal("false", request.FormField("skip_mobile_lookup"));
    }

    [Fact]
    public async Task A_file_on_disk_and_a_non_seekable_stream_arrive_byte_for_byte()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(300);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, csv);
        try
        {
            await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromPath(path), PhoneColumn = "phone" });
            await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromStream(new ForwardOnlyStream(csv), "pipe.csv"), PhoneColumn = "phone" });
        }
        finally
        {
            File.Delete(path);
        }

        var sent = host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(csv, r.FormParts()[0].Content));

        // A small non-seekable stream is read whole by the header check, so its length is known.
        Assert.Equal(sent[1].BodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture), sent[1].Header("Content-Length"));
    }

    [Fact]
    public async Task A_large_non_seekable_stream_is_streamed_chunked_byte_for_byte()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(5000);
        Assert.True(csv.Length > CsvHeader.MaxHeaderBytes);

        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromStream(new ForwardOnlyStream(csv), "pipe.csv"), PhoneColumn = "phone" });

        var sent = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(csv, sent.FormParts()[0].Content);
        Assert.Null(sent.Header("Content-Length"));
    }

    [Fact]
    public async Task Progress_is_reported_to_the_full_length()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts(5000);
        var reports = new List<UploadProgress>();

        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest
        {
            File = UploadFile.FromBytes(csv, "p.csv"),
            PhoneColumn = "phone",
            Progress = new SyncProgress(reports.Add),
        });

        Assert.Equal(new UploadProgress(csv.Length, csv.Length), reports[^1]);
        Assert.True(reports.Count > 2);
    }

    [Fact]
    public async Task Concurrent_uploads_through_one_client_are_each_sent_once()
    {
        using var host = TestHost.Start();
        var client = host.OptimalDial;

        var uploads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(100 + i, $"f{i}.csv"), PhoneColumn = "phone" })));

        Assert.Equal(20, uploads.Select(u => u.Id).Distinct().Count());
        Assert.Equal(20, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(Enumerable.Range(0, 20).Sum(i => 100 + i), host.Harness.OptimalDial.CreditsCharged);
    }

    [Fact]
    public async Task The_callers_stream_is_disposed_after_the_upload_unless_left_open()
    {
        using var host = TestHost.Start();
        var owned = new MemoryStream(TestCsv.Contacts());
        var kept = new MemoryStream(TestCsv.Contacts());

        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromStream(owned, "a.csv"), PhoneColumn = "phone" });
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromStream(kept, "b.csv", leaveOpen: true), PhoneColumn = "phone" });

        Assert.False(owned.CanRead);
        Assert.True(kept.CanRead);
    }

    [Fact]
    public async Task The_journal_MD5_matches_the_bytes_sent()
    {
        using var host = TestHost.Start();
        var csv = TestCsv.Contacts();
        await host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(csv, "a.csv"), PhoneColumn = "phone" });

        var entry = Assert.Single(host.Harness.Journal.For(HarnessEndpoint.OptimalDialCreateUpload));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(entry.Body)), entry.BodyMd5Hex);
        Assert.Contains("name,phone,city", Encoding.UTF8.GetString(entry.Body));
    }
}
