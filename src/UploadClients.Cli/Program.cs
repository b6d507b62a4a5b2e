// uploadclients: the SDK as a command-line tool. `uploadclients --help` lists the commands.
using UploadClients.Cli;

using var cancel = new CancellationTokenSource();
// SIGINT (Ctrl+C) and SIGTERM: the first ends the command cleanly (a wait prints its upload's id), a second exits at once; both exit 130.
// Never disposed: a signal that arrives while the process is ending must still be answered (exit 130), not take the default action.
var signals = TerminationSignals.Register(cancel);
var exitCode = await Cli.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancel.Token).ConfigureAwait(false);
signals.Finishing(exitCode);
return exitCode;
