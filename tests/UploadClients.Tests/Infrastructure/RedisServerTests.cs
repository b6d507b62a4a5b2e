using StackExchange.Redis;
using Xunit.Abstractions;

namespace UploadClients.Tests.Infrastructure;

/// <summary>The Redis the Redis tests run against: a redis-server where the machine has one, else Garnet in process; it says which.</summary>
[Collection(nameof(RealRedis))]
public sealed class The_Redis_tests_server(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Is_a_redis_server_when_one_is_installed_else_Garnet_and_says_which()
    {
        output.WriteLine("The Redis tests run against: " + redis.Kind);
        var forced = Environment.GetEnvironmentVariable("UPLOADCLIENTS_TEST_REDIS") == "garnet";
        var installed = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.Any(File.Exists)
            || (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "redis-server")));
        Assert.Equal(forced || !installed, redis.IsGarnet);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        Assert.True(await database.StringSetAsync("probe", "1", TimeSpan.FromSeconds(30), When.NotExists));
        Assert.False(await database.StringSetAsync("probe", "2", TimeSpan.FromSeconds(30), When.NotExists)); // SET NX
        Assert.Equal(1L, (long)await database.ScriptEvaluateAsync("return redis.call('EXISTS', KEYS[1])", ["probe"])); // Lua
    }
}
