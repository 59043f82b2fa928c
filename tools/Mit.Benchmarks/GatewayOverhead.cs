using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.Testing;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P2's figures: the same read, straight to AdviceRequests and through the gateway.</summary>
public sealed record GatewayOverheadResult(int WarmUpCalls, int MeasuredCalls, int Failed, Summary DirectMs, Summary GatewayMs,
    Summary StartLatenessMs, double AchievedPerSecond, double GatewayCpuMsPerCall, double ServiceCpuMsPerCall);

/// <summary>
/// P2: GetRequest of one released request as szw-requester, open loop at a fixed rate, alternating call by call
/// between a channel straight to the AdviceRequests process and one to the gateway (both with the same real token,
/// both fresh channels), so both legs see the same machine at the same moments. Gateway − direct is what the
/// gateway adds: one more loopback hop, its token check, size limit and YARP forwarding.
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

        using var directChannel = GrpcChannel.ForAddress(cluster.AdviceRequests.Address);
        using var gatewayChannel = GrpcChannel.ForAddress(cluster.Gateway.Address);
        AdviceRequests.AdviceRequestsClient[] legs =
        [
            new(cluster.As(directChannel, "szw-requester")),
            new(cluster.As(gatewayChannel, "szw-requester")),
        ];
        var request = new GetRequestRequest { RequestId = draft.Id };

        var total = options.ReadWarmUp + options.ReadsMeasured;
        Progress.Log($"P2: GetRequest at {HarnessOptions.ReadsPerSecond}/s alternating direct / gateway: {options.ReadWarmUp} warm-up + {options.ReadsMeasured} measured...");
        // CPU time per call, of the gateway (its calls only) and of AdviceRequests (both legs): less moved by a busy machine than latency.
        TimeSpan gatewayCpu = default, serviceCpu = default;
        var run = await OpenLoop.RunAsync(total, HarnessOptions.ReadsPerSecond, i =>
        {
            if (i == options.ReadWarmUp)
            {
                (gatewayCpu, serviceCpu) = (cluster.Gateway.CpuTime, cluster.AdviceRequests.CpuTime);
            }
            return ReadAsync(legs[i % 2], request, ct);
        }, ct);
        var gatewayCpuMs = (cluster.Gateway.CpuTime - gatewayCpu).TotalMilliseconds / (options.ReadsMeasured / 2.0);
        var serviceCpuMs = (cluster.AdviceRequests.CpuTime - serviceCpu).TotalMilliseconds / options.ReadsMeasured;

        var measured = run.Results.Skip(options.ReadWarmUp).Select((r, i) => (Leg: (options.ReadWarmUp + i) % 2, r.Ms, r.Error)).ToList();
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
            Percentiles.Summarize(lateness),
            OpenLoop.AchievedRate(lateness, interval),
            gatewayCpuMs,
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
