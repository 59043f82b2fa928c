using System.Data.Common;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Data.Migrations;
using Mit.Platform.Testing;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The joint publication is all or nothing, on a real PostgreSQL: the platform runs with PostgreSQL stores and a
/// fault injected into the Publication store after the database has already written part of the publication. The
/// call fails (Unavailable, retry), and neither committee's advice is public, in the API or in the database.
/// </summary>
public sealed class JointPublicationAtomicityTests : IAsyncLifetime
{
    private readonly FailingPublicationWrite _fault = new();
    private PostgresServer? _postgres;
    private PlatformFixture? _platform;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Persistence:Provider"] = "Postgres" };
        foreach (var (name, database) in new[] { ("AdviceRequests", "advice_requests"), ("Committees", "committees"), ("Publication", "publication"), ("Briefings", "briefings"), ("Identity", "identity") })
        {
            settings[$"ConnectionStrings:{name}"] = await _postgres.CreateDatabaseAsync(database);
        }
        _platform = new PlatformFixture(settings, services => services.ConfigureDbContext<PostgresPublicationDbContext>(o => o.AddInterceptors(_fault)));
        await _platform.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_store_failure_in_the_middle_of_the_joint_publication_leaves_neither_advice_public()
    {
        // Adoptions arrive as Committees' events: this test is about the Publication store alone.
        var dossiers = new Dossiers(_platform!, adoptOnTheBus: true);
        var ready = await dossiers.ReadyToPublishAsync();

        _fault.Armed = true;
        var failed = await Assert.ThrowsAsync<RpcException>(() => dossiers.PublishDossierAsync(ready.Id));
        _fault.Armed = false;
        Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
        Assert.True(_fault.WroteBeforeFailing, "the fault struck after PostgreSQL had executed part of the publication");

        Assert.Empty(await dossiers.PublicAsync(ready.Id));
        foreach (var committee in new[] { Committee.Mit, Committee.Omt })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => _platform!.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = Dossiers.AdviceOf(ready, committee).Id }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
        }
        var after = (await dossiers.TryGet(ready.Id))!;
        Assert.All(after.Documents, d => Assert.Equal(DocumentState.SentToParliament, d.State));
        Assert.Null(after.PublishedAt);
        await using (var scope = _platform!.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PublicationDbContext>();
            Assert.Equal(0, await db.Published.CountAsync(p => p.DossierId == Guid.Parse(ready.Id)));
        }

        // The store is back: the retry publishes both, at one instant.
        await dossiers.PublishDossierAsync(ready.Id);
        var records = await dossiers.PublicAsync(ready.Id);
        Assert.Equal(2, records.Count);
        Assert.Single(records.Select(r => r.PublishedAt).Distinct());
    }

    /// <summary>
    /// Lets the database execute the command that inserts the public record, then fails as a dropped connection
    /// would: the rows are written inside the transaction, which must then roll back.
    /// </summary>
    private sealed class FailingPublicationWrite : DbCommandInterceptor
    {
        public volatile bool Armed;

        public bool WroteBeforeFailing { get; private set; }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.Contains("INSERT INTO published_documents", StringComparison.Ordinal))
            {
                WroteBeforeFailing = true;
                throw new InjectedStoreFailure();
            }
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.Contains("INSERT INTO published_documents", StringComparison.Ordinal))
            {
                WroteBeforeFailing = true;
                throw new InjectedStoreFailure();
            }
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class InjectedStoreFailure() : DbException("Injected: the connection to the store broke mid-write.");
}
