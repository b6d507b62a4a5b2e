using System.Runtime.CompilerServices;

namespace UploadClients;

/// <summary>
/// Checks an id that goes into a request path. Escaping keeps a '/' inside its segment, but
/// <c>.</c> and <c>..</c> are path steps that URI handling removes, so an upload request id of
/// <c>..</c> would send its PATCH to the record list itself; such ids are refused before any request.
/// </summary>
internal static class PathId
{
    /// <summary>Throws <see cref="ArgumentException"/> (naming the parameter) for an id that is null, empty, <c>.</c>, <c>..</c> or holds a control character.</summary>
    /// <param name="value">The id.</param>
    /// <param name="paramName">The parameter, filled in by the compiler.</param>
    internal static void ThrowIfInvalid(string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, paramName);
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' is not an id: it is a path step, and the request would go to another resource.", paramName);
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException("The id holds a control character.", paramName);
        }
    }
}
