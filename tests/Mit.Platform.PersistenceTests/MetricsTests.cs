using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.PersistenceTests;

/// <summary>The platform's gauges read what the store holds, when a collector asks.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset ReleasedAt = new(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private CommitteesSqliteHost? _store;
    private IHost? _host;

    public async Task InitializeAsync() => _host = (_store = await CommitteesSqliteHost.CreateAsync()).Host;

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task The_outbox_backlog_gauge_counts_the_rows_not_yet_published()
    {
        await using (var scope = _host!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            // Each release on the desks raises one receipt message for AdviceRequests: three rows in the outbox.
            db.DeskEntries.AddRange(DeskEntry.Received(Release(), [(Committee.MIT, 1), (Committee.OMT, 1)], ReleasedAt.AddSeconds(1)));
            db.DeskEntries.AddRange(DeskEntry.Received(Release(), [(Committee.MIT, 2), (Committee.OMT, 2)], ReleasedAt.AddSeconds(1)));
            db.DeskEntries.AddRange(DeskEntry.Received(Release(), [(Committee.OMT, 3)], ReleasedAt.AddSeconds(1)));
            await db.SaveChangesAsync();
            var first = await db.OutboxMessages.OrderBy(m => m.Sequence).FirstAsync();
            first.SentAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        foreach (var gauge in _host.Services.GetServices<IHostedService>().OfType<StoreGauge<long>>())
        {
            await gauge.StartAsync(default);
        }

        Assert.Equal([(2L, "Committees")], Observe<long>("mit.outbox.backlog", "store"));
    }

    [Fact]
    public async Task The_desk_lag_is_the_latest_release_s_time_to_the_desk()
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        db.DeskEntries.AddRange(DeskEntry.Received(Release(), [(Committee.MIT, 1)], ReleasedAt.AddSeconds(30)));
        db.DeskEntries.AddRange(DeskEntry.Received(Release(), [(Committee.MIT, 2)], ReleasedAt.AddSeconds(2)));
        await db.SaveChangesAsync();

        var lag = DeskLag.Read(db).Select(m => (m.Value, m.Tags.ToArray().Single(t => t.Key == "desk").Value)).ToList();

        Assert.Equal([(2.0, (object?)"MIT")], lag);
    }

    private List<(T Value, object? Tag)> Observe<T>(string name, string tag) where T : struct
    {
        var meters = _host!.Services.GetRequiredService<IMeterFactory>();
        var observed = new List<(T, object?)>();
        using var listener = new MeterListener();
        // Only this host's instruments: other tests' hosts create gauges of the same name.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == name && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
            observed.Add((value, tags.ToArray().SingleOrDefault(t => t.Key == tag).Value)));
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }

    private static JointAdviceRequestReleased Release() =>
        new(Guid.NewGuid(), 1, new string('a', 64), "Title", false, ReleasedAt, ReleasedAt.AddDays(2), "SZW", "VWS");
}
