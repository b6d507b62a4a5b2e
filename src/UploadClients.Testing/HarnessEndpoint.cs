using System.Text.RegularExpressions;

namespace UploadClients.Testing;

/// <summary>The endpoints the harness serves, by name: used to inject faults and to filter the journal.</summary>
public static partial class HarnessEndpoint
{
    /// <summary>POST /api/v1/uploads.</summary>
    public const string OptimalDialCreateUpload = "OptimalDial.CreateUpload";

    /// <summary>GET /api/v1/uploads/{id}.</summary>
    public const string OptimalDialGetUpload = "OptimalDial.GetUpload";

    /// <summary>POST /v2/organizations/{o}/directories/{d}/sources/csv-upload.</summary>
    public const string OrbitSearchUploadCsv = "OrbitSearch.UploadCsv";

    /// <summary>GET /v2/organizations/{o}/directories/{d}/sources/{s}/status.</summary>
    public const string OrbitSearchGetSourceStatus = "OrbitSearch.GetSourceStatus";

    /// <summary>GET /v2/organizations/{o}/directories/{d}/readiness.</summary>
    public const string OrbitSearchGetReadiness = "OrbitSearch.GetReadiness";

    private static readonly (string Method, Regex Path, string Name)[] Routes =
    [
        ("POST", OptimalDialCreatePath(), OptimalDialCreateUpload),
        ("GET", OptimalDialUploadPath(), OptimalDialGetUpload),
        ("POST", OrbitSearchUploadPath(), OrbitSearchUploadCsv),
        ("GET", OrbitSearchStatusPath(), OrbitSearchGetSourceStatus),
        ("GET", OrbitSearchReadinessPath(), OrbitSearchGetReadiness),
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

    [GeneratedRegex("^/v2/organizations/[^/]+/directories/[^/]+/sources/csv-upload$")]
    internal static partial Regex OrbitSearchUploadPath();

    [GeneratedRegex("^/v2/organizations/[^/]+/directories/[^/]+/sources/[^/]+/status$")]
    internal static partial Regex OrbitSearchStatusPath();

    [GeneratedRegex("^/v2/organizations/[^/]+/directories/[^/]+/readiness$")]
    internal static partial Regex OrbitSearchReadinessPath();
}
