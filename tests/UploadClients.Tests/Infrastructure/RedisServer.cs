using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UploadClients.Tests.Infrastructure;

/// <summary>
/// A Redis for the tests of what is shared between processes (the shared rate limit, the Redis journal):
/// the redis-server on PATH (or /usr/bin, /usr/local/bin) when the machine has one, started with no
/// persistence on a loopback port; otherwise Microsoft Research's Garnet, in process, with Lua on and
/// each script run whole (<c>--lua --lua-transaction-mode</c>; it answers SET NX PX, EVAL with sorted
/// sets, and TIME, which is what the journal and the limiter use).
/// <c>UPLOADCLIENTS_TEST_REDIS=garnet</c> takes Garnet even where redis-server is installed (.ci/run runs
/// the Redis tests against both). <see cref="Kind"/> says which one it is.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process? _process;
    private readonly Garnet.GarnetServer? _garnet;

    public RedisServer()
    {
        var binary = Environment.GetEnvironmentVariable("UPLOADCLIENTS_TEST_REDIS") == "garnet" ? null : Find();
        if (binary is null)
        {
            (_garnet, Port) = StartGarnet();
            Kind = "Garnet 2.2.12, in process (no redis-server on this machine, or UPLOADCLIENTS_TEST_REDIS=garnet)";
            return;
        }

        Kind = "redis-server at " + binary;
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Port = FreePort();
            var process = Process.Start(new ProcessStartInfo(binary, $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            if (WaitUntilServing(process, out last))
            {
                _process = process;
                return;
            }

            process.Kill(entireProcessTree: true);
            process.Dispose();
        }

        throw new InvalidOperationException("redis-server did not start: " + last?.Message, last);
    }

    /// <summary>Which server the tests run against: a redis-server (its path) or Garnet in process.</summary>
    public string Kind { get; }

    /// <summary>Whether it is Garnet, not a redis-server.</summary>
    public bool IsGarnet => _garnet is not null;

    private static (Garnet.GarnetServer Server, int Port) StartGarnet()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            try
            {
                // --lua-transaction-mode: Garnet runs a script whole (its keys locked) only with it; without it
                // two scripts on one key interleave, which Redis never does (see Runs_each_script_whole_…).
                var server = new Garnet.GarnetServer(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "--lua-transaction-mode"]);
                server.Start();
                return (server, port);
            }
            catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException)
            {
                last = ex; // the port was taken in between: another one
            }
        }

        throw new InvalidOperationException("Garnet did not start: " + last?.Message, last);
    }

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    public void Dispose()
    {
        if (_garnet is not null)
        {
            _garnet.Dispose();
            return;
        }

        try
        {
            _process!.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        finally
        {
            _process!.Dispose();
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits (on the process's own startup, up to 10 s) until the port answers PING with PONG.</summary>
    private bool WaitUntilServing(Process process, out Exception? error)
    {
        error = null;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                var read = stream.Read(buffer);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException ex)
            {
                error = ex;
                Thread.Yield();
            }
        }

        error ??= new InvalidOperationException(process.HasExited ? "redis-server exited: " + process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd() : "no PONG in 10 s");
        return false;
    }
}

[CollectionDefinition(nameof(RealRedis))]
public sealed class RealRedis : ICollectionFixture<RedisServer>;
