using System.Globalization;
using nietras.SeparatedValues;

namespace UploadClients;

/// <summary>
/// Inspects a whole CSV offline, in one streaming pass, before it is sent: rows, columns, phone
/// values classified with libphonenumber, the first problem rows, and a provider's documented rules
/// (OptimalDial's credits and 100-number minimum, Talkdesk's record rules). Nothing is sent.
/// </summary>
/// <remarks>
/// The file is read with Sep (RFC 4180: quoted fields with commas, quotes and line breaks, a UTF-8
/// BOM, CRLF or LF). Memory is of fixed size whatever the file's length, except the set of numbers
/// kept to find duplicates (<see cref="CsvInspectionOptions.FindDuplicates"/>). The clients'
/// <c>InspectAsync</c> call this with their provider's rules; the harness's fakes count valid
/// numbers with <see cref="ClassifyPhoneNumber"/>, so an estimate and a fake's answer agree.
/// </remarks>
public static class CsvInspector
{
    /// <summary>OptimalDial's documented minimum of valid US/Canadian numbers in an upload.</summary>
    public const int OptimalDialMinimumValidNumbers = 100;

    /// <summary>Talkdesk's documented maximum of records in a list.</summary>
    public const int TalkdeskMaxRecords = 250_000;

    /// <summary>Talkdesk's documented maximum length of a first or a last name.</summary>
    public const int TalkdeskMaxNameLength = 80;

    /// <summary>OptimalDial's documented size limit, 100 MB, read as 104,857,600 bytes.</summary>
    internal const long OptimalDialMaxBytes = 100L * 1024 * 1024;

    private const int ReadBlockBytes = 256 * 1024;

    /// <summary>Talkdesk's upload-request schema's byte_size maximum, the default of TalkdeskOptions.MaxFileBytes.</summary>
    private const long TalkdeskDefaultMaxFileBytes = 20_000;

    /// <summary>More lines than this in one row is read as a quote never closed (a field of 100 lines is not a contact list's).</summary>
    private const int MaxLinesInOneRow = 100;

    private static readonly string[] TalkdeskPhoneColumns = ["mobile", "home", "office", "extra1", "extra2", "extra3", "phone", "phonenumber"];

    /// <summary>Classifies one phone value as OptimalDial and the inspection read it (libphonenumber, US as the default region).</summary>
    /// <param name="value">The value as written in the file.</param>
    /// <returns>Its kind.</returns>
    public static PhoneNumberKind ClassifyPhoneNumber(string? value) => PhoneNumberClassifier.Classify(value, out _);

    /// <summary>Inspects <paramref name="file"/> (read once, from its first byte; nothing is sent).</summary>
    /// <param name="file">The CSV. A non-seekable stream cannot be inspected and then sent: give a path, bytes or a seekable stream.</param>
    /// <param name="options">Whose rules to apply, the phone column, how many problems to keep.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report.</returns>
    /// <exception cref="UploadValidationException">The file is a non-seekable stream, or cannot be read as CSV.</exception>
    public static async Task<CsvInspection> InspectAsync(UploadFile file, CsvInspectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= new CsvInspectionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxProblems, nameof(options));
        if (!file.IsReplayable)
        {
            throw new UploadValidationException([
                $"'{file.FileName}' comes from a non-seekable stream, which can be read once only: inspecting it would leave nothing to send. Use UploadFile.FromPath, FromBytes or a seekable stream."]);
        }

        var report = new CsvInspection(file.FileName, options.Rules);
        var head = new byte[512];
        var peeked = await file.PeekAsync(head, cancellationToken).ConfigureAwait(false);
        if (CsvText.EncodingProblem(head.AsSpan(0, peeked)) is { } encoding)
        {
            // UTF-16 read as UTF-8 is noise: said as the pre-flight check says it, and not read further.
            report.RefusalList.Add(encoding);
            report.Bytes = file.Length ?? peeked;
            Conclude(report, options);
            return report;
        }

