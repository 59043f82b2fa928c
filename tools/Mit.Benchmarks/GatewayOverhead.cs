using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.Testing;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P2's figures: the same read, straight to AdviceRequests, through the gateway and through a bare proxy process.</summary>
public sealed record GatewayOverheadResult(int WarmUpCalls, int MeasuredCalls, int Failed, Summary DirectMs, Summary GatewayMs,
    Summary BareProxyMs, Summary StartLatenessMs, double AchievedPerSecond, double GatewayCpuMsPerCall, double BareProxyCpuMsPerCall,
    double ServiceCpuMsPerCall);

/// <summary>
/// P2: GetRequest of one released request as szw-requester, open loop at a fixed rate, taking turns call by call
/// between a channel straight to the AdviceRequests process, one to the gateway, and one to a bare proxy process in
/// front of AdviceRequests (all with the same real token, all fresh channels), so the legs see the same machine at the
/// same moments. Gateway − direct is what the gateway adds: one more process and loopback hop, its token check, size
/// limit and YARP forwarding. Bare proxy − direct is the part of that any proxy process pays on this machine.
/// </summary>
internal sealed class GatewayOverhead(LoopbackCluster cluster, PlatformClients clients, HarnessOptions options)
{
    public async Task<(GatewayOverheadResult Result, List<string> Problems)> RunAsync(CancellationToken ct)
    {
        Progress.Log("P2: releasing one request to read...");
        var draft = await Requests.DraftOneAsync(clients.Szw, "P2", 0, ct);
        var released = await Requests.CoSignAsync(clients.Vws, draft, ct);
        if (released.Error is not null)
        {
            throw new MeasurementException($"P2: the request to read could not be released: {released.Error}");
        }

        Progress.Log("P2: starting a bare proxy process in front of AdviceRequests...");
        await using var bareProxy = await BareProxyProcess.StartAsync(cluster.AdviceRequests.Address, ct);
        using var directChannel = GrpcChannel.ForAddress(cluster.AdviceRequests.Address);
        using var gatewayChannel = GrpcChannel.ForAddress(cluster.Gateway.Address);
        using var bareProxyChannel = GrpcChannel.ForAddress(bareProxy.Address);
        AdviceRequests.AdviceRequestsClient[] legs =
        [
            new(cluster.As(directChannel, "szw-requester")),
            new(cluster.As(gatewayChannel, "szw-requester")),
            new(cluster.As(bareProxyChannel, "szw-requester")),
        ];
        var request = new GetRequestRequest { RequestId = draft.Id };

        var total = options.ReadWarmUp + options.ReadsMeasured;
        Progress.Log($"P2: GetRequest at {HarnessOptions.ReadsPerSecond}/s taking turns direct / gateway / bare proxy: {options.ReadWarmUp} warm-up + {options.ReadsMeasured} measured...");
        // CPU time per call, of each proxy (its calls only) and of AdviceRequests (all legs): less moved by a busy machine than latency.
        TimeSpan gatewayCpu = default, bareProxyCpu = default, serviceCpu = default;
        var run = await OpenLoop.RunAsync(total, HarnessOptions.ReadsPerSecond, i =>
        {
            if (i == options.ReadWarmUp)
            {
                (gatewayCpu, bareProxyCpu, serviceCpu) = (cluster.Gateway.CpuTime, bareProxy.CpuTime, cluster.AdviceRequests.CpuTime);
            }
            return ReadAsync(legs[i % legs.Length], request, ct);
        }, ct);
        var callsPerLeg = options.ReadsMeasured / (double)legs.Length;
        var gatewayCpuMs = (cluster.Gateway.CpuTime - gatewayCpu).TotalMilliseconds / callsPerLeg;
        var bareProxyCpuMs = (bareProxy.CpuTime - bareProxyCpu).TotalMilliseconds / callsPerLeg;
        var serviceCpuMs = (cluster.AdviceRequests.CpuTime - serviceCpu).TotalMilliseconds / options.ReadsMeasured;

        var measured = run.Results.Skip(options.ReadWarmUp).Select((r, i) => (Leg: (options.ReadWarmUp + i) % legs.Length, r.Ms, r.Error)).ToList();
        var problems = new List<string>();
        var failed = run.Results.Count(r => r.Error is not null);
        if (failed > 0)
        {
            problems.Add($"P2: {failed} reads failed (first: {run.Results.First(r => r.Error is not null).Error})");
        }
        var interval = 1000 / HarnessOptions.ReadsPerSecond;
        var lateness = run.LatenessMs.Skip(options.ReadWarmUp).ToList();
        return (new GatewayOverheadResult(
            options.ReadWarmUp,
            measured.Count,
            failed,
            Percentiles.Summarize(measured.Where(c => c.Leg == 0 && c.Error is null).Select(c => c.Ms)),
            Percentiles.Summarize(measured.Where(c => c.Leg == 1 && c.Error is null).Select(c => c.Ms)),
            Percentiles.Summarize(measured.Where(c => c.Leg == 2 && c.Error is null).Select(c => c.Ms)),
            Percentiles.Summarize(lateness),
            OpenLoop.AchievedRate(lateness, interval),
            gatewayCpuMs,
            bareProxyCpuMs,
            serviceCpuMs), problems);
    }

    private static async Task<(double Ms, string? Error)> ReadAsync(AdviceRequests.AdviceRequestsClient client, GetRequestRequest request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var read = await client.GetRequestAsync(request, deadline: DateTime.UtcNow + Requests.CallDeadline, cancellationToken: ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return read.Id == request.RequestId ? (ms, null) : (ms, $"read {read.Id} instead of {request.RequestId}");
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"{e.StatusCode}: {e.Status.Detail}");
        }
    }
}
