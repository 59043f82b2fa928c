using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.Committees.Domain;

namespace Mit.Platform.Committees.Data;

/// <summary>
/// The gauge mit.desk.lag: per desk, how long the latest released request took from its release (AdviceRequests'
/// time) to landing on the desk — the broker and consumer delay a secretariat would notice.
/// </summary>
public static class DeskLag
{
    public const string Name = "mit.desk.lag";

    public static IEnumerable<Measurement<double>> Read(CommitteesDbContext db)
    {
        foreach (var desk in Enum.GetValues<Committee>())
        {
            var latest = db.DeskEntries.AsNoTracking()
                .Where(d => d.Committee == desk && d.Kind == DeskEntryKind.Released)
                .OrderByDescending(d => d.Position)
                .Select(d => new { d.ReleasedAt, d.ReceivedAt })
                .FirstOrDefault();
            if (latest?.ReleasedAt is { } released)
            {
                yield return new((latest.ReceivedAt - released).TotalSeconds, new KeyValuePair<string, object?>("desk", desk.ToString()));
            }
        }
    }
}
