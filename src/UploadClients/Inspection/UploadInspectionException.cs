namespace UploadClients;

/// <summary>
/// The SDK inspected the file before sending it (<c>InspectBeforeSending</c>) and the provider is
/// documented to refuse it: nothing was sent and nothing charged. <see cref="Inspection"/> is the
/// whole report; <see cref="UploadValidationException.Problems"/> are its refusals.
/// </summary>
public sealed class UploadInspectionException : UploadValidationException
{
    /// <summary>Creates the exception from a report that would be refused.</summary>
    /// <param name="inspection">The report.</param>
    public UploadInspectionException(CsvInspection inspection)
        : base(RefusalsOf(inspection))
    {
        Inspection = inspection;
    }

    /// <summary>The inspection's report: counts, the first problem rows, the refusals.</summary>
    public CsvInspection Inspection { get; }

    private static IReadOnlyList<string> RefusalsOf(CsvInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        return [.. inspection.Refusals.Select(r => $"'{inspection.FileName}' was inspected before sending: {r}. (InspectBeforeSending is on; the report is in Inspection.)")];
    }
}
