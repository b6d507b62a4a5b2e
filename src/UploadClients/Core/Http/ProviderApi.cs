using Refit;

namespace UploadClients;

/// <summary>
/// Makes a provider's Refit interface (<c>IOptimalDialApi</c>, <c>IOrbitSearchApi</c>, <c>ITalkdeskApi</c>)
/// on the SDK's pipeline client, from the client generated at build time (no reflection: the library
/// stays AOT-compatible). Refit only builds the request and hands back the raw response: it raises no
/// exception for a status (the facade maps errors, with bounded and redacted bodies) and wraps no
/// transport exception (the facade tells a timeout, a refused connection and a cancellation apart).
/// </summary>
internal static class ProviderApi
{
    private static readonly RefitSettings Settings = new()
    {
        ExceptionFactory = static _ => new ValueTask<Exception?>((Exception?)null),
        TransportExceptionFactory = static (_, exception, _) => exception,
    };

    /// <summary>The interface <typeparamref name="T"/> on <paramref name="pipeline"/>, whose BaseAddress is the API's (its path kept).</summary>
    internal static T For<T>(HttpClient pipeline) => RestService.ForGenerated<T>(pipeline, Settings);
}
