// uploadclients: the SDK as a command-line tool. `uploadclients --help` lists the commands.
using UploadClients.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // end the command cleanly with exit code 130
    cancel.Cancel();
};

return await Cli.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancel.Token).ConfigureAwait(false);
