using System.Text;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

public class Csv_header_is_read_from_the_first_line_only
{
    private static CsvHeader.Result Parse(string text, bool whole = true) => CsvHeader.Parse(Encoding.UTF8.GetBytes(text), whole);

    [Fact]
    public void Plain_names_with_CRLF_and_LF()
    {
        Assert.Equal(["name", "phone", "city"], Parse("name,phone,city\r\nA,1,B\r\n").Columns);
        Assert.Equal(["name", "phone"], Parse("name,phone\nA,1\n").Columns);
        Assert.Equal(["name", "phone"], Parse("name,phone\rA,1\r").Columns);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_not_part_of_the_first_name()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("phone,name\r\n1,a")).ToArray();
        Assert.Equal(["phone", "name"], CsvHeader.Parse(bytes, true).Columns);
    }

    [Fact]
    public void Quoted_names_keep_commas_escaped_quotes_and_line_breaks()
    {
        var result = Parse("\"Last, First\",\"Say \"\"hi\"\"\",\"two\r\nlines\",  spaced  \r\nx,y,z,w");
        Assert.Equal(["Last, First", "Say \"hi\"", "two\r\nlines", "spaced"], result.Columns);
    }

    [Fact]
    public void A_header_only_file_has_its_header()
    {
        Assert.Equal(["phone"], Parse("phone").Columns);
    }

    [Fact]
    public void Empty_file_and_blank_first_line_are_problems()
    {
        Assert.True(Parse(string.Empty).IsEmpty);
        Assert.Contains("empty", Parse(string.Empty).Problem);
        Assert.Contains("no header row", Parse("\r\nphone\r\n1").Problem);
        Assert.Contains("no header row", Parse(",,\r\n1,2,3").Problem);
    }

    [Fact]
    public void A_first_line_longer_than_the_buffer_is_refused_rather_than_read_on()
    {
        var result = CsvHeader.Parse(Encoding.UTF8.GetBytes(new string('a', CsvHeader.MaxHeaderBytes)), isWholeFile: false);
        Assert.Contains("longer than 64 KB", result.Problem);
    }

    [Fact]
    public void Invalid_UTF8_is_reported()
    {
        Assert.Contains("UTF-8", CsvHeader.Parse([0xC3, 0x28, (byte)'\n'], true).Problem);
    }

    [Fact]
    public async Task A_header_longer_than_the_first_chunk_is_read_with_a_larger_buffer()
    {
        var names = string.Join(',', Enumerable.Range(0, 1000).Select(i => $"column_{i}"));
        Assert.True(names.Length > CsvHeader.FirstChunkBytes);
        var stream = new CountingSparseStream(10L * 1024 * 1024, Encoding.UTF8.GetBytes(names + "\r\n"));

        var result = await CsvHeader.ReadAsync(UploadFile.FromStream(stream, "wide.csv"), default);

        Assert.Equal(1000, result.Columns.Count);
        Assert.Equal("column_999", result.Columns[^1]);
        Assert.True(stream.BytesRead <= CsvHeader.FirstChunkBytes + CsvHeader.MaxHeaderBytes);
    }

    [Fact]
    public async Task A_first_line_over_64_KB_in_a_large_file_is_refused()
    {
        var stream = new CountingSparseStream(10L * 1024 * 1024, Encoding.UTF8.GetBytes(new string('a', 70_000)));

        var result = await CsvHeader.ReadAsync(UploadFile.FromStream(stream, "odd.csv"), default);

        Assert.Contains("longer than 64 KB", result.Problem);
    }

    [Fact]
    public async Task Reading_a_100_MB_file_reads_one_buffer_not_the_file()
    {
        var stream = new CountingSparseStream(100L * 1024 * 1024, Encoding.UTF8.GetBytes("name,phone\r\n"));
        var file = UploadFile.FromStream(stream, "big.csv");

        var result = await CsvHeader.ReadAsync(file, default);

        Assert.Equal(["name", "phone"], result.Columns);
        Assert.Equal(CsvHeader.FirstChunkBytes, stream.BytesRead);
        Assert.Equal(0, stream.Position);
    }
}
