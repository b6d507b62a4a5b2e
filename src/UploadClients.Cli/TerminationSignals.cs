using System.Runtime.InteropServices;

namespace UploadClients.Cli;

/// <summary>
/// The tool's one handler of SIGINT (Ctrl+C) and SIGTERM: the first cancels the command cooperatively (a
/// wait prints its upload's id and status, exit 130); a second exits at once with 130. System.CommandLine's
/// own termination handling is off (Cli.RunAsync): two handlers answering one signal aborted the process.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly Action _exitNow;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    private TerminationSignals(CancellationTokenSource cancel, Action exitNow)
    {
        _cancel = cancel;
        _exitNow = exitNow;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    private int _finishedWith = -1;

    /// <summary>The command has ended with <paramref name="exitCode"/>: a signal from now on only keeps the process from dying by it, so that it exits with that code.</summary>
    internal void Finishing(int exitCode) => Volatile.Write(ref _finishedWith, exitCode);

    /// <summary>How many signals arrived.</summary>
    internal int Received => Volatile.Read(ref _received);

    /// <summary>Owns SIGINT and SIGTERM until disposed: the first cancels <paramref name="cancel"/>, the next calls <paramref name="exitNow"/> (default: exit 130).</summary>
    internal static TerminationSignals Register(CancellationTokenSource cancel, Action? exitNow = null) =>
        new(cancel, exitNow ?? (() => Environment.Exit(Cli.Cancelled)));

    /// <summary>What one signal does (called by the runtime on a thread of its own; never throws).</summary>
    internal void Handle(PosixSignalContext? context)
    {
        if (context is not null)
        {
            context.Cancel = true; // the runtime's default (terminate) is not taken: this handler decides
        }

        try
        {
            if (Volatile.Read(ref _finishedWith) >= 0)
            {
                return; // the process is ending with the command's own exit code
            }

            if (Interlocked.Increment(ref _received) == 1)
            {
                // Off the signal's thread: cancellation callbacks run the command's unwinding, which must not hold it.
                ThreadPool.UnsafeQueueUserWorkItem(static cancel => Cancel(cancel), _cancel, preferLocal: false);
            }
            else
            {
                _exitNow();
            }
        }
        catch (Exception)
        {
            // A signal handler that throws would end the process with an unhandled exception; the next signal exits.
        }
    }

    private static void Cancel(CancellationTokenSource cancel)
    {
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command already ended.
        }
        catch (AggregateException)
        {
            // A cancellation callback failed; the command still ends through its own token.
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
