using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mit.Platform.Briefings.Domain;

/// <summary>What one audit record says. At is kept in UTC ticks so the hash input never depends on a store's date format.</summary>
public sealed record AuditEntry(
    long Sequence, long AtUtcTicks, string Actor, string ActorRoles, string Action, string RequestId, string BriefingId,
    string Outcome, string Detail, string WatermarkId);

/// <summary>A stored record: the entry and the hashes that chain it.</summary>
public sealed record ChainedRecord(AuditEntry Entry, string PreviousHash, string Hash);

/// <summary>The verdict over a whole chain: intact, or the first record that does not fit.</summary>
public sealed record ChainVerdict(bool Intact, long RecordsChecked, long FirstBrokenSequence, string Problem);

/// <summary>
/// The append-only audit log as a hash chain: each record's hash is SHA-256 over the previous record's hash and the
/// record's own fields in a canonical form (a JSON array of strings), so changing, deleting, reordering or inserting a
/// record breaks the chain at that record. The chain head (last sequence and hash) is kept apart, so cutting records
/// off the end is detected too.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string Hash(string previousHash, AuditEntry e)
    {
        string[] fields =
        [
            previousHash, e.Sequence.ToString(CultureInfo.InvariantCulture), e.AtUtcTicks.ToString(CultureInfo.InvariantCulture),
            e.Actor, e.ActorRoles, e.Action, e.RequestId, e.BriefingId, e.Outcome, e.Detail, e.WatermarkId,
        ];
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields))));
    }

    /// <summary>Checks records in stored order against each other and against the head.</summary>
    public static ChainVerdict Verify(IEnumerable<ChainedRecord> records, long headSequence, string headHash)
    {
        var previous = Genesis;
        long expected = 1;
        long checkedCount = 0;
        foreach (var record in records)
        {
            var e = record.Entry;
            if (e.Sequence != expected)
            {
                return Broken(checkedCount, expected, $"expected sequence {expected}, found {e.Sequence} (a record was removed, inserted or moved)");
            }
            if (record.PreviousHash != previous)
            {
                return Broken(checkedCount, e.Sequence, "its previous hash does not match the record before it");
            }
            if (Hash(previous, e) != record.Hash)
            {
                return Broken(checkedCount, e.Sequence, "its content does not match its hash (the record was changed)");
            }
            previous = record.Hash;
            expected++;
            checkedCount++;
        }
        if (checkedCount != headSequence || previous != (headSequence == 0 ? Genesis : headHash))
        {
            return checkedCount > headSequence
                ? Broken(checkedCount, headSequence + 1, $"the chain runs to {checkedCount} but its head says {headSequence} (records were added behind the log's back)")
                : Broken(checkedCount, checkedCount + 1, $"the chain ends at {checkedCount} but its head says {headSequence} (records were removed from the end)");
        }
        return new ChainVerdict(true, checkedCount, 0, "");
    }

    private static ChainVerdict Broken(long checkedCount, long sequence, string problem) => new(false, checkedCount, sequence, problem);
}
