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

    /// <summary>Creates the exception with its own first words ("Nothing was called").</summary>
    internal UploadValidationException(IReadOnlyList<string> problems, string lead)
        : base(BuildMessage(problems, lead))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string BuildMessage(IReadOnlyList<string> problems, string lead = "The upload was not sent")
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"{lead}: {problems[0]}"
            : $"{lead}: " + string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"));
    }
}
