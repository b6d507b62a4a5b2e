namespace UploadClients;

/// <summary>The opt-in refusal before sending (<c>InspectBeforeSending</c>), one rule for the three clients.</summary>
internal static class Inspection
{
    /// <summary>When <paramref name="enabled"/>, inspects the file and throws <see cref="UploadInspectionException"/> if the provider is documented to refuse it.</summary>
    internal static async Task RefuseIfAsync(bool enabled, UploadFile file, CsvInspectionOptions options, CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return;
        }

        var report = await CsvInspector.InspectAsync(file, options, cancellationToken).ConfigureAwait(false);
        if (report.WouldBeRefused)
        {
            throw new UploadInspectionException(report);
        }
    }
}
