using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Hosting;

namespace Mit.Platform.UnitTests.BuildingBlocks;

/// <summary>The Development clock: an offset on the host's TimeProvider, refused outside Development.</summary>
public sealed class DevelopmentClockTests
{
    private static WebApplicationBuilder Builder(string environment, string? offset)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        if (offset is not null)
        {
            builder.Configuration["Clock:Offset"] = offset;
        }
        return builder;
    }

    [Fact]
    public void In_Development_the_host_clock_starts_at_the_configured_offset_and_only_moves_forward_when_advanced()
    {
        var builder = Builder("Development", "1.00:00:00");

        DevelopmentClock.AddPlatformClock(builder);

        using var provider = builder.Services.BuildServiceProvider();
        var clock = provider.GetRequiredService<DevelopmentClock>();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Equal(TimeSpan.FromDays(1), clock.Offset);
        clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(TimeSpan.FromHours(72), clock.Offset);
        Assert.True(clock.GetUtcNow() > DateTimeOffset.UtcNow.AddHours(71));
    }

    [Fact]
    public void A_Production_host_with_an_offset_does_not_start_and_without_one_keeps_the_machines_clock()
    {
        var e = Assert.Throws<InvalidOperationException>(() => DevelopmentClock.AddPlatformClock(Builder("Production", "2.00:00:00")));
        Assert.Contains("Development only", e.Message, StringComparison.Ordinal);

        var builder = Builder("Production", null);
        DevelopmentClock.AddPlatformClock(builder);
        using var provider = builder.Services.BuildServiceProvider();
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Null(provider.GetService<DevelopmentClock>());
    }

    [Fact]
    public void A_negative_or_unreadable_offset_is_refused_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => DevelopmentClock.AddPlatformClock(Builder("Development", "-1.00:00:00")));
        Assert.Throws<InvalidOperationException>(() => DevelopmentClock.AddPlatformClock(Builder("Development", "two days")));
    }
}
