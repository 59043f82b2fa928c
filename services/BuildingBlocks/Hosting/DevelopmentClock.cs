using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Mit.Platform.BuildingBlocks.Hosting;

/// <summary>
/// Development only: the machine's time plus an offset an operator moves forward, so that deadlines, consent end dates
/// and the SG's 14 days can be replayed without waiting. Timers and timestamps are the machine's; only "now" moves.
/// One instance per host, so in the all-in-one every service reads the same time.
/// </summary>
public sealed class DevelopmentClock(TimeSpan offset) : TimeProvider
{
    /// <summary>The most one call may advance the clock.</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(366);

    private long _offsetTicks = offset.Ticks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Moves time forward; the caller validated the amount.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>
    /// The host's TimeProvider: in Development a DevelopmentClock starting at Clock:Offset (default none); elsewhere the
    /// machine's clock, and a configured offset stops the host from starting.
    /// </summary>
    public static void AddPlatformClock(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Clock:Offset"];
        if (!builder.Environment.IsDevelopment())
        {
            if (!string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException(
                    $"Clock:Offset is set ({configured}) in the {builder.Environment.EnvironmentName} environment: a clock offset is for Development only. Remove it.");
            }
            builder.Services.TryAddSingleton(TimeProvider.System);
            return;
        }
        var offset = string.IsNullOrWhiteSpace(configured)
            ? TimeSpan.Zero
            : TimeSpan.TryParse(configured, global::System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero
                ? parsed
                : throw new InvalidOperationException($"Clock:Offset must be a non-negative time span such as 2.00:00:00 (two days), not '{configured}'.");
        if (builder.Services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            // A test (or host) brought its own clock; it stays the one every service reads.
            return;
        }
        var clock = new DevelopmentClock(offset);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<TimeProvider>(clock);
    }
}
