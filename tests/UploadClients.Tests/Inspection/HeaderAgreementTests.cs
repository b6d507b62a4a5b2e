using System.Text;

namespace UploadClients.Tests.Inspection;

/// <summary>
/// The pre-flight header check (CsvHeader: the first line only, 4 KB, before every upload) and the
/// whole-file inspection (Sep) are two readers of one header row: they must read it the same.
/// </summary>
public class The_header_check_and_the_inspection
{
    public static TheoryData<string> Headers => new()
    {
        "name,phone,city\r\nA,1,x\r\n",
        "name,phone,city\nA,1,x\n",
        "\uFEFFname,phone\r\nA,1\r\n",
        "\"name\",\"phone\"\r\nA,1\r\n",
        "\"last, first\",phone\r\nA,1\r\n",
        "\"say \"\"hi\"\"\",phone\r\nA,1\r\n",
        "name,,phone\r\nA,,1\r\n",
        " name , phone \r\nA,1\r\n",
        "name,phone",
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task Read_the_same_columns(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var check = CsvHeader.Parse(bytes, isWholeFile: true);
        var inspection = await CsvInspector.InspectAsync(UploadFile.FromBytes(bytes, "h.csv"));

        Assert.Null(check.Problem);
        Assert.Equal(inspection.Columns.Select(c => c.Trim()), check.Columns.Select(c => c.Trim()));
    }

    public static TheoryData<string> Semicolons => new()
    {
        "name;phone\r\nA;1\r\n",
        "\uFEFFName;\"Notes\";\"Phone\"\r\nA;\"two\r\nlines\";+14155550100\r\n", // Excel in a European locale: BOM, CRLF, quoted line breaks
    };

    [Theory]
    [MemberData(nameof(Semicolons))]
    public async Task Say_the_same_of_a_semicolon_separated_file(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var check = CsvHeader.Parse(bytes, isWholeFile: true);
        var inspection = await CsvInspector.InspectAsync(UploadFile.FromBytes(bytes, "h.csv"));

        Assert.StartsWith("the header row looks semicolon-separated", check.Problem, StringComparison.Ordinal);
        Assert.Contains("CSV UTF-8 (Comma delimited)", check.Problem, StringComparison.Ordinal);
        Assert.Equal(check.Problem, inspection.Refusals[0]);
    }
}
