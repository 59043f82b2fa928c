using Mit.Platform.Testing;

// Starts RabbitMQ, Redis and PostgreSQL (own data folders, free loopback ports), identity, the services and the
// gateway as separate processes; Ctrl+C stops everything and removes the data folders.
var replicas = args is ["--replicas", var n] && int.TryParse(n, out var count) && count is >= 1 and <= 4 ? count : 1;
if (args.Length > 0 && replicas == 1 && args is not ["--replicas", "1"])
{
    Console.Error.WriteLine("usage: dotnet run --project deploy/LoopbackCluster [-- --replicas N]   (N = 1..4)");
    return 2;
}
using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM both end the wait below, so the cluster is disposed: processes stopped, data removed.
using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);

Console.WriteLine($"Starting the loopback cluster ({replicas} replica(s) of AdviceRequests, Committees and Briefings)...");
await using var cluster = await LoopbackCluster.StartAsync("Information", replicas);
Console.WriteLine($"""

    Loopback cluster running (Ctrl+C stops it and removes its data):
      portal (browser):     {cluster.WebAddress}
      gateway gRPC (h2c):   {cluster.Gateway.Address}
      gateway web (tokens): {cluster.WebAddress}
      RabbitMQ:             {cluster.Broker.Host}:{cluster.Broker.Port}
      Redis:                {cluster.Redis.ConnectionString}
      identity:             {cluster.Identity.Address} (Development: demo personas, password "{LoopbackCluster.DemoPassword}")
      advice-requests:      {string.Join(", ", cluster.AdviceRequestsReplicas.Select(r => r.Address))}
      committees:           {string.Join(", ", cluster.CommitteesReplicas.Select(r => r.Address))}
      publication:          {cluster.Publication.Address}  (public record: {cluster.WebAddress}public/v1/feed.atom)
      briefings:            {string.Join(", ", cluster.BriefingsReplicas.Select(r => r.Address))}

    Try: dotnet run --project tools/Mit.Cli -- list --as szw-requester --gateway {cluster.Gateway.Address} --identity {cluster.WebAddress}
    """);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
Console.WriteLine("Stopping...");
return 0;

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
