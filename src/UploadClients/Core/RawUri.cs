namespace UploadClients;

/// <summary>
/// URIs kept exactly as a provider sent them: no unescaping or re-encoding of path and query
/// (a signed URL's signature covers them byte for byte; .NET would otherwise turn %7E into ~).
/// </summary>
internal static class RawUri
{
    private static readonly UriCreationOptions Options = new() { DangerousDisablePathAndQueryCanonicalization = true };

    internal static Uri? TryParse(string? value) =>
        value is { Length: > 0 } && Uri.TryCreate(value, Options, out var uri) && uri.IsAbsoluteUri ? uri : null;
}
