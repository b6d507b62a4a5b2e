using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UploadClients;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the journal that makes uploads with an operation key exactly-once across restarts.</summary>
public static class UploadJournalServiceCollectionExtensions
{
    /// <summary>
    /// Records uploads that carry an <c>OperationKey</c> in a <see cref="FileUploadJournal"/> in
    /// <paramref name="directory"/>, for every account and provider registered with
    /// <c>AddUploadClients</c> (a journal set in code on a provider's options wins).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="directory">Where records are kept (created when missing); several processes on one machine may share it.</param>
    /// <param name="retention">How long a record is kept after its last change (default 7 days).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddUploadJournal(this IServiceCollection services, string directory, TimeSpan? retention = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return services.AddUploadJournal(sp => new FileUploadJournal(directory, retention, sp.GetService<TimeProvider>()));
    }

    /// <summary>Records uploads that carry an <c>OperationKey</c> in the journal <paramref name="create"/> makes (one for the process).</summary>
    /// <param name="services">The services.</param>
    /// <param name="create">Makes the journal.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddUploadJournal(this IServiceCollection services, Func<IServiceProvider, IUploadJournal> create)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        services.RemoveAll<IUploadJournal>();
        services.AddSingleton(create);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<UploadClientsOptions>, JournalForEveryAccount>());
        return services;
    }

    /// <summary>Gives every account's provider options the registered journal, unless one was set in code.</summary>
    private sealed class JournalForEveryAccount(IServiceProvider services) : IPostConfigureOptions<UploadClientsOptions>
    {
        public void PostConfigure(string? name, UploadClientsOptions options)
        {
            var journal = services.GetRequiredService<IUploadJournal>();
            options.OptimalDial.Journal ??= journal;
            options.OrbitSearch.Journal ??= journal;
            options.Talkdesk.Journal ??= journal;
        }
    }
}
