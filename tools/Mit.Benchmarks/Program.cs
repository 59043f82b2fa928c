using System.Runtime.InteropServices;
using Mit.Benchmarks;

// The platform's speed measured in one run; docs/benchmarks.md says what each figure means.
// Exit codes: 0 everything measured (a missed goal is reported, not an error), 1 something could not be measured,
// 2 wrong command line.

// P2 starts this program again as a bare proxy process (BareProxyProcess): not a command line for people.
if (args is [BareProxy.Argument, var target])
{
    return await BareProxy.RunProcessAsync(target);
}

CommandLine command;
try
{
    command = CommandLine.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (command.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

// Ctrl+C and SIGTERM cancel the run; everything it started is then stopped, so no server or process outlives it.
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

try
{
    var run = await Harness.RunAsync(new HarnessOptions(command.Smoke, command.Only), cancel.Token);
    Console.WriteLine(Report.Results(run));
    if (command.Out is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, Report.Markdown(run));
        Console.Error.WriteLine($"Wrote {path}.");
    }
    foreach (var problem in run.Problems)
    {
        Console.Error.WriteLine("Could not measure: " + problem);
    }
    return run.ExitCode;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 1;
}
