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

    /// <summary>
    /// The limiter's and the journal's scripts read, decide and write in one step: Redis runs a script
    /// with nothing else in between. Garnet does so only with <c>--lua-transaction-mode</c>; without it,
    /// two scripts on one key interleave (found: one write too many let through the shared limit).
    /// </summary>
    [Fact]
    public async Task Runs_each_script_whole_with_nothing_else_in_between()
    {
        // One connection per worker, as one process each: a server runs one connection's commands in order.
        var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ConnectionMultiplexer.ConnectAsync(redis.Configuration)));
        try
        {
            var key = "atomic:" + Guid.NewGuid().ToString("N");
            const int PerConnection = 250;

            // A read, then a write of what was read plus one: updates are lost unless each script runs whole.
            await Task.WhenAll(connections.SelectMany(c => Enumerable.Range(0, PerConnection).Select(_ => c.GetDatabase().ScriptEvaluateAsync(
                "local v = tonumber(redis.call('GET', KEYS[1]) or '0') local s = 0 for i = 1, 500 do s = s + i end redis.call('SET', KEYS[1], v + 1) return v",
                [key]))));

            Assert.Equal(connections.Length * PerConnection, (long)await connections[0].GetDatabase().StringGetAsync(key));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
