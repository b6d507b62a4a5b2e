using System.Text;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Core;

public class Multipart_body_streams_the_file_with_a_known_length
{
    [Fact]
    public async Task Length_is_known_and_matches_what_is_written()
    {
        using var content = new StreamingMultipartContent()
            .File("file", TestCsv.File(30), null, null)
            .Field("phone_column", "phone");

        Assert.NotNull(content.Headers.ContentLength);
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        Assert.Equal(content.Headers.ContentLength, sink.Length);
        Assert.True(content.CarriesFile);
    }

    [Fact]
    public async Task Part_headers_are_the_ones_curl_sends()
    {
        using var content = new StreamingMultipartContent()
            .File("file", TestCsv.File(1, "my \"list\".csv"), null, null)
            .Field("phone_column", "phone");
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        var text = Encoding.UTF8.GetString(sink.ToArray());

        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"my %22list%22.csv\"\r\nContent-Type: text/csv\r\n", text);
        Assert.Contains("Content-Disposition: form-data; name=\"phone_column\"\r\n\r\nphone\r\n", text);
        Assert.True(text.IndexOf("name=\"file\"", StringComparison.Ordinal) < text.IndexOf("name=\"phone_column\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_ASCII_file_name_gets_an_RFC_5987_form_too()
    {
        using var content = new StreamingMultipartContent().File("file", TestCsv.File(1, "números.csv"), null, null);
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        var text = Encoding.UTF8.GetString(sink.ToArray());

        Assert.Contains("filename=\"n_meros.csv\"", text);
        Assert.Contains("filename*=utf-8''n%C3%BAmeros.csv", text);
    }
}
