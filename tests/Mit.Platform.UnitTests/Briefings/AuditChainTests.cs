using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.UnitTests.Briefings;

public sealed class AuditChainTests
{
    private static List<ChainedRecord> Chain(int count)
    {
        var records = new List<ChainedRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = new AuditEntry(i, 1000 + i, "demo-mit-member", "mit-member", "read", "r", "b", "allowed", "copy for X", "wm-" + i);
            var hash = AuditChain.Hash(previous, entry);
            records.Add(new ChainedRecord(entry, previous, hash));
            previous = hash;
        }
        return records;
    }

    private static ChainVerdict Verify(List<ChainedRecord> records, long headSequence, string headHash) => AuditChain.Verify(records, headSequence, headHash);

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var chain = Chain(5);
        var verdict = Verify(chain, 5, chain[^1].Hash);
        Assert.True(verdict.Intact);
        Assert.Equal(5, verdict.RecordsChecked);
        Assert.True(Verify([], 0, AuditChain.Genesis).Intact);
    }

    [Fact]
    public void A_changed_record_is_the_first_broken_one()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Entry = chain[2].Entry with { Outcome = "denied" } };
        Assert.Equal(3, Verify(chain, 5, chain[^1].Hash).FirstBrokenSequence);
    }

    [Fact]
    public void A_deleted_record_is_reported_by_its_sequence()
    {
        var chain = Chain(5);
        var head = chain[^1].Hash;
        chain.RemoveAt(1);
        Assert.Equal(2, Verify(chain, 5, head).FirstBrokenSequence);
    }

    [Fact]
    public void Records_in_another_order_are_detected()
    {
        var chain = Chain(5);
        (chain[1], chain[2]) = (chain[2] with { Entry = chain[2].Entry with { Sequence = 2 } }, chain[1] with { Entry = chain[1].Entry with { Sequence = 3 } });
        Assert.Equal(2, Verify(chain, 5, Chain(5)[^1].Hash).FirstBrokenSequence);
    }

    [Fact]
    public void Records_cut_from_the_end_or_appended_behind_the_head_are_detected()
    {
        var chain = Chain(5);
        var cut = chain.Take(4).ToList();
        Assert.Equal(5, Verify(cut, 5, chain[^1].Hash).FirstBrokenSequence);
        var longer = Chain(6);
        Assert.Equal(6, Verify(longer, 5, chain[^1].Hash).FirstBrokenSequence);
    }

    [Fact]
    public void The_hash_covers_every_field_and_the_previous_hash()
    {
        var entry = new AuditEntry(1, 1, "a", "r", "read", "q", "b", "allowed", "d", "w");
        var hash = AuditChain.Hash(AuditChain.Genesis, entry);
        Assert.NotEqual(hash, AuditChain.Hash(new string('1', 64), entry));
        foreach (var changed in new[]
        {
            entry with { AtUtcTicks = 2 }, entry with { Actor = "b" }, entry with { ActorRoles = "x" }, entry with { Action = "watch" },
            entry with { RequestId = "z" }, entry with { BriefingId = "c" }, entry with { Outcome = "denied" }, entry with { Detail = "e" },
            entry with { WatermarkId = "v" },
        })
        {
            Assert.NotEqual(hash, AuditChain.Hash(AuditChain.Genesis, changed));
        }
        // Field boundaries count: moving a character from one field to the next changes the hash.
        Assert.NotEqual(AuditChain.Hash(AuditChain.Genesis, entry with { Actor = "ab", ActorRoles = "" }),
            AuditChain.Hash(AuditChain.Genesis, entry with { Actor = "a", ActorRoles = "b" }));
    }
}
