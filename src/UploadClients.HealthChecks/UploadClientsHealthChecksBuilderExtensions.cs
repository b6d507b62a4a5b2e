using Microsoft.Extensions.Diagnostics.HealthChecks;
using UploadClients;
using UploadClients.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the UploadClients drift health check.</summary>
public static class UploadClientsHealthChecksBuilderExtensions
{
    /// <summary>The default name of the health check: <c>uploadclients-drift</c>.</summary>
    public const string DefaultName = "uploadclients-drift";

    /// <summary>
    /// Adds <see cref="UploadClientsDriftHealthCheck"/>: the live APIs held against their documented shapes
    /// (reads only), at most once per <see cref="UploadClientsDriftHealthCheckOptions.CacheFor"/>. Needs
    /// <c>AddUploadClients(…)</c> on the same services.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="configure">Which account and providers, the OrbitSearch directory, how long a result is kept.</param>
    /// <param name="name">The check's name (default <see cref="DefaultName"/>).</param>
    /// <param name="failureStatus">Reported when a provider refuses a credential or the check is not configured (default Unhealthy); drift is Degraded.</param>
    /// <param name="tags">Tags to filter health endpoints by (for example <c>"ready"</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddUploadClientsDriftCheck(
        this IHealthChecksBuilder builder,
        Action<UploadClientsDriftHealthCheckOptions>? configure = null,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new UploadClientsDriftHealthCheckOptions();
        configure?.Invoke(options);
        if (options.CacheFor < TimeSpan.Zero || options.RetryIncompleteAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), "CacheFor and RetryIncompleteAfter must not be negative.");
        }

        // One instance per registration and service provider (a keyed singleton): its cache outlives each probe.
        builder.Services.AddKeyedSingleton(name, (services, _) => new UploadClientsDriftHealthCheck(
            options.Account is { } account
                ? services.GetRequiredService<IUploadClientFactory>().GetDriftCheck(account)
                : services.GetRequiredService<IProviderDriftCheck>(),
            options,
            services.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder.Add(new HealthCheckRegistration(
            name,
            services => services.GetRequiredKeyedService<UploadClientsDriftHealthCheck>(name),
            failureStatus,
            tags));
    }
}
