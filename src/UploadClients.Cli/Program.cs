// uploadclients: the SDK as a command-line tool. `uploadclients --help` lists the commands.
using UploadClients.Cli;

using var cancel = new CancellationTokenSource();
// SIGINT (Ctrl+C) and SIGTERM: the first ends the command cleanly (a wait prints its upload's id), a second exits at once; both exit 130.
using var signals = TerminationSignals.Register(cancel);
return await Cli.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancel.Token).ConfigureAwait(false);
