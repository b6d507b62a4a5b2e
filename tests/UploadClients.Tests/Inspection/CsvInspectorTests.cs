using System.Globalization;
using System.Text;
using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;
using UploadClients.Testing;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Inspection;

public class A_csv_inspection
{
    private static UploadFile Csv(string text, string name = "contacts.csv") => UploadFile.FromBytes(Encoding.UTF8.GetBytes(text), name);

    private static string Numbers(int valid, int invalid = 0, string newline = "\r\n") =>
        "name,phone" + newline
        + string.Concat(Enumerable.Range(0, valid).Select(i => $"Contact {i},(212) 555-{1000 + i:0000}{newline}"))
        + string.Concat(Enumerable.Range(0, invalid).Select(i => $"Bad {i},555-{i:0000}{newline}"));

    private static Task<CsvInspection> OptimalDial(UploadFile file) =>
        CsvInspector.InspectAsync(file, new CsvInspectionOptions { Rules = CsvInspectionRules.OptimalDial, PhoneColumn = "phone" });

    [Fact]
    public async Task Reads_quoted_fields_with_commas_quotes_and_line_breaks_as_one_row_each()
    {
        var report = await OptimalDial(Csv("name,phone,notes\r\n\"Smith, Jane\",\"(212) 555-0101\",\"said \"\"hi\"\"\"\r\n\"Two\nlines\",212.555.0102,x\r\nBad,123,\"a,b\"\r\n"));

        Assert.Equal(["name", "phone", "notes"], report.Columns);
        Assert.Equal(3, report.Rows);
        Assert.Equal(2, report.PhoneNumbers.ValidUsCanada);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(5, problem.Line); // the header, a row, a row over two lines, then this one
        Assert.Equal(3, problem.Row);
        Assert.Equal("phone", problem.Column);
        Assert.Equal("123", problem.Value);
    }

    [Theory]
    [InlineData("\r\n", false)]
    [InlineData("\n", false)]
    [InlineData("\r\n", true)]
    [InlineData("\n", true)]
    public async Task Reads_crlf_and_lf_files_with_or_without_a_bom_alike(string newline, bool bom)
    {
        var bytes = Encoding.UTF8.GetBytes(Numbers(120, 3, newline));
        var file = UploadFile.FromBytes(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, "contacts.csv");

        var report = await OptimalDial(file);

        Assert.Equal(["name", "phone"], report.Columns); // the BOM is not part of the first column's name
        Assert.Equal(123, report.Rows);
        Assert.Equal(120, report.PhoneNumbers.ValidUsCanada);
        Assert.Equal(3, report.PhoneNumbers.Invalid);
        Assert.Equal(120, report.EstimatedCredits);
        Assert.Equal(bytes.Length + (bom ? 3 : 0), report.Bytes);
        Assert.False(report.WouldBeRefused);
    }

