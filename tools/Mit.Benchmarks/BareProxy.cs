using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mit.Platform.Testing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Mit.Benchmarks;

/// <summary>
/// A YARP proxy that does nothing but forward every path over h2c to one address, as the gateway forwards to a service:
/// what a hop costs by itself. P6 runs it inside this process; P2 runs it as a process of its own
/// (<see cref="BareProxyProcess"/>), so that its hop pays what the gateway's does: another process to wake per call.
/// </summary>
internal static class BareProxy
{
    /// <summary>The command line that runs only a bare proxy: <c>--bare-proxy TARGET</c> (internal, for P2).</summary>
    public const string Argument = "--bare-proxy";

    /// <summary>The line the process writes once it listens, followed by its address.</summary>
    public const string ListeningLine = "bare proxy listening on ";

    public static WebApplication Build(string target)
    {
        var builder = Slim();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "target", Match = new RouteMatch { Path = "/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "target",
                Destinations = new Dictionary<string, DestinationConfig> { ["target"] = new() { Address = target } },
                HttpRequest = new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            }]);
        var proxy = builder.Build();
        proxy.MapReverseProxy();
        return proxy;
    }

    /// <summary>
    /// The process's whole life: forward until its standard input closes, which happens when the benchmark ends or
    /// dies, so it never outlives the run.
    /// </summary>
    public static async Task<int> RunProcessAsync(string target)
    {
        await using var proxy = Build(target);
        await proxy.StartAsync();
        Console.WriteLine(ListeningLine + proxy.Urls.First());
        await Task.WhenAny(Task.Run(() => Console.In.ReadToEnd()), Task.Delay(Timeout.Infinite, proxy.Lifetime.ApplicationStopping));
        await proxy.StopAsync();
        return 0;
    }

    /// <summary>A Kestrel host with no logging, on a free loopback port, HTTP/2 only (h2c), in production mode.</summary>
    public static WebApplicationBuilder Slim()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(BareProxy).Assembly.GetName().Name,
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        return builder;
    }
}

/// <summary>P2's third leg: a bare proxy in a process of its own, started from this program's own build.</summary>
internal sealed class BareProxyProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BareProxyProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<BareProxyProcess> StartAsync(Uri target, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(BareProxy).Assembly.Location, BareProxy.Argument, target.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The runtime settings the gateway runs with (deploy/ReadyToRun.props), so the two hops differ only in what they do.
        start.Environment["DOTNET_TieredPGO"] = "0";
        var process = Process.Start(start) ?? throw new MeasurementException("P2: the bare proxy process did not start.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(BareProxy.ListeningLine, StringComparison.Ordinal))
                {
                    return new BareProxyProcess(process, new Uri(line[BareProxy.ListeningLine.Length..]));
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new MeasurementException("P2: the bare proxy process did not listen within 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
