using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mit.Platform.BuildingBlocks.Hosting;

/// <summary>
/// The platform's own instruments, on the meter "Mit.Platform" next to ASP.NET Core's request rates and durations:
/// mit.outbox.backlog (every service with a store), mit.desk.lag (Committees), mit.audit.chain.head (Briefings).
/// </summary>
public static class PlatformMetrics
{
    public const string MeterName = "Mit.Platform";

    /// <summary>
    /// A gauge read from the service's store each time a collector asks (the exporter's interval), in a scope of its
    /// own: never on a request's path, and never read when no collector is configured.
    /// </summary>
    public static void AddStoreGauge<T>(this IServiceCollection services, string name, string unit, string description,
        Func<IServiceProvider, IEnumerable<Measurement<T>>> read) where T : struct =>
        services.AddSingleton<IHostedService>(sp => new StoreGauge<T>(sp, name, unit, description, read));
}

/// <summary>Creates its gauge when the host starts; a store that does not answer gives no measurement, not an error.</summary>
public sealed class StoreGauge<T>(IServiceProvider services, string name, string unit, string description,
    Func<IServiceProvider, IEnumerable<Measurement<T>>> read) : IHostedService where T : struct
{
    public string Name => name;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<IMeterFactory>().Create(PlatformMetrics.MeterName).CreateObservableGauge(name, Observe, unit, description);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<T>> Observe()
    {
        try
        {
            using var scope = services.CreateScope();
            return read(scope.ServiceProvider).ToList();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return [];
        }
    }
}
