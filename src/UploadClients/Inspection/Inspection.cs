namespace UploadClients;

/// <summary>The opt-in refusal before sending (<c>InspectBeforeSending</c>), one rule for the three clients.</summary>
internal static class Inspection
{
    /// <summary>OrbitSearch's rules (rows and header).</summary>
    internal static readonly CsvInspectionOptions OrbitSearch = new() { Rules = CsvInspectionRules.OrbitSearch };

    /// <summary>Talkdesk's record rules, with the client's own size limit (null there: none).</summary>
    internal static CsvInspectionOptions Talkdesk(Talkdesk.TalkdeskOptions options) =>
        new() { Rules = CsvInspectionRules.Talkdesk, MaxFileBytes = options.MaxFileBytes ?? long.MaxValue };

    /// <summary>OptimalDial's rules for one request (its phone column).</summary>
    internal static CsvInspectionOptions OptimalDial(OptimalDial.OptimalDialUploadRequest request) =>
        new() { Rules = CsvInspectionRules.OptimalDial, PhoneColumn = request.PhoneColumn?.Trim() };

    /// <summary>When <paramref name="enabled"/>, inspects the file and throws <see cref="UploadInspectionException"/> if the provider is documented to refuse it.</summary>
    internal static async Task RefuseIfAsync(bool enabled, UploadFile file, CsvInspectionOptions options, CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return;
        }

        // No duplicate search: no provider refuses a file for them, and it is the one part whose cost grows with the file.
        var report = await CsvInspector.InspectAsync(file, new CsvInspectionOptions { Rules = options.Rules, PhoneColumn = options.PhoneColumn, MaxProblems = options.MaxProblems, FindDuplicates = false, MaxFileBytes = options.MaxFileBytes }, cancellationToken).ConfigureAwait(false);
        if (report.WouldBeRefused)
        {
            throw new UploadInspectionException(report);
        }
    }
}