        var stream = file.OpenRead();
        try
        {
            // Read in large blocks: each asynchronous read of a file allocates, so 256 KB blocks keep
            // the inspection's allocations flat whatever the file's length (docs/benchmarks.md, Inspection).
            var counting = new CountingStream(stream is FileStream ? new BufferedStream(stream, ReadBlockBytes) : stream);
            await ReadAsync(counting, options, report, cancellationToken).ConfigureAwait(false);
            report.Bytes = counting.BytesRead;
        }
        finally
        {
            await file.ReleaseAsync(stream).ConfigureAwait(false);
        }

        Conclude(report, options);
        return report;
    }

    private static async Task ReadAsync(Stream stream, CsvInspectionOptions options, CsvInspection report, CancellationToken cancellationToken)
    {
        var sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true, DisableQuotesParsing = false });
        using var reader = await sep.FromAsync(stream, leaveOpen: true, cancellationToken).ConfigureAwait(false);

        var phoneIndexes = Array.Empty<int>();
        int firstName = -1, lastName = -1;
        var seen = options.FindDuplicates ? new NumberSet() : null;
        var cache = new PhoneNumberClassifier.SlowPathCache();
        var headerRead = false;
        var notUtf8Said = false;
        string[] columns = [];

        while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = reader.Current;
            if (!headerRead)
            {
                headerRead = true;
                columns = new string[row.ColCount];
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i] = row[i].ToString();
                }

                report.Columns = columns;
                if (CsvText.DelimiterProblem(columns) is { } delimiter)
                {
                    report.RefusalList.Add(delimiter);
                }

                if (row.Span.Contains('\uFFFD'))
                {
                    report.RefusalList.Add(CsvText.NotUtf8("the header row"));
                    notUtf8Said = true;
                }

                (phoneIndexes, firstName, lastName) = Locate(columns, options, report);
                continue;
            }

            var line = row.LineNumberFrom;
            var number = ++report.Rows;
            if (row.LineNumberToExcl - line > 1 && row.Span.Count('"') % 2 == 1)
            {
                // A quote never closed: the reader took every line after it, to the end of the file, as one field.
                var spanned = row.LineNumberToExcl - line;
                report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: a quote is never closed, so the {spanned:N0} lines from there to the end of the file read as one field"));
                ProblemText(report, options, line, number, "a quote that is never closed (the rest of the file reads as one field)");
                continue;
            }

            if (row.Span.Contains('\uFFFD'))
            {
                // The reader decodes UTF-8 and puts U+FFFD where bytes are not UTF-8 (Windows-1252 names).
                ProblemText(report, options, line, number, "not valid UTF-8");
                if (!notUtf8Said)
                {
                    report.RefusalList.Add(CsvText.NotUtf8(string.Create(CultureInfo.InvariantCulture, $"line {line}")));
                    notUtf8Said = true;
                }
            }

            if (row.LineNumberToExcl - line > MaxLinesInOneRow)
            {
                // A quote opened and never closed: everything after it reads as one field, and the
                // reader holds it whole. Said plainly instead of "has 1 fields".
                var spanned = row.LineNumberToExcl - line;
                report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: a quoted field runs over {spanned:N0} lines (a quote that is never closed?), so the file cannot be read as CSV from there"));
                ProblemText(report, options, line, number, string.Create(CultureInfo.InvariantCulture, $"a quoted field runs over {spanned:N0} lines (a quote that is never closed?)"));
                continue;
            }

            if (row.ColCount != columns.Length && !(row.ColCount == 1 && row[0].Span.IsEmpty))
            {
                ProblemFields(report, options, line, number, row.ColCount, columns.Length);
            }

            var phones = 0;
            foreach (var index in phoneIndexes)
            {
                var cell = index < row.ColCount ? row[index].Span : [];
                var kind = PhoneNumberClassifier.Classify(cell, out var e164, cache);
                if (options.Rules == CsvInspectionRules.Talkdesk && kind != PhoneNumberKind.Empty && !PhoneNumberClassifier.IsE164Format(cell))
                {
                    // Talkdesk reads E.164 only: another way of writing a valid number is not valid there.
                    kind = PhoneNumberKind.Invalid;
                    report.PhoneNumbers.Add(kind);
                    Problem(report, options, line, number, columns[index], "not in E.164 (a + and the country code, digits only: +14155550100)", cell);
                    continue;
                }

                report.PhoneNumbers.Add(kind);
                if (kind is PhoneNumberKind.ValidUsCanada or PhoneNumberKind.ValidElsewhere)
                {
                    phones++;
                    if (e164 != 0 && seen is not null && !seen.Add(e164))
                    {
                        report.PhoneNumbers.Duplicates++;
                    }
                }
                else if (options.Rules != CsvInspectionRules.Talkdesk || kind == PhoneNumberKind.Invalid)
                {
                    Problem(report, options, line, number, columns[index], kind == PhoneNumberKind.Empty ? "empty" : "not a valid number", cell);
                }

                if (options.Rules == CsvInspectionRules.OptimalDial && kind == PhoneNumberKind.ValidElsewhere)
                {
                    Problem(report, options, line, number, columns[index], "a valid number, but not of the US or Canada (OptimalDial counts those only)", cell);
                }
            }

            if (options.Rules == CsvInspectionRules.Talkdesk)
            {
                if (phones == 0 && phoneIndexes.Length > 0)
                {
                    Problem(report, options, line, number, null, "no valid phone number (Talkdesk needs at least one per record)", default);
                }

                CheckName(report, options, row, firstName, columns, line, number);
                CheckName(report, options, row, lastName, columns, line, number);
            }
        }
    }

    private static void CheckName(CsvInspection report, CsvInspectionOptions options, SepReader.Row row, int index, string[] columns, long line, long number)
    {
        if (index < 0)
        {
            return;
        }

        var value = index < row.ColCount ? row[index].Span.Trim() : [];
        if (value.IsEmpty)
        {
            Problem(report, options, line, number, columns[index], "empty (Talkdesk requires it)", default);
        }
        else if (value.Length > TalkdeskMaxNameLength && CsvText.Characters(value) is var characters && characters > TalkdeskMaxNameLength)
        {
            // Characters as a person counts them: 41 emoji are 41, not the 82 UTF-16 units they take.
            Problem(report, options, line, number, columns[index], null, value, characters);
        }
    }

    private static (int[] Phones, int FirstName, int LastName) Locate(string[] columns, CsvInspectionOptions options, CsvInspection report)
    {
        switch (options.Rules)
        {
            case CsvInspectionRules.Talkdesk:
            {
                var phones = Enumerable.Range(0, columns.Length).Where(i => TalkdeskPhoneColumns.Contains(Normalize(columns[i]))).ToArray();
                report.PhoneColumns = [.. phones.Select(i => columns[i])];
                var first = Array.FindIndex(columns, c => Normalize(c) == "firstname");
                var last = Array.FindIndex(columns, c => Normalize(c) == "lastname");
                if (phones.Length == 0)
                {
                    report.RefusalList.Add("no phone column (Talkdesk needs one of Mobile, Home, Office, Extra 1-3, Phone, Phone number; read case-insensitively, spaces and underscores ignored)");
                }

                if (first < 0)
                {
                    report.RefusalList.Add("no First name column (Talkdesk requires it)");
                }

                if (last < 0)
                {
                    report.RefusalList.Add("no Last name column (Talkdesk requires it)");
                }

                return (phones, first, last);
            }

            default:
            {
                if (options.PhoneColumn is null)
                {
                    return ([], -1, -1);
                }

                // As the pre-flight header check and OptimalDial read it: exact, but not counting spaces around a name.
                var wanted = options.PhoneColumn.Trim();
                var index = Array.FindIndex(columns, c => c.Trim() == wanted);
                if (index < 0)
                {
                    report.RefusalList.Add($"the header has no column '{options.PhoneColumn}' (columns: {string.Join(", ", columns)})");
                    return ([], -1, -1);
                }

                report.PhoneColumns = [columns[index]];
                return ([index], -1, -1);
            }
        }
    }

    private static void Conclude(CsvInspection report, CsvInspectionOptions options)
    {
        if (report.Columns.Count == 0 || report.Columns.All(string.IsNullOrWhiteSpace))
        {
            report.RefusalList.Insert(0, "no header row (the file is empty or its first line is blank)");
        }

        switch (options.Rules)
        {
            case CsvInspectionRules.OptimalDial:
                if (report.PhoneColumns.Count > 0)
                {
                    report.EstimatedCredits = report.PhoneNumbers.ValidUsCanada;
                    if (report.PhoneNumbers.ValidUsCanada < OptimalDialMinimumValidNumbers)
                    {
                        report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"{report.PhoneNumbers.ValidUsCanada:N0} valid US/Canadian numbers; OptimalDial needs at least {OptimalDialMinimumValidNumbers} (it answers 422)"));
                    }
                }

                if (report.Bytes > (options.MaxFileBytes ?? OptimalDialMaxBytes))
                {
                    report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"{report.Bytes:N0} bytes, over OptimalDial's 100 MB ({options.MaxFileBytes ?? OptimalDialMaxBytes:N0} bytes)"));
                }

                break;
            case CsvInspectionRules.Talkdesk:
                if (report.Bytes > (options.MaxFileBytes ?? TalkdeskDefaultMaxFileBytes))
                {
                    report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"{report.Bytes:N0} bytes, over the limit of {options.MaxFileBytes ?? TalkdeskDefaultMaxFileBytes:N0} bytes per upload (UploadClients:Talkdesk:MaxFileBytes; Talkdesk's upload-request schema documents byte_size of at most 20,000)"));
                }

                if (report.Rows > TalkdeskMaxRecords)
                {
                    report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"{report.Rows:N0} records, over Talkdesk's {TalkdeskMaxRecords:N0} per list"));
                }

                if (report.ProblemCount > 0)
                {
                    report.RefusalList.Add(string.Create(CultureInfo.InvariantCulture, $"{report.ProblemCount:N0} records break Talkdesk's documented rules (names, E.164 phones, a phone per record); Talkdesk would not import them"));
                }

                break;
        }
    }

    /// <summary>Counts a problem; keeps it (and makes its strings) only while fewer than MaxProblems are kept.</summary>
    private static void Problem(CsvInspection report, CsvInspectionOptions options, long line, long row, string? column, string? reason, ReadOnlySpan<char> value, int nameLength = 0)
    {
        report.ProblemCount++;
        if (report.ProblemList.Count < options.MaxProblems)
        {
            reason ??= string.Create(CultureInfo.InvariantCulture, $"{nameLength} characters, over Talkdesk's {TalkdeskMaxNameLength}");
            report.ProblemList.Add(new CsvProblem(line, row, column, reason, value.IsEmpty ? null : value.ToString()));
        }
    }

    private static void ProblemText(CsvInspection report, CsvInspectionOptions options, long line, long row, string reason)
    {
        report.ProblemCount++;
        if (report.ProblemList.Count < options.MaxProblems)
        {
            report.ProblemList.Add(new CsvProblem(line, row, null, reason, null));
        }
    }

    private static void ProblemFields(CsvInspection report, CsvInspectionOptions options, long line, long row, int fields, int expected)
    {
        report.ProblemCount++;
        if (report.ProblemList.Count < options.MaxProblems)
        {
            report.ProblemList.Add(new CsvProblem(line, row, null, string.Create(CultureInfo.InvariantCulture, $"has {fields} fields, the header has {expected}"), null));
        }
    }

    /// <summary>"First name", "first_name" and "FirstName" alike.</summary>
    private static string Normalize(string column) =>
        string.Concat(column.Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '-'))).ToLowerInvariant();

    /// <summary>Counts the bytes read through it (the report's <see cref="CsvInspection.Bytes"/>).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
