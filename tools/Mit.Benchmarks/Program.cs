using System.Runtime.InteropServices;
using Mit.Benchmarks;
using Mit.Platform.Testing;

// Benchmarks of the joint release on a loopback cluster; docs/benchmarks.md says what each figure means.
// Exit codes: 0 measured (a missed goal is reported, not an error), 1 something could not be measured, 2 wrong command line.

Options options;
try
{
    options = Options.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

// Ctrl+C and SIGTERM cancel the run; the cluster is then disposed, so no broker, database or service outlives it.
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

var loadAtStart = Machine.LoadAverage();
try
{
    Progress.Log("Starting the loopback cluster (RabbitMQ, PostgreSQL, the services and the gateway as processes)...");
    RunRecord run;
    await using (var cluster = await LoopbackCluster.StartAsync())
    {
        var fanOut = await new FanOutBenchmark(cluster, options).RunAsync(cancel.Token);
        var floor = await BrokerFloor.RunAsync(cluster.Broker, options, cancel.Token);
        run = Report.Record(options, fanOut, floor, loadAtStart);
        Progress.Log("Stopping the cluster...");
    }

    Console.WriteLine(Report.Results(run));
    if (options.Out is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, Report.Markdown(run));
        Progress.Log($"Wrote {path}.");
    }
    foreach (var problem in run.FanOut.Problems)
    {
        Progress.Log("Could not measure: " + problem);
    }
    return run.FanOut.Problems.Count == 0 ? 0 : 1;
}
catch (MeasurementException e)
{
    Progress.Log("Could not measure: " + e.Message);
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Progress.Log("Cancelled.");
    return 1;
}
