using System.Text;
using UploadClients.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.OptimalDial;

public class Invalid_uploads_are_refused_before_anything_is_sent
{
    private static async Task<UploadValidationException> RefusedAsync(TestHost host, OptimalDialUploadRequest request)
    {
        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => host.OptimalDial.CreateUploadAsync(request));
        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Equal(0, host.Harness.OptimalDial.CreditsCharged);
        return ex;
    }

    [Fact]
    public async Task A_missing_file()
    {
        using var host = TestHost.Start();
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = null!, PhoneColumn = "phone" });
        Assert.Contains("no file", ex.Problems[0]);
    }

    [Fact]
    public async Task An_empty_file()
    {
        using var host = TestHost.Start();
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = UploadFile.FromBytes(Array.Empty<byte>(), "e.csv"), PhoneColumn = "phone" });
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public async Task A_file_without_a_header_row()
    {
        using var host = TestHost.Start();
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = UploadFile.FromBytes(Encoding.UTF8.GetBytes("\r\n4155550100\r\n"), "h.csv"), PhoneColumn = "phone" });
        Assert.Contains("no header row", ex.Message);
    }

    [Fact]
    public async Task A_phone_column_the_header_does_not_have_lists_the_columns()
    {
        using var host = TestHost.Start();
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = "Phone" });
        Assert.Contains("'Phone' is not in the header row", ex.Message);
        Assert.Contains("'name', 'phone', 'city'", ex.Message);
        Assert.Contains("Did you mean 'phone'?", ex.Message);
    }

    [Fact]
    public async Task An_empty_phone_column()
    {
        using var host = TestHost.Start();
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = TestCsv.File(), PhoneColumn = " " });
        Assert.Contains("PhoneColumn is empty", ex.Message);
    }

    [Fact]
    public async Task A_file_over_100_MB_is_refused_without_reading_it()
    {
        using var host = TestHost.Start();
        var stream = new CountingSparseStream(OptimalDialClient.MaxFileBytes + 1, Encoding.UTF8.GetBytes("name,phone\r\n"));
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = UploadFile.FromStream(stream, "big.csv"), PhoneColumn = "phone" });
        Assert.Contains("over the provider's limit of 104,857,600 bytes", ex.Message);
        Assert.Contains("split it", ex.Message);
        Assert.True(stream.BytesRead <= CsvHeader.MaxHeaderBytes);
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once()
    {
        using var host = TestHost.Start();
        var stream = new CountingSparseStream(OptimalDialClient.MaxFileBytes + 1, Encoding.UTF8.GetBytes("name,mobile\r\n"));
        var ex = await RefusedAsync(host, new OptimalDialUploadRequest { File = UploadFile.FromStream(stream, "big.csv"), PhoneColumn = "phone" });
        Assert.Equal(2, ex.Problems.Count);
    }
}