    [Fact]
    public async Task Of_a_header_only_file_has_no_rows_and_says_OptimalDial_would_refuse_it()
    {
        var report = await OptimalDial(Csv("name,phone\r\n"));

        Assert.Equal(["name", "phone"], report.Columns);
        Assert.Equal(0, report.Rows);
        Assert.Equal(0, report.EstimatedCredits);
        Assert.Contains(report.Refusals, r => r.Contains("at least 100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Finds_the_phone_column_as_the_pre_flight_check_does_exactly_but_without_surrounding_spaces()
    {
        var padded = await OptimalDial(Csv(Numbers(100).Replace("name,phone", "name, phone ", StringComparison.Ordinal)));
        var otherCase = await OptimalDial(Csv(Numbers(100).Replace("name,phone", "name,Phone", StringComparison.Ordinal)));

        Assert.Equal(100, padded.PhoneNumbers.ValidUsCanada);
        Assert.False(padded.WouldBeRefused);
        Assert.Contains(otherCase.Refusals, r => r.Contains("no column 'phone'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Says_plainly_when_a_quote_is_never_closed()
    {
        var text = "name,phone\r\n\"Unclosed,(212) 555-1000\r\n" + string.Concat(Enumerable.Repeat("C,(212) 555-1001\r\n", 500));

        var report = await OptimalDial(Csv(text));

        Assert.Equal(1, report.Rows);
        Assert.Contains(report.Refusals, r => r.StartsWith("line 2: a quote is never closed, so the 50", StringComparison.Ordinal));
        Assert.StartsWith("a quote that is never closed", Assert.Single(report.Problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_so_when_a_quote_is_never_closed_within_a_few_lines_too_instead_of_swallowing_the_rows()
    {
        var text = "name,phone\r\n" + string.Concat(Enumerable.Range(0, 120).Select(i => $"C{i},(212) 555-{1000 + i}\r\n")) + "\"Unclosed,(212) 555-1999\r\nD,(212) 555-2000\r\nE,(212) 555-2001\r\n";

        var report = await OptimalDial(Csv(text));

        // Before: the last three lines read as one row's field, counted as nothing, with no problem and no refusal.
        Assert.True(report.WouldBeRefused);
        Assert.Contains(report.Refusals, r => r.StartsWith("line 122: a quote is never closed", StringComparison.Ordinal));
        Assert.Equal(120, report.PhoneNumbers.ValidUsCanada);
    }

    [Fact]
    public async Task Counts_a_name_in_characters_as_a_person_does_not_in_UTF16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 41)); // 41 characters, 82 UTF-16 units
        var long81 = new string('a', 81);
        var text = $"first_name,last_name,phone\n{emoji},B,+14155550100\n{long81},B,+14155550101\n";

        var report = await CsvInspector.InspectAsync(Csv(text), new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk });

        var problem = Assert.Single(report.Problems);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("81 characters", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_an_encoding_that_is_not_UTF8_in_the_same_words_as_the_pre_flight_check()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name,phone\r\nA,(212) 555-1000\r\n")).ToArray();
        var cp1252 = Encoding.UTF8.GetBytes("name,phone\r\n").Concat(new byte[] { (byte)'J', 0xE9, (byte)'r', 0xF4, (byte)'m', (byte)'e' }).Concat(Encoding.UTF8.GetBytes(",(212) 555-1000\r\n")).ToArray();

        var sixteen = await OptimalDial(UploadFile.FromBytes(utf16, "unicode.csv"));
        var windows = await OptimalDial(UploadFile.FromBytes(cp1252, "excel.csv"));

        var preflight = CsvHeader.Parse(utf16, isWholeFile: true).Problem;
        Assert.NotNull(preflight);
        Assert.Contains(preflight, sixteen.Refusals); // one rule, one verdict, one sentence
        Assert.Equal(0, sixteen.PhoneNumbers.Total); // not "150 valid numbers" read from UTF-16
        Assert.Contains(windows.Refusals, r => r.StartsWith("line 2 is not valid UTF-8", StringComparison.Ordinal) && r.Contains("CSV UTF-8 (Comma delimited)", StringComparison.Ordinal));
        Assert.Equal("not valid UTF-8", Assert.Single(windows.Problems).Reason);
    }

    [Fact]
    public async Task Names_every_phone_column_talkdesk_accepts_when_there_is_none()
    {
        var report = await CsvInspector.InspectAsync(Csv("First name,Last name,Fax\nAnn,Lee,+14155550100\n"), new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk });
        var accepted = await CsvInspector.InspectAsync(Csv("First name,Last name,Phone number\nAnn,Lee,+14155550100\n"), new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk });

        // Before: the refusal listed Mobile, Home, Office and Extra 1-3 only, not the Phone and Phone number columns it accepts.
        Assert.Contains(report.Refusals, r => r.StartsWith("no phone column (Talkdesk needs one of Mobile, Home, Office, Extra 1-3, Phone, Phone number;", StringComparison.Ordinal));
        Assert.False(accepted.WouldBeRefused, string.Join("; ", accepted.Refusals));
    }

    [Fact]
    public async Task Of_an_empty_file_says_there_is_no_header()
    {
        var report = await CsvInspector.InspectAsync(Csv(string.Empty));

        Assert.Empty(report.Columns);
        Assert.Contains(report.Refusals, r => r.Contains("no header row", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Counts_duplicates_and_every_problem_but_keeps_only_the_first_few()
    {
        var text = "name,phone\r\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"C{i},{(i % 3 == 0 ? "bad" : "(212) 555-" + (1000 + (i % 50)).ToString("D4", CultureInfo.InvariantCulture))}\r\n"));

        var report = await CsvInspector.InspectAsync(Csv(text), new CsvInspectionOptions { Rules = CsvInspectionRules.OptimalDial, PhoneColumn = "phone", MaxProblems = 5 });

        Assert.Equal(100, report.PhoneNumbers.Invalid);
        Assert.Equal(200, report.PhoneNumbers.ValidUsCanada);
        Assert.Equal(150, report.PhoneNumbers.Duplicates); // 50 distinct numbers among 200 valid rows
        Assert.Equal(100, report.ProblemCount);
        Assert.Equal(5, report.Problems.Count);
        Assert.Equal([2L, 5, 8, 11, 14], report.Problems.Select(p => p.Line));
    }

    [Fact]
    public async Task Names_rows_with_the_wrong_number_of_fields()
    {
        var report = await CsvInspector.InspectAsync(Csv("a,b,c\r\n1,2,3\r\n1,2\r\n1,2,3,4\r\n"));

        Assert.Equal(2, report.ProblemCount);
        Assert.Equal("line 3: has 2 fields, the header has 3", report.Problems[0].ToString());
    }

    [Fact]
    public async Task Never_prints_a_value_in_its_summary()
    {
        var report = await OptimalDial(Csv(Numbers(100) + "Secret,+1 (999) 867-5309\r\n"));

        Assert.Contains("867-5309", report.Problems.Single().Value!, StringComparison.Ordinal);
        Assert.DoesNotContain("867-5309", report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("867-5309", report.Problems.Single().ToString(), StringComparison.Ordinal);
        Assert.Contains(CsvInspection.EstimateNote, report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_non_seekable_stream_which_it_would_use_up()
    {
        await using var pipe = new NonSeekableStream(Encoding.UTF8.GetBytes(Numbers(100)));

        var ex = await Assert.ThrowsAsync<UploadValidationException>(() => CsvInspector.InspectAsync(UploadFile.FromStream(pipe, "contacts.csv")));

        Assert.Contains("non-seekable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applies_talkdesks_documented_record_rules()
    {
        var longName = new string('a', 81);
        var text = "First name,Last name,Mobile,Home\r\n"
            + "Ann,Lee,+14155550100,\r\n"         // fine
            + "Bo,Ray,(415) 555-0101,\r\n"        // not E.164
            + $"{longName},Kim,,+442079460958\r\n" // a name over 80 characters
            + ",Cho,+14155550102,\r\n"            // no first name
            + "Dee,Fox,,\r\n";                    // no phone at all

        var report = await CsvInspector.InspectAsync(Csv(text), new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk });

        Assert.Equal(["Mobile", "Home"], report.PhoneColumns);
        Assert.Equal(5, report.Rows);
        (long Line, string? Column, string Reason)[] expected =
            [(3, "Mobile", "not in E.164"), (3, null, "no valid phone number"), (4, "First name", "81 characters"), (5, "First name", "empty"), (6, null, "no valid phone number")];
        Assert.Equal(expected.Length, report.Problems.Count);
        foreach (var (want, got) in expected.Zip(report.Problems))
        {
            Assert.Equal((want.Line, want.Column), (got.Line, got.Column));
            Assert.StartsWith(want.Reason, got.Reason, StringComparison.Ordinal);
        }

        Assert.True(report.WouldBeRefused);
    }

    [Fact]
    public async Task Says_talkdesk_refuses_a_list_of_more_than_250000_records()
    {
        var text = new StringBuilder("first_name,last_name,phone\n");
        for (var i = 0; i < CsvInspector.TalkdeskMaxRecords + 1; i++)
        {
            text.Append("A,B,+1415555").Append((i % 10000).ToString("D4", CultureInfo.InvariantCulture)).Append('\n');
        }

        var report = await CsvInspector.InspectAsync(Csv(text.ToString()), new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk, FindDuplicates = false, MaxFileBytes = long.MaxValue });

        Assert.Equal(250_001, report.Rows);
        Assert.Equal(0, report.ProblemCount);
        Assert.Equal("250,001 records, over Talkdesk's 250,000 per list", Assert.Single(report.Refusals));
    }

    [Fact]
    public async Task Says_what_talkdesk_needs_when_the_header_lacks_it()
    {
        var report = await CsvInspector.InspectAsync(Csv("name,number\r\nAnn,+14155550100\r\n"), new CsvInspectionOptions { Rules = CsvInspectionRules.Talkdesk });

        Assert.Equal(3, report.Refusals.Count);
        Assert.Contains(report.Refusals, r => r.StartsWith("no phone column", StringComparison.Ordinal));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public class Inspecting_before_sending
{
    private static UploadFile NinetyNineValid() => UploadFile.FromBytes(TestCsv.Contacts(99), "contacts.csv");

    [Fact]
    public async Task Refuses_a_file_of_99_valid_numbers_before_anything_is_sent_when_asked()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var ex = await Assert.ThrowsAsync<UploadInspectionException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(
            new OptimalDialUploadRequest { File = NinetyNineValid(), PhoneColumn = "phone", InspectBeforeSending = true })));

        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Equal(99, ex.Inspection.PhoneNumbers.ValidUsCanada);
        Assert.Contains("99 valid US/Canadian numbers; OptimalDial needs at least 100", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<UploadValidationException>(ex);
    }

    [Fact]
    public async Task Sends_it_when_not_asked_and_the_fake_refuses_it_with_422()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);

        var ex = await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.OptimalDial.UploadAndWaitAsync(
            new OptimalDialUploadRequest { File = NinetyNineValid(), PhoneColumn = "phone" })));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Equal(1, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task Follows_the_provider_option_and_a_request_can_turn_it_off()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, o => o.OptimalDial.InspectBeforeSending = true);

        await Assert.ThrowsAsync<UploadInspectionException>(() => clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = NinetyNineValid(), PhoneColumn = "phone" })));
        Assert.Empty(host.Harness.Journal.Entries);
        var ok = await clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = TestCsv.File(150), PhoneColumn = "phone" }));
        await Assert.ThrowsAsync<UploadApiException>(() => clock.RunAsync(host.OptimalDial.CreateUploadAsync(new OptimalDialUploadRequest { File = NinetyNineValid(), PhoneColumn = "phone", InspectBeforeSending = false })));

        Assert.Equal(150, ok.ValidRowCount);
        Assert.Equal(2, host.Harness.Journal.Count(HarnessEndpoint.OptimalDialCreateUpload));
    }

