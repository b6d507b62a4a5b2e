namespace UploadClients.Tests.Infrastructure;

/// <summary>Where the repository's files are, for tests that check documents and sources against the code.</summary>
internal static class Repository
{
    /// <summary>The folder that holds UploadClients.sln, found above the test binaries.</summary>
    internal static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UploadClients.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (UploadClients.sln) was not found above " + AppContext.BaseDirectory);
    }
}
