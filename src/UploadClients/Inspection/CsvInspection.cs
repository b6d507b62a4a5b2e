using System.Globalization;
using System.Text;

namespace UploadClients;

/// <summary>Whose documented rules <see cref="CsvInspector.InspectAsync"/> applies to a file.</summary>
public enum CsvInspectionRules
{
    /// <summary>Only the file's shape: rows, columns, phone values of <see cref="CsvInspectionOptions.PhoneColumn"/> if given.</summary>
    None = 0,

    /// <summary>OptimalDial: the phone column, one credit per valid US/Canadian number, at least 100 of them, 100 MB.</summary>
    OptimalDial = 1,

    /// <summary>OrbitSearch: rows and header only (OrbitSearch documents no rule on the content).</summary>
    OrbitSearch = 2,

    /// <summary>Talkdesk's help centre: at most 250,000 records, first and last name of at most 80 characters each, phone numbers in E.164, at least one phone per record.</summary>
    Talkdesk = 3,
}

/// <summary>What <see cref="CsvInspector.InspectAsync"/> looks at.</summary>
public sealed class CsvInspectionOptions
{
    /// <summary>Whose rules to apply (and which estimate to make). Default: <see cref="CsvInspectionRules.None"/>.</summary>
    public CsvInspectionRules Rules { get; init; }

    /// <summary>The column holding the phone number (OptimalDial's <c>phone_column</c>); matched exactly, as OptimalDial does.</summary>
    public string? PhoneColumn { get; init; }

    /// <summary>How many problem rows to keep in <see cref="CsvInspection.Problems"/> (all are counted). Default 100.</summary>
    public int MaxProblems { get; init; } = 100;

    /// <summary>
    /// Whether to count numbers that repeat an earlier row's (default <see langword="true"/>). It keeps
    /// each valid number seen (8 bytes a number), so the memory it takes grows with the file's distinct
    /// numbers; everything else the inspection keeps is of fixed size.
    /// </summary>
    public bool FindDuplicates { get; init; } = true;

    /// <summary>
    /// The largest file the provider takes, in bytes: a larger one is a refusal. The clients pass their own
    /// settings (Talkdesk's <c>TalkdeskOptions.MaxFileBytes</c>), so the inspection and the upload agree.
    /// </summary>
    /// <remarks>Default: <see langword="null"/>, the documented limit of <see cref="Rules"/> (OptimalDial 100 MB, Talkdesk 20,000 bytes, OrbitSearch none); <see cref="long.MaxValue"/> for none.</remarks>
    public long? MaxFileBytes { get; init; }
}

/// <summary>How the phone values of a file were classified (each value is counted once, in one of the first four).</summary>
public sealed class CsvPhoneNumberCounts
{
    /// <summary>Valid numbers of the United States or Canada (what OptimalDial counts and charges).</summary>
    public long ValidUsCanada { get; internal set; }

    /// <summary>Valid numbers of other countries.</summary>
    public long ValidElsewhere { get; internal set; }

    /// <summary>Values that are not valid numbers.</summary>
    public long Invalid { get; internal set; }

    /// <summary>Blank values.</summary>
    public long Empty { get; internal set; }

    /// <summary>Of the valid ones, how many repeat a number of an earlier row (0 when <see cref="CsvInspectionOptions.FindDuplicates"/> is off).</summary>
    public long Duplicates { get; internal set; }

    /// <summary>Every value looked at.</summary>
    public long Total => ValidUsCanada + ValidElsewhere + Invalid + Empty;

