using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Mit.Platform.AdviceRequests.Data;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Domain;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Identity.Data;
using Mit.Platform.Identity.Domain;
using Mit.Platform.Migrations;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;
using OpenIddict.EntityFrameworkCore.Models;
using Committee = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// An installation of the previous release upgrades in place: its databases (schema and rows as that release wrote
/// them) are migrated, and every row is still there and still means what it meant — read back through this release's
/// code, and written to again. Run once per provider by the subclasses.
/// </summary>
public abstract class UpgradeTests
{
    private protected abstract StoreProvider Provider { get; }

    /// <summary>An empty database of its own for one test.</summary>
    private protected abstract Task<string> NewDatabaseAsync(string service);

    /// <summary>Runs a fixture script (schema and data) on the database.</summary>
    private protected abstract Task LoadAsync(string connectionString, string script);

    /// <summary>The schema in a form two databases can be compared in: tables, columns, keys, indexes.</summary>
    private protected abstract Task<List<string>> DescribeSchemaAsync(DbConnection connection);

    public static TheoryData<string> Services() => [.. MigrationSet.All.Select(s => s.Service).Distinct()];

    [Fact]
    public async Task AdviceRequests_keeps_every_request_its_events_and_its_stored_answers()
    {
        await using var db = (AdviceRequestsDbContext)await UpgradedAsync("AdviceRequests");

        var rows = await db.Requests.OrderBy(r => r.CreatedAtTicks).ToListAsync();
        Assert.Equal([PreviousRelease.ReleasedRequest, PreviousRelease.DraftRequest], rows.Select(r => r.Id));
        var released = AdviceRequestsDbContext.Deserialize(rows[0]);
        Assert.Equal(RequestState.Released, released.State);
        Assert.Equal(1, released.Released!.Number);
        // The canonical digest, recomputed by this release from the stored content, is the one both desks received.
        Assert.Equal(released.Released.Digest, released.Released.Content.Digest());
        Assert.Equal(RequestState.AwaitingCoSignature, AdviceRequestsDbContext.Deserialize(rows[1]).State);
        var sent = Assert.Single(await db.OutboxMessages.ToListAsync());
        Assert.NotNull(sent.SentAt);
        Assert.Equal("Mit.Platform.Contracts.JointAdviceRequestReleased", sent.Deserialize().Type.FullName);
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(await db.IdempotencyRecords.ToListAsync()).Response);
        Assert.Equal(PreviousRelease.InboxMessage, Assert.Single(await db.InboxRecords.ToListAsync()).MessageId);

