using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UploadClients.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a loopback port for the tests that share a limit between processes: the
/// one on PATH (or /usr/bin, /usr/local/bin), started with no persistence and stopped at the end.
/// CI installs it (.ci/run); without one the fixture fails with what to install, it does not skip.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    public RedisServer()
    {
        var binary = Find() ?? throw new InvalidOperationException(
            "No redis-server was found (PATH, /usr/bin, /usr/local/bin). Install one (Debian: apt-get install redis-server); .ci/run does.");
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

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        finally
        {
            _process.Dispose();
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
