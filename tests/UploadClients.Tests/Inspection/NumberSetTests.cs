namespace UploadClients.Tests.Inspection;

public class The_number_set_that_finds_duplicates
{
    [Fact]
    public void Agrees_with_a_HashSet_on_a_million_numbers_with_repeats_across_its_growth()
    {
        var random = new Random(7);
        var set = new NumberSet();
        var reference = new HashSet<ulong>();
        for (var i = 0; i < 1_000_000; i++)
        {
            // Numbers that share their leading digits (one area code), as a list's do, and repeat.
            var number = 12_125_550_000UL + (ulong)random.Next(0, 400_000);
            Assert.Equal(reference.Add(number), set.Add(number));
        }

        Assert.Equal(reference.Count, set.Count);
    }

    [Fact]
    public void Refuses_zero_which_marks_an_empty_slot()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumberSet().Add(0));
    }
}