        // Written to again: the draft is co-signed, and its event takes the next outbox sequence.
        var (draft, row) = await db.LoadAsync(PreviousRelease.DraftRequest, default);
        draft.CoSign(Ministry.SZW, "szw-requester", 1, draft.Current.Digest, PreviousRelease.Now);
        db.Store(draft, row, PreviousRelease.Now);
        await db.SaveChangesAsync();
        Assert.Equal([1L, 2L], await db.OutboxMessages.OrderBy(m => m.Sequence).Select(m => m.Sequence).ToListAsync());
    }

    [Fact]
    public async Task Committees_keeps_both_desks_and_the_composition()
    {
        await using var db = (CommitteesDbContext)await UpgradedAsync("Committees");

        var desks = await db.DeskEntries.OrderBy(d => d.Id).ToListAsync();
        Assert.Equal([(Committee.MIT, 1L, DeskEntryKind.Released), (Committee.OMT, 1L, DeskEntryKind.Released), (Committee.OMT, 2L, DeskEntryKind.AdviceAdopted)],
            desks.Select(d => (d.Committee, d.Position, d.Kind)));
        Assert.Single(desks.Where(d => d.Kind == DeskEntryKind.Released).Select(d => d.ReceivedAt).Distinct());
        Assert.Equal(new string('c', 64), desks[0].AcknowledgedDigest);
        Assert.True(desks[0].DigestMatches);
        Assert.Equal(Committee.MIT, desks[2].AdviceCommittee);
        // Columns added since that release read back as "nothing yet" on its rows.
        Assert.All(desks, d => Assert.Empty(d.Links));
        Assert.All(desks, d => Assert.False(d.Late));
        foreach (var kind in new[] { Committee.MIT, Committee.OMT })
        {
            var committee = Assert.Single(await db.CommitteesAsync(kind, default)).Committee;
            Assert.Equal(kind == Committee.MIT ? 4 : 3, committee.Appointments.Count);
        }
        Assert.Equal(9, await db.OutboxMessages.CountAsync(m => m.SentAt == null));
        Assert.Equal(2, await db.InboxRecords.CountAsync(r => r.MessageId == PreviousRelease.InboxMessage));

        // Each desk's position counter starts where its desk stood, so the next batch goes on without a gap.
        Assert.Equal([(Committee.MIT, 1L), (Committee.OMT, 2L)],
            (await db.DeskCounters.ToListAsync()).OrderBy(c => c.Committee).Select(c => (c.Committee, c.LastPosition)));

        // The desk goes on at the next position.
        db.DeskEntries.Add(new DeskEntry { Committee = Committee.OMT, Position = 3, Kind = DeskEntryKind.AdviceRevealed, RequestId = PreviousRelease.ReleasedRequest, ReceivedAt = PreviousRelease.Now });
        await db.SaveChangesAsync();
        Assert.Equal(4, await db.DeskEntries.CountAsync());
    }

    [Fact]
    public async Task Briefings_keeps_the_audit_chain_verifiable_the_content_readable_and_the_consent_standing()
    {
        await using var db = (BriefingsDbContext)await UpgradedAsync("Briefings");

        Assert.Equal(new ChainVerdict(true, 5, 0, ""), await VerifyAuditChainAsync(db));
        var content = await db.Contents.SingleAsync(c => c.BriefingId == PreviousRelease.Briefing);
        var plaintext = new BriefingCipher(PreviousRelease.MasterKey).Open(PreviousRelease.Briefing, new SealedContent(content.WrappedKey, content.Ciphertext, content.MasterKeyId));
        Assert.Equal(PreviousRelease.BriefingText, Encoding.UTF8.GetString(plaintext));
        Assert.Equal(PreviousRelease.ReleasedRequest, (await db.Briefings.SingleAsync()).RequestId);
        var (sharing, _) = await db.LoadSharingAsync(PreviousRelease.ReleasedRequest, default);
        Assert.True(sharing.Stands(PreviousRelease.Now));
        Assert.Equal(SharingAudience.WithSecretariat, sharing.Audience);

        // The chain goes on from its head.
        await new AuditLog(db, new FixedTime(PreviousRelease.Now)).WriteAsync(
            w => Task.FromResult(w.Append("auditor", ["auditor"], "VerifyAuditLog", "allowed", "after the upgrade")), default);
        Assert.Equal(new ChainVerdict(true, 6, 0, ""), await VerifyAuditChainAsync(db));
    }

    [Fact]
    public async Task Publication_keeps_every_dossier_its_bytes_and_the_public_record()
    {
        await using var db = (PublicationDbContext)await UpgradedAsync("Publication");

        var (dossier, _) = await db.LoadAsync(await db.Dossiers.Where(d => d.Id != PreviousRelease.WorkProgramme).Select(d => d.Id).SingleAsync(), default);
        Assert.Equal(PreviousRelease.ReleasedRequest, dossier.RequestId);
        Assert.NotNull(dossier.PublishedAt);
        Assert.All(dossier.Documents, d => Assert.Equal(DocumentState.Published, d.State));
        var published = await db.Published.OrderBy(p => p.Committee).ToListAsync();
        Assert.Equal(["MIT", "OMT"], published.Select(p => p.Committee));
        foreach (var record in published)
        {
            var bytes = (await db.Contents.SingleAsync(c => c.DocumentId == record.Id)).Content;
            Assert.Equal(record.Sha256, DocumentLimits.Sha256(bytes));
            Assert.Equal($"{record.Committee} advice text", Encoding.UTF8.GetString(bytes));
        }
        var (programme, _) = await db.LoadAsync(PreviousRelease.WorkProgramme, default);
        Assert.Equal(DossierKind.WorkProgramme, programme.Kind);
        Assert.Equal(3, await db.Contents.CountAsync());
    }

    [Fact]
    public async Task Identity_keeps_users_their_passwords_and_the_clients()
    {
        await using var db = (IdentityDbContext)await UpgradedAsync("Identity");

        var user = await db.Users.SingleAsync(u => u.UserName == "j.jansen");
        Assert.Equal(["requester"], user.Roles);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<PlatformUser>().VerifyHashedPassword(user, user.PasswordHash, "demo-only-password"));
        Assert.Equal("mit-cli", (await db.Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync()).ClientId);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_first_migration_creates_exactly_the_schema_the_previous_release_created(string service)
    {
        // The upgrade records the first migration as applied on a database of that release: it must be that schema.
        var set = MigrationSet.All.Single(s => s.Service == service && s.Provider == Provider);
        var previous = await NewDatabaseAsync(service);
        await LoadAsync(previous, PreviousRelease.Script(Provider.ToString(), service));
        await using var migrated = set.Create(await NewDatabaseAsync(service));
        await migrated.GetService<IMigrator>().MigrateAsync(migrated.Database.GetMigrations().First());
        await using var old = set.Create(previous);

        Assert.Equal(await DescribeSchemaAsync(old.Database.GetDbConnection()), await DescribeSchemaAsync(migrated.Database.GetDbConnection()));
    }

    [Fact]
    public async Task A_database_with_only_part_of_that_schema_is_refused_and_left_as_it_was()
    {
        var set = MigrationSet.All.Single(s => s.Service == "Committees" && s.Provider == Provider);
        var connectionString = await NewDatabaseAsync("Committees");
        await LoadAsync(connectionString, PreviousRelease.Script(Provider.ToString(), "Committees"));
        await using var db = set.Create(connectionString);
        // As a database from before the composition release: no composition_documents.
        await db.Database.ExecuteSqlRawAsync("DROP TABLE composition_documents");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.MigrateSchemaAsync(default));

        Assert.Contains("composition_documents", refused.Message, StringComparison.Ordinal);
        Assert.Contains("docs/operations.md", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(3, await ((CommitteesDbContext)db).DeskEntries.CountAsync());
    }

    [Fact]
    public async Task Migrating_an_upgraded_database_again_changes_nothing()
    {
        await using var db = await UpgradedAsync("Briefings");
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        await db.MigrateSchemaAsync(default);

        Assert.Equal(applied, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(new ChainVerdict(true, 5, 0, ""), await VerifyAuditChainAsync((BriefingsDbContext)db));
    }

    /// <summary>A database of the previous release with its rows, migrated to this release the way a service does at start.</summary>
    private async Task<DbContext> UpgradedAsync(string service)
    {
        var set = MigrationSet.All.Single(s => s.Service == service && s.Provider == Provider);
        var connectionString = await NewDatabaseAsync(service);
        await LoadAsync(connectionString, PreviousRelease.Script(Provider.ToString(), service));
        var db = set.Create(connectionString);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());

        await db.MigrateSchemaAsync(default);

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        return db;
    }

    private static async Task<ChainVerdict> VerifyAuditChainAsync(BriefingsDbContext db)
    {
        var head = await db.AuditHead.AsNoTracking().SingleAsync();
        var records = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync();
        return AuditChain.Verify(records.Select(r => new ChainedRecord(r.ToEntry(), r.PreviousHash, r.Hash)), head.Sequence, head.Hash);
    }

    private protected static async Task<List<string>> QueryAsync(DbConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
