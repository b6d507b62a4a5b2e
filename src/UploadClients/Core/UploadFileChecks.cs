namespace UploadClients;

/// <summary>
/// The checks every provider makes on a file before sending it: present, not empty, a header
/// row, not over the provider's size limit. Providers add their own on top (an OptimalDial
/// phone column, a Talkdesk file-name length).
/// </summary>
internal static class UploadFileChecks
{
    /// <summary>
    /// Checks <paramref name="file"/> and adds every problem found to <paramref name="problems"/>.
    /// Returns the header's columns (empty when it could not be read).
    /// </summary>
    internal static async Task<IReadOnlyList<string>> CheckAsync(
        UploadFile? file, long maxBytes, string limitAdvice, List<string> problems, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            problems.Add("no file was given; set File to UploadFile.FromPath, FromStream or FromBytes.");
            return [];
        }

        if (file.Length is { } length && length > maxBytes)
        {
            problems.Add($"'{file.FileName}' is {length:N0} bytes, over the provider's limit of {maxBytes:N0} bytes; {limitAdvice}");
        }

        var header = await CsvHeader.ReadAsync(file, cancellationToken).ConfigureAwait(false);
        if (header.Problem is not null)
        {
            problems.Add($"'{file.FileName}': {header.Problem}");
        }

        return header.Columns;
    }

    /// <summary>Throws <see cref="UploadValidationException"/> when anything was found.</summary>
    internal static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new UploadValidationException(problems.ToArray());
        }
    }
}
