using System.Text;
using UploadClients.OptimalDial;
using UploadClients.Tests.Infrastructure;

namespace UploadClients.Tests.Inspection;

/// <summary>The phone corpus (phone-corpus.tsv): 1,100 values in the shapes people type.</summary>
internal static class PhoneCorpus
{
    internal static IReadOnlyList<(string Family, string Value)> Values { get; } = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Inspection", "phone-corpus.tsv"), Encoding.UTF8)
        .Where(l => !l.StartsWith('#'))
        .Select(l => (l[..l.IndexOf('\t', StringComparison.Ordinal)], l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..]))
        .ToList();

    /// <summary>The corpus as an OptimalDial CSV: a name column and a phone column, each value quoted.</summary>
    internal static byte[] Csv() => Encoding.UTF8.GetBytes("name,phone\r\n" + string.Concat(Values.Select((v, i) => $"Row {i},\"{v.Value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\r\n")));
}

public class The_phone_classifier
{
    [Fact]
    public void Has_a_corpus_of_at_least_1000_values_in_every_shape_the_issue_names()
    {
        Assert.True(PhoneCorpus.Values.Count >= 1000, PhoneCorpus.Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var families = PhoneCorpus.Values.Select(v => v.Family).ToHashSet();
        Assert.Superset(new HashSet<string> { "us", "canada", "us-ca-toll", "other-nanp", "invalid-area-code", "invalid-exchange", "extension", "vanity", "junk", "other-country", "blank" }, families);
        var values = PhoneCorpus.Values.Select(v => v.Value).ToHashSet();
        Assert.Contains(values, v => v.StartsWith('(') && v.Contains(") ", StringComparison.Ordinal)); // (415) 555-0100
        Assert.Contains(values, v => v.Count(c => c == '.') == 2);                                       // 415.555.0100
        Assert.Contains(values, v => v.StartsWith("+1 ", StringComparison.Ordinal));                    // +1 415 555 0100
        Assert.Contains(values, v => v.StartsWith("1-", StringComparison.Ordinal));                      // 1-415-555-0100
    }

    [Fact]
    public void Agrees_with_libphonenumber_on_every_corpus_value_and_takes_the_fast_path_for_the_common_shapes()
    {
        var fastBefore = Interlocked.Read(ref PhoneNumberClassifier.FastPathCount);
        var disagreements = new List<string>();
        foreach (var (family, value) in PhoneCorpus.Values)
        {
            var fast = PhoneNumberClassifier.Classify(value, out var e164Fast);
            var slow = PhoneNumberClassifier.ClassifySlow(value, out var e164Slow);
            if (fast != slow || (fast == PhoneNumberKind.ValidUsCanada && e164Fast != e164Slow))
            {
                disagreements.Add($"{family} '{value}': fast {fast} {e164Fast}, libphonenumber {slow} {e164Slow}");
            }
        }

        Assert.Empty(disagreements);
        var nanpShaped = PhoneCorpus.Values.Count(v => v.Family is "us" or "canada");
        Assert.True(Interlocked.Read(ref PhoneNumberClassifier.FastPathCount) - fastBefore >= nanpShaped, "the fast path was not taken for the plain US/Canadian shapes");
    }

    [Fact]
    public void Agrees_with_libphonenumber_on_20000_random_north_american_numbers_in_random_shapes()
    {
        var random = new Random(1130);
        string[] shapes = ["({0}) {1}-{2}", "{0}.{1}.{2}", "+1 {0} {1} {2}", "1-{0}-{1}-{2}", "{0}{1}{2}", "+1{0}{1}{2}"];
        var disagreements = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var value = string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                shapes[random.Next(shapes.Length)],
                random.Next(200, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                random.Next(0, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                random.Next(0, 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
            if (PhoneNumberClassifier.Classify(value, out _) is var fast && PhoneNumberClassifier.ClassifySlow(value, out _) is var slow && fast != slow)
            {
                disagreements.Add($"'{value}': fast {fast}, libphonenumber {slow}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public void Agrees_with_libphonenumber_that_short_digit_strings_are_invalid()
    {
        var random = new Random(311);
        var disagreements = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, random.Next(1, 10)).Select(_ => (char)('0' + random.Next(10))));
            var value = (i % 4) switch
            {
                0 => digits,
                1 => "1-" + digits,
                2 => "011 " + digits,
                _ => string.Join('-', digits.Chunk(3).Select(c => new string(c))),
            };
            if (PhoneNumberClassifier.Classify(value, out _) is var fast && PhoneNumberClassifier.ClassifySlow(value, out _) is var slow && fast != slow)
            {
                disagreements.Add($"'{value}': fast {fast}, libphonenumber {slow}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Theory]
    [InlineData("(415) 555-0100", PhoneNumberKind.ValidUsCanada)]
    [InlineData("415.555.0100", PhoneNumberKind.ValidUsCanada)]
    [InlineData("+1 415 555 0100", PhoneNumberKind.ValidUsCanada)]
    [InlineData("1-415-555-0100", PhoneNumberKind.ValidUsCanada)]
    [InlineData("415-555-0100 x123", PhoneNumberKind.ValidUsCanada)]
    [InlineData("1-800-FLOWERS", PhoneNumberKind.ValidUsCanada)]
    [InlineData("(416) 555-0100", PhoneNumberKind.ValidUsCanada)]
    [InlineData("876-555-0100", PhoneNumberKind.ValidElsewhere)]
    [InlineData("+44 20 7946 0958", PhoneNumberKind.ValidElsewhere)]
    [InlineData("(911) 555-0100", PhoneNumberKind.Invalid)]
    [InlineData("(212) 011-1234", PhoneNumberKind.Invalid)]
    [InlineData("+15550000000", PhoneNumberKind.Invalid)]
    [InlineData("555-0100", PhoneNumberKind.Invalid)]
    [InlineData("n/a", PhoneNumberKind.Invalid)]
    [InlineData("   ", PhoneNumberKind.Empty)]
    [InlineData(null, PhoneNumberKind.Empty)]
    public void Reads_the_shapes_people_type(string? value, PhoneNumberKind expected)
    {
        Assert.Equal(expected, CsvInspector.ClassifyPhoneNumber(value));
    }

    [Theory]
    [InlineData("+14155550100", true)]
    [InlineData("+442079460958", true)]
    [InlineData("14155550100", false)]
    [InlineData("+1 415 555 0100", false)]
    [InlineData("(415) 555-0100", false)]
    [InlineData("+0123", false)]
    [InlineData("+1234567890123456", false)]
    public void Knows_e164_when_it_sees_it(string value, bool e164)
    {
        Assert.Equal(e164, PhoneNumberClassifier.IsE164Format(value));
    }
}

public class An_inspection_and_the_OptimalDial_fake
{
    [Fact]
    public async Task Count_the_corpus_the_same_way_valid_rows_and_credits()
    {
        var clock = new TestClock();
        using var host = TestHost.Start(clock);
        var request = new OptimalDialUploadRequest { File = UploadFile.FromBytes(PhoneCorpus.Csv(), "corpus.csv"), PhoneColumn = "phone" };

        var inspection = await host.OptimalDial.InspectAsync(request);
        Assert.Empty(host.Harness.Journal.Entries); // offline: nothing sent
        var created = await clock.RunAsync(host.OptimalDial.CreateUploadAsync(request));

        Assert.Equal(PhoneCorpus.Values.Count, inspection.Rows);
        Assert.Equal(PhoneCorpus.Values.Count, inspection.PhoneNumbers.Total);
        Assert.True(inspection.PhoneNumbers.ValidUsCanada >= 100, inspection.ToString());
        Assert.Equal(inspection.PhoneNumbers.ValidUsCanada, (long?)created.ValidRowCount);
        Assert.Equal(inspection.Rows - inspection.PhoneNumbers.ValidUsCanada, (long?)created.InvalidRowCount);
        Assert.Equal(inspection.EstimatedCredits, (long?)created.CreditsCharged);
        Assert.Equal(inspection.EstimatedCredits, host.Harness.OptimalDial.CreditsCharged);
        Assert.False(inspection.WouldBeRefused);
    }
}
