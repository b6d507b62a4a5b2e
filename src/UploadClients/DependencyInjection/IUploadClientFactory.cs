using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients;

/// <summary>
/// The clients of named accounts (<c>AddUploadClients(name, ...)</c>), for an application that
/// uploads for several customers, each with their own credentials. Registered by every
/// <c>AddUploadClients</c> overload.
/// </summary>
/// <remarks>
/// <para>Each account's clients are made on first use and kept: asking twice for one name gives the
/// same instance. Each account has its own named <see cref="HttpClient"/> pipelines, its own token
/// cache (an OAuth token, a token provider's refresh) and its own client-side write rate limiter, so
/// no credential, token or quota crosses from one account to another.</para>
/// <para>Names are compared ignoring case, as configuration keys are.
/// <see cref="Microsoft.Extensions.Options.Options.DefaultName"/> (the empty string) names the default
/// account, registered by the overloads without a name: its clients are the ones resolved as
/// <see cref="IOptimalDialClient"/>, <see cref="IOrbitSearchClient"/> and <see cref="ITalkdeskClient"/>.</para>
/// <para>A name that was not registered throws <see cref="InvalidOperationException"/> listing the
/// registered names. An account whose configuration lacks the provider's credential throws
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the setting
/// (<c>UploadClients:Accounts:acme:OptimalDial:ApiKey</c>).</para>
/// </remarks>
public interface IUploadClientFactory
{
    /// <summary>The names of the registered named accounts, in the order they were registered (the default account is not listed).</summary>
    IReadOnlyList<string> AccountNames { get; }

    /// <summary>The OptimalDial client of an account.</summary>
    /// <param name="name">The account's name, as registered.</param>
    /// <returns>The account's client (the same instance on every call).</returns>
    IOptimalDialClient GetOptimalDial(string name);

    /// <summary>The OptimalDial webhook endpoints of an account.</summary>
    /// <param name="name">The account's name, as registered.</param>
    /// <returns>The account's client (the same instance on every call).</returns>
    IOptimalDialWebhookEndpoints GetOptimalDialWebhookEndpoints(string name);

    /// <summary>The OrbitSearch client of an account.</summary>
    /// <param name="name">The account's name, as registered.</param>
    /// <returns>The account's client (the same instance on every call).</returns>
    IOrbitSearchClient GetOrbitSearch(string name);

    /// <summary>The Talkdesk client of an account.</summary>
    /// <param name="name">The account's name, as registered.</param>
    /// <returns>The account's client (the same instance on every call).</returns>
    ITalkdeskClient GetTalkdesk(string name);

    /// <summary>The drift check of an account: its live APIs held against their documented shapes (see <see cref="IProviderDriftCheck"/>).</summary>
    /// <param name="name">The account's name, as registered.</param>
    /// <returns>The account's drift check (the same instance on every call).</returns>
    IProviderDriftCheck GetDriftCheck(string name);
}
