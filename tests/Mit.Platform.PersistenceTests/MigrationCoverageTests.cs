using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Migrations;

namespace Mit.Platform.PersistenceTests;

/// <summary>Every store has migrations for both providers, and they describe the model as it is now.</summary>
public sealed class MigrationCoverageTests
{
    public static TheoryData<string> Sets() => [.. MigrationSet.All.Select(s => s.ToString())];

    [Theory]
    [MemberData(nameof(Sets))]
    public void The_model_has_no_change_that_a_migration_does_not_describe(string set)
    {
        var migrations = MigrationSet.All.Single(s => s.ToString() == set);
        using var db = migrations.Create(migrations.DesignTimeConnectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"{set}: the model has changed since the last migration. Add one for both providers: dotnet run --project tools/Mit.Platform.Migrations -- add <Name>");
    }

    [Fact]
    public void Every_store_of_every_service_has_one_migration_set_per_provider()
    {
        var contexts = MigrationSet.All.Select(s => s.Context.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract)
            .ToHashSet();

        Assert.Equal(contexts.OrderBy(t => t.FullName), MigrationSet.All.Select(s => s.Context).OrderBy(t => t.FullName));
        foreach (var service in MigrationSet.All.GroupBy(s => s.Service))
        {
            Assert.Equal([StoreProvider.Postgres, StoreProvider.Sqlite], service.Select(s => s.Provider).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Both_providers_of_a_store_have_the_same_migrations_in_the_same_order(string set)
    {
        var migrations = MigrationSet.All.Single(s => s.ToString() == set);
        var other = MigrationSet.All.Single(s => s.Service == migrations.Service && s.Provider != migrations.Provider);
        using var db = migrations.Create(migrations.DesignTimeConnectionString);
        using var otherDb = other.Create(other.DesignTimeConnectionString);

        Assert.Equal(otherDb.Database.GetMigrations().Select(Name), db.Database.GetMigrations().Select(Name));
        // Each set lives in its provider's folder (namespace), so the two never mix.
        Assert.All(db.GetService<IMigrationsAssembly>().Migrations.Values,
            m => Assert.EndsWith($".Data.Migrations.{migrations.Provider}", m.Namespace, StringComparison.Ordinal));
    }

    /// <summary>"20261127133459_InitialCreate" → "InitialCreate": the timestamp differs by a second between the sets.</summary>
    private static string Name(string migrationId) => migrationId[(migrationId.IndexOf('_', StringComparison.Ordinal) + 1)..];
}
