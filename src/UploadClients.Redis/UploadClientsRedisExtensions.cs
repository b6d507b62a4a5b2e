using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using UploadClients;
using UploadClients.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis-backed write rate limit and upload journal.</summary>
public static class UploadClientsRedisExtensions
{
    /// <summary>
    /// Records uploads that carry an <c>OperationKey</c> in a <see cref="RedisUploadJournal"/>, for
    /// every account and provider registered with <c>AddUploadClients</c>: workers on several machines
    /// share one journal, so a key is run by one of them at a time and a rerun anywhere resumes it. The
    /// connection is made when a client is first resolved, and closed with the service provider.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</param>
    /// <param name="retention">How long a record is kept after its last change (default 7 days; Redis expires it).</param>
    /// <param name="keyPrefix">The prefix of the Redis keys.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddRedisUploadJournal(this IServiceCollection services, string redisConfiguration, TimeSpan? retention = null, string keyPrefix = "uploadclients:journal:")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        return services.AddUploadJournal(_ => new RedisUploadJournal(ConnectionMultiplexer.Connect(redisConfiguration), ownsConnection: true, retention, keyPrefix, null));
    }

    /// <summary>
    /// Makes every provider whose <see cref="UploadProviderOptions.WriteRateLimit"/> is enabled (by
    /// default OptimalDial, 60 writes a minute) share its limit through Redis with every other process
    /// that does the same with the same API key: together they stay under the provider's limit. It
    /// applies to the default account and to every named account (<c>AddUploadClients(name, ...)</c>),
    /// each on a key of its own credential. Call it beside <c>AddUploadClients</c>, before or after.
    /// The connection is made when a client is first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</param>
    /// <param name="keyPrefix">The prefix of the Redis keys (one key per provider and API key).</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddUploadClientsRedisRateLimit(this IServiceCollection services, string redisConfiguration, string keyPrefix = "uploadclients:writes:")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        services.AddSingleton<RedisRateLimitConnection>(_ => new RedisRateLimitConnection(ConnectionMultiplexer.Connect(redisConfiguration)));
        // Every account's options, the default's and the named ones' (AddUploadClients(name, ...)), in any registration order.
        services.AddSingleton<IPostConfigureOptions<UploadClientsOptions>>(sp => new ShareThroughRedis(sp, keyPrefix));
        return services;
    }

    /// <summary>Gives each account's enabled write limits a Redis limiter.</summary>
    private sealed class ShareThroughRedis(IServiceProvider services, string prefix) : IPostConfigureOptions<UploadClientsOptions>
    {
        public void PostConfigure(string? name, UploadClientsOptions options)
        {
            var redis = services.GetRequiredService<RedisRateLimitConnection>().Multiplexer;
            var time = services.GetRequiredService<TimeProvider>();
            Share(options.OptimalDial, options.OptimalDial.ApiKey, name, redis, prefix, time);
            Share(options.OrbitSearch, options.OrbitSearch.AccessToken, name, redis, prefix, time);
            Share(options.Talkdesk, options.Talkdesk.AccessToken ?? options.Talkdesk.ClientId, name, redis, prefix, time);
        }
    }

    private static void Share(UploadProviderOptions provider, string? credential, string? account, IConnectionMultiplexer redis, string prefix, TimeProvider time)
    {
        var settings = provider.WriteRateLimit;
        if (settings is not { Enabled: true, Limiter: null })
        {
            return;
        }

        // The key names the provider, its address and a hash of the credential: never the credential.
        // Processes on one credential share a limit, whatever they call the account. Without a fixed
        // credential (a token provider), the account's name stands in for it, so that two accounts of
        // one process never share a limit.
        var identity = provider.GetType().Name + "|" + provider.BaseAddress.GetLeftPart(UriPartial.Authority) + "|" + credential;
        if (string.IsNullOrEmpty(credential) && !string.IsNullOrEmpty(account))
        {
            identity += "|account:" + account;
        }

        var key = prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
        settings.Limiter = new RedisRateLimiter(redis, key, settings.PermitLimit, settings.Window, settings.QueueLimit, time);
    }
}

/// <summary>The connection the Redis rate limit uses (one per service provider).</summary>
public sealed class RedisRateLimitConnection : IDisposable
{
    /// <summary>Wraps a connection.</summary>
    /// <param name="multiplexer">The connection.</param>
    public RedisRateLimitConnection(IConnectionMultiplexer multiplexer) => Multiplexer = multiplexer ?? throw new ArgumentNullException(nameof(multiplexer));

    /// <summary>The connection.</summary>
    public IConnectionMultiplexer Multiplexer { get; }

    /// <inheritdoc />
    public void Dispose() => Multiplexer.Dispose();
}
