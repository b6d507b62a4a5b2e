using System.Net.Http;

namespace UploadClients;

/// <summary>
/// The transports named accounts share (one per service provider, disposed with it): one for API
/// clients, which follow no redirect, and one for clients without credentials. Without it every
/// account's named HttpClients would own connection pools of their own, so an integrator with a
/// thousand customers would hold a thousand pools to the same host.
/// </summary>
internal sealed class AccountTransports : IDisposable
{
    private readonly Lazy<SocketsHttpHandler> _api = new(() => HttpPipeline.CreatePrimaryHandler(followRedirects: false));
    private readonly Lazy<SocketsHttpHandler> _plain = new(() => HttpPipeline.CreatePrimaryHandler(followRedirects: true));

    /// <summary>A primary handler sending through the shared transport of its kind; disposing it leaves the transport open.</summary>
    /// <param name="followRedirects">False for API clients (they carry credentials), true for the rest.</param>
    internal HttpMessageHandler Create(bool followRedirects) => new HttpPipeline.SharedTransport(followRedirects ? _plain : _api);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_api.IsValueCreated)
        {
            _api.Value.Dispose();
        }

        if (_plain.IsValueCreated)
        {
            _plain.Value.Dispose();
        }
    }
}
