using System.Text;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

public class UploadFile_sends_every_attempt_from_the_first_byte
{
    private static async Task<byte[]> SerializeAsync(HttpContent content)
    {
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        return sink.ToArray();
    }

    [Fact]
    public async Task A_path_is_reopened_for_every_attempt()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = TestCsv.Contacts(10);
            await File.WriteAllBytesAsync(path, bytes);
            var file = UploadFile.FromPath(path, "renamed.csv");
            using var content = new UploadFileContent(file, null);

            Assert.Equal(bytes, await SerializeAsync(content));
            Assert.Equal(bytes, await SerializeAsync(content));
            Assert.Equal("renamed.csv", file.FileName);
            Assert.Equal(bytes.Length, file.Length);
            Assert.Equal("text/csv", file.ContentType);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_seekable_stream_is_rewound_to_where_it_started()
    {
        var bytes = Encoding.UTF8.GetBytes("IGNOREDphone\r\n4155550100\r\n");
        var stream = new MemoryStream(bytes) { Position = 7 };
        var file = UploadFile.FromStream(stream, "s.csv", leaveOpen: true);
        using var content = new UploadFileContent(file, null);

        var expected = bytes[7..];
        Assert.Equal(expected.Length, file.Length);
        Assert.Equal(expected, await SerializeAsync(content));
        Assert.Equal(expected, await SerializeAsync(content));
        Assert.True(content.CanReplay);
    }

    [Fact]
    public async Task A_non_seekable_stream_is_sent_once_whole_even_after_its_header_was_peeked()
    {
        var bytes = TestCsv.Contacts(5000);
        Assert.True(bytes.Length > CsvHeader.MaxHeaderBytes);
        var file = UploadFile.FromStream(new ForwardOnlyStream(bytes), "f.csv");
        var header = await CsvHeader.ReadAsync(file, default);
        using var content = new UploadFileContent(file, null);

        Assert.Equal(["name", "phone", "city"], header.Columns);
        Assert.Null(file.Length);
        Assert.True(content.CanReplay);
        Assert.Equal(bytes, await SerializeAsync(content));
        Assert.False(content.CanReplay);
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => SerializeAsync(content));
        Assert.Contains("non-seekable", second.Message);
    }

    [Fact]
    public async Task A_small_non_seekable_stream_read_to_its_end_by_the_header_check_can_be_sent_again()
    {
        var bytes = TestCsv.Contacts(20);
        var source = new ForwardOnlyStream(bytes);
        var file = UploadFile.FromStream(source, "small.csv");
        await CsvHeader.ReadAsync(file, default);
        using var content = new UploadFileContent(file, null);

        Assert.Equal(bytes, await SerializeAsync(content));
        Assert.True(content.CanReplay);
        Assert.Equal(bytes, await SerializeAsync(content));
        Assert.Equal(bytes.Length, source.BytesRead);
    }

    [Fact]
    public async Task Progress_counts_file_bytes_up_to_the_total()
    {
        var bytes = new byte[300_000];
        var reports = new List<UploadProgress>();
        using var content = new UploadFileContent(UploadFile.FromBytes(bytes, "p.csv"), new SyncProgress(reports.Add));

        await SerializeAsync(content);

        Assert.Equal(new UploadProgress(0, 300_000), reports[0]);
        Assert.Equal(new UploadProgress(300_000, 300_000), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.BytesSent > p.First.BytesSent));
    }

    [Fact]
    public void A_missing_path_fails_at_once()
    {
        Assert.Throws<FileNotFoundException>(() => UploadFile.FromPath(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv")));
    }

    [Fact]
    public async Task The_callers_stream_is_disposed_only_when_asked()
    {
        var kept = new MemoryStream(TestCsv.Contacts(1));
        var owned = new MemoryStream(TestCsv.Contacts(1));
        await UploadFile.FromStream(kept, "a.csv", leaveOpen: true).DisposeSourceAsync();
        await UploadFile.FromStream(owned, "b.csv").DisposeSourceAsync();

        Assert.True(kept.CanRead);
        Assert.False(owned.CanRead);
    }
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
{
    public void Report(UploadProgress value) => report(value);
}

public class A_missing_file_is_named_as_given_and_as_resolved
{
    [Fact]
    public void A_relative_path_that_does_not_exist()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => UploadFile.FromPath(Path.Combine("lists", "april.csv")));

        Assert.Contains($"does not exist: '{Path.Combine("lists", "april.csv")}' (resolved to '{Path.GetFullPath(Path.Combine("lists", "april.csv"))}'", ex.Message);
        Assert.Equal(Path.GetFullPath(Path.Combine("lists", "april.csv")), ex.FileName);
    }

    [Fact]
    public void A_directory_instead_of_a_file()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var ex = Assert.Throws<FileNotFoundException>(() => UploadFile.FromPath(folder));

            Assert.Equal($"The file to upload is a directory, not a file: '{folder}'.", ex.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
