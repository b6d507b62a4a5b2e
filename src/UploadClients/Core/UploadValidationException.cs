namespace UploadClients;

/// <summary>
/// The request was refused by the SDK before anything was sent (so nothing was charged):
/// <see cref="Problems"/> lists every problem found, each with what to do about it.
/// </summary>
public class UploadValidationException : UploadClientsException
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">One sentence per problem.</param>
    public UploadValidationException(IReadOnlyList<string> problems)
        : base(BuildMessage(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string BuildMessage(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"The upload was not sent: {problems[0]}"
            : "The upload was not sent: " + string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"));
    }
}
