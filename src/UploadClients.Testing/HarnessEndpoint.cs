using System.Text.RegularExpressions;

namespace UploadClients.Testing;

/// <summary>The endpoints the harness serves, by name: used to inject faults and to filter the journal.</summary>
public static partial class HarnessEndpoint
{
    /// <summary>POST /api/v1/uploads.</summary>
    public const string OptimalDialCreateUpload = "OptimalDial.CreateUpload";

    /// <summary>GET /api/v1/uploads/{id}.</summary>
    public const string OptimalDialGetUpload = "OptimalDial.GetUpload";

    private static readonly (string Method, Regex Path, string Name)[] Routes =
    [
        ("POST", OptimalDialCreatePath(), OptimalDialCreateUpload),
        ("GET", OptimalDialUploadPath(), OptimalDialGetUpload),
    ];

    /// <summary>The endpoint a request is for, or <see langword="null"/> when the harness serves no such endpoint.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path (no query).</param>
    /// <returns>The endpoint's name.</returns>
    public static string? Identify(string method, string path)
    {
        foreach (var (m, p, name) in Routes)
        {
            if (string.Equals(m, method, StringComparison.OrdinalIgnoreCase) && p.IsMatch(path))
            {
                return name;
            }
        }

        return null;
    }

    [GeneratedRegex("^/api/v1/uploads/?$")]
    private static partial Regex OptimalDialCreatePath();

    [GeneratedRegex("^/api/v1/uploads/[^/]+$")]
    private static partial Regex OptimalDialUploadPath();
}
