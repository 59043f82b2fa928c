using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.Committees.Data;

namespace Mit.Platform.PersistenceTests;

/// <summary>The desk writer's lookup of a batch's releases stays one index search however full the desks are.</summary>
public sealed class DeskLookupTests
{
    [Fact]
    public async Task A_batchs_releases_are_found_by_index_search_not_by_scanning_the_desks()
    {
        await using var host = await CommitteesSqliteHost.CreateAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        var sql = db.ReleasesOf([Guid.NewGuid(), Guid.NewGuid()]).Select(d => new { d.Committee, d.RequestId, d.Version }).ToQueryString();

        // ToQueryString puts the parameters first as ".param set" lines; the plan does not depend on their values.
        var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && step.Contains("INDEX IX_desk_entries_released_once (RequestId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
    }
}