    internal void Add(PhoneNumberKind kind)
    {
        switch (kind)
        {
            case PhoneNumberKind.ValidUsCanada: ValidUsCanada++; break;
            case PhoneNumberKind.ValidElsewhere: ValidElsewhere++; break;
            case PhoneNumberKind.Invalid: Invalid++; break;
            default: Empty++; break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{ValidUsCanada:N0} valid US/Canadian, {ValidElsewhere:N0} valid elsewhere, {Invalid:N0} invalid, {Empty:N0} empty, {Duplicates:N0} duplicates");
}

/// <summary>One row that breaks a rule, by its line in the file.</summary>
/// <param name="Line">The file's line (1 is the header) on which the row starts; a quoted field may span lines.</param>
/// <param name="Row">The data row's number (1 is the first row after the header).</param>
/// <param name="Column">The column concerned, when there is one.</param>
/// <param name="Reason">What is wrong, in words.</param>
/// <param name="Value">The value concerned (customer data: the SDK never logs it, and <see cref="ToString"/> leaves it out).</param>
public sealed record CsvProblem(long Line, long Row, string? Column, string Reason, string? Value)
{
    /// <summary>Line, column and reason; never the value.</summary>
    /// <returns>For example <c>line 7 (phone): not a valid number</c>.</returns>
    public override string ToString() => Column is null
        ? string.Create(CultureInfo.InvariantCulture, $"line {Line}: {Reason}")
        : string.Create(CultureInfo.InvariantCulture, $"line {Line} ({Column}): {Reason}");
}

/// <summary>
/// The result of an offline inspection of a whole CSV (<see cref="CsvInspector.InspectAsync"/>, or a
/// client's <c>InspectAsync</c>): its rows and columns, its phone values classified, the first
/// problem rows, and the provider's documented rules applied. It is an <b>estimate</b> of the
/// provider's own validation, made with libphonenumber and the rules the provider documents; the
/// provider's answer is the one that counts.
/// </summary>
public sealed class CsvInspection
{
    /// <summary>Said with every report: what the figures are.</summary>
    public const string EstimateNote = "An estimate made offline from the documented rules of the provider and libphonenumber: the provider decides.";

    internal CsvInspection(string fileName, CsvInspectionRules rules)
    {
        FileName = fileName;
        Rules = rules;
    }

    /// <summary>The file's name, as it would be sent.</summary>
    public string FileName { get; }

    /// <summary>Whose rules were applied.</summary>
    public CsvInspectionRules Rules { get; }

    /// <summary>The bytes read (the whole file).</summary>
    public long Bytes { get; internal set; }

    /// <summary>The header row's column names, as written (unquoted).</summary>
    public IReadOnlyList<string> Columns { get; internal set; } = [];

    /// <summary>The data rows after the header (a record whose quoted field spans lines is one row).</summary>
    public long Rows { get; internal set; }

    /// <summary>The columns whose values were classified as phone numbers.</summary>
    public IReadOnlyList<string> PhoneColumns { get; internal set; } = [];

    /// <summary>The phone values, classified.</summary>
    public CsvPhoneNumberCounts PhoneNumbers { get; } = new();

    /// <summary>The first <see cref="CsvInspectionOptions.MaxProblems"/> problem rows, in file order.</summary>
    public IReadOnlyList<CsvProblem> Problems => ProblemList;

    /// <summary>Every problem found (<see cref="Problems"/> keeps the first few).</summary>
    public long ProblemCount { get; internal set; }

    /// <summary>OptimalDial only: the credits the upload would be charged (one per valid US/Canadian number, as OptimalDial documents).</summary>
    public long? EstimatedCredits { get; internal set; }

    /// <summary>What the provider is documented to refuse in this file, in words (empty: nothing).</summary>
    public IReadOnlyList<string> Refusals => RefusalList;

    /// <summary>Whether the provider is documented to refuse the file (see <see cref="Refusals"/>).</summary>
    public bool WouldBeRefused => RefusalList.Count > 0;

    internal List<CsvProblem> ProblemList { get; } = [];

    internal List<string> RefusalList { get; } = [];

    /// <summary>A few lines for a person: the counts, the estimate, the refusals and the first problems (never a value).</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{FileName}: {Rows:N0} rows, {Columns.Count} columns, {Bytes:N0} bytes");
        if (PhoneColumns.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; phone numbers: {PhoneNumbers}");
        }

        if (EstimatedCredits is { } credits)
        {
            text.Append(CultureInfo.InvariantCulture, $"; estimated credits: {credits:N0}");
        }

        text.Append(CultureInfo.InvariantCulture, $"; {ProblemCount:N0} problem rows");
        foreach (var refusal in RefusalList)
        {
            text.Append("\n  would be refused: ").Append(refusal);
        }

        foreach (var problem in ProblemList.Take(10))
        {
            text.Append("\n  ").Append(problem);
        }

        return text.Append('\n').Append(EstimateNote).ToString();
    }
}
