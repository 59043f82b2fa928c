using System.Runtime.InteropServices;
using Mit.Cli;

// mit: a client for the MIT Platform's gRPC API; the command line is described in CliApp.cs.

// Ctrl+C (and SIGTERM, e.g. from `timeout`) cancel the running call, so watch ends cleanly.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

return await CliApp.RunAsync(args, cancel.Token);