    [Fact]
    public async Task Refuses_a_talkdesk_list_that_breaks_the_record_rules_before_the_upload_request()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var file = UploadFile.FromBytes(Encoding.UTF8.GetBytes("first_name,last_name,mobile\r\nAnn,Lee,(415) 555-0100\r\n"), "list.csv");

        var ex = await Assert.ThrowsAsync<UploadInspectionException>(() => clock.RunAsync(host.Talkdesk.UploadAndWaitAsync(
            host.Harness.Talkdesk.DefaultRecordListId, new TalkdeskCreateUploadRequest { File = file, InspectBeforeSending = true })));

        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Contains("E.164", ex.Inspection.Problems[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("no valid phone number", ex.Inspection.Problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_new_talkdesk_record_list_too_when_the_option_is_on()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock, o => o.Talkdesk.InspectBeforeSending = true);
        var file = UploadFile.FromBytes(Encoding.UTF8.GetBytes("first_name,last_name,mobile\r\nAnn,,+14155550100\r\n"), "list.csv");

        var ex = await Assert.ThrowsAsync<UploadInspectionException>(() => clock.RunAsync(host.Talkdesk.CreateRecordListAsync(
            new TalkdeskCreateRecordListRequest { Name = "April", File = file })));

        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Equal(("last_name", "empty (Talkdesk requires it)"), (ex.Inspection.Problems.Single().Column, ex.Inspection.Problems.Single().Reason));
    }

    [Fact]
    public async Task Inspects_an_orbitsearch_file_offline_rows_and_header()
    {
        using var host = TestHost.Start();

        var report = await host.OrbitSearch.InspectAsync(new OrbitSearchCsvUploadRequest
        {
            OrganizationId = host.Harness.OrbitSearch.DefaultOrganizationId,
            DirectoryId = host.Harness.OrbitSearch.DefaultDirectoryId,
            File = TestCsv.File(42),
        });

        Assert.Empty(host.Harness.Journal.Entries);
        Assert.Equal(42, report.Rows);
        Assert.Equal(["name", "phone", "city"], report.Columns);
        Assert.Equal(CsvInspectionRules.OrbitSearch, report.Rules);
        Assert.False(report.WouldBeRefused);
    }
}
