using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace UploadClients.Tests.Journal;

public sealed class The_file_upload_journal : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("uploadclients-journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static UploadOperation Record(string key, UploadOperationStep step, DateTimeOffset at) => new()
    {
        Key = key,
        Provider = "OptimalDial",
        FileName = "contacts.csv",
        FileLength = 42,
        FileSha256 = new string('a', 64),
        Step = step,
        StartedAt = at,
        UpdatedAt = at,
    };

    [Fact]
    public async Task Keeps_one_whole_record_per_key_and_replaces_it_whole()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var journal = new FileUploadJournal(_directory, timeProvider: time);

        await journal.SaveAsync(Record("crm-export 2026-12-01", UploadOperationStep.Sending, time.GetUtcNow()));
        await journal.SaveAsync(Record("crm-export 2026-12-01", UploadOperationStep.Created, time.GetUtcNow()) with { ProviderId = "f3c9b8a7-1234-4abc-9def-0123456789ab" });

        var found = await new FileUploadJournal(_directory, timeProvider: time).FindAsync("crm-export 2026-12-01");
        Assert.Equal(UploadOperationStep.Created, found!.Step);
        Assert.Equal("f3c9b8a7-1234-4abc-9def-0123456789ab", found.ProviderId);
        var file = Assert.Single(Directory.GetFiles(_directory, "*.json"));
        Assert.DoesNotContain("crm-export", Path.GetFileName(file), StringComparison.Ordinal); // the name is the key's SHA-256
        Assert.Contains("\"step\": \"Created\"", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Null(await journal.FindAsync("another key"));
    }

    [Fact]
    public async Task A_write_cut_off_by_a_crash_leaves_the_previous_record_readable()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var journal = new FileUploadJournal(_directory, timeProvider: time);
        await journal.SaveAsync(Record("k", UploadOperationStep.Sending, time.GetUtcNow()));
        var record = Assert.Single(Directory.GetFiles(_directory, "*.json"));
        // What a kill during the next write leaves: a temporary file with half a record, never renamed.
        File.WriteAllText(record + "." + Guid.NewGuid().ToString("N") + ".tmp", "{\"key\": \"k\", \"step\": \"Cre", Encoding.UTF8);

        var found = await journal.FindAsync("k");

        Assert.Equal(UploadOperationStep.Sending, found!.Step);
        time.Advance(TimeSpan.FromHours(2));
        journal.PurgeExpired();
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp")); // left-over temporary files are cleaned
        Assert.NotNull(await journal.FindAsync("k"));
    }

    [Fact]
    public async Task A_record_it_cannot_read_is_an_error_never_no_record()
    {
        var journal = new FileUploadJournal(_directory);
        await journal.SaveAsync(Record("k", UploadOperationStep.Sending, DateTimeOffset.UtcNow));
        File.WriteAllText(Assert.Single(Directory.GetFiles(_directory, "*.json")), "not json");

        await Assert.ThrowsAsync<InvalidDataException>(() => journal.FindAsync("k").AsTask());
    }

    [Fact]
    public async Task Forgets_a_record_after_its_retention()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var journal = new FileUploadJournal(_directory, TimeSpan.FromDays(2), time);
        await journal.SaveAsync(Record("old", UploadOperationStep.Completed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromDays(1));
        await journal.SaveAsync(Record("new", UploadOperationStep.Completed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromDays(1.5));

        Assert.Equal(1, journal.PurgeExpired());
        Assert.Null(await journal.FindAsync("old"));
        Assert.NotNull(await journal.FindAsync("new"));
    }

    [Fact]
    public async Task Lets_one_holder_at_a_time_have_a_key()
    {
        var one = new FileUploadJournal(_directory);
        var two = new FileUploadJournal(_directory);

        var held = await one.LockAsync("k", TimeSpan.Zero);
        var busy = await Assert.ThrowsAsync<TimeoutException>(() => two.LockAsync("k", TimeSpan.FromMilliseconds(120)).AsTask());
        Assert.Contains("JournalLockTimeout", busy.Message, StringComparison.Ordinal); // the setting to change
        await using (await two.LockAsync("other key", TimeSpan.Zero))
        {
        }

        await held.DisposeAsync();
        await using var now = await two.LockAsync("k", TimeSpan.Zero);
    }
}
