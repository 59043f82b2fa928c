using System.Diagnostics;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>
/// How the released requests of a window arrived on the two desks. "Lost" is every released request that is not
/// on both desks exactly once with the released digest: a delivery failure, which makes the run incomplete.
/// </summary>
public sealed record DeliveryResult(
    int Released,
    int OnMitDesk,
    int OnOmtDesk,
    int OnOneDeskOnly,
    int OnNeitherDesk,
    int Doubled,
    int DigestMismatches,
    int MitFirst,
    int OmtFirst,
    Summary SkewMs,
    Summary EndToEndMs,
    DateTimeOffset? LastReceivedAt)
{
    public int Lost => OnOneDeskOnly + OnNeitherDesk + Doubled + DigestMismatches;

    /// <summary>What is wrong with the delivery, for the problems list; empty when nothing was lost.</summary>
    public IEnumerable<string> Problems(string benchmark, TimeSpan stall)
    {
        if (OnOneDeskOnly + OnNeitherDesk > 0)
        {
            yield return $"{benchmark}: {OnOneDeskOnly + OnNeitherDesk} released requests were not on both desks " +
                $"({OnOneDeskOnly} on one only, {OnNeitherDesk} on neither; nothing new arrived for {stall.TotalSeconds:0} s)";
        }
        if (Doubled > 0)
        {
            yield return $"{benchmark}: {Doubled} released requests are on a desk more than once";
        }
        if (DigestMismatches > 0)
        {
            yield return $"{benchmark}: {DigestMismatches} desk entries carry a digest other than the released one";
        }
    }
}

/// <summary>
/// Reads the two desks (through the gateway, as their secretariats) incrementally: each poll fetches only the
/// entries after the last position seen (positions are dense per desk), so a large desk is read once, not per poll.
/// </summary>
internal sealed class Desks(CommitteeDesks.CommitteeDesksClient mit, CommitteeDesks.CommitteeDesksClient omt)
{
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    private readonly Desk _mit = new(mit, Committee.Mit);
    private readonly Desk _omt = new(omt, Committee.Omt);

    /// <summary>
    /// Polls both desks until every request in <paramref name="released"/> is on both, or nothing new arrived for
    /// <see cref="Stall"/> (a loaded machine drains the queues slowly; only a stall is a failure).
    /// </summary>
    public async Task WaitForAsync(IReadOnlyCollection<string> released, string label, CancellationToken ct)
    {
        var stalled = Stopwatch.StartNew();
        var seen = -1;
        var lastLog = Stopwatch.GetTimestamp();
        while (true)
        {
            await _mit.CatchUpAsync(ct);
            await _omt.CatchUpAsync(ct);
            var onMit = released.Count(_mit.Has);
            var onOmt = released.Count(_omt.Has);
            if (onMit == released.Count && onOmt == released.Count)
            {
                return;
            }
            if (onMit + onOmt > seen)
            {
                seen = onMit + onOmt;
                stalled.Restart();
                if (Stopwatch.GetElapsedTime(lastLog) > TimeSpan.FromSeconds(10))
                {
                    Progress.Log($"{label}: MIT desk {onMit}, OMT desk {onOmt} of {released.Count}...");
                    lastLog = Stopwatch.GetTimestamp();
                }
            }
            else if (stalled.Elapsed > Stall)
            {
                return;
            }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>
    /// Compares, per released request (id -> released digest), the two desks: skew = |MIT received_at − OMT
    /// received_at|, end-to-end = the later received_at − released_at (release commit to the second desk).
    /// </summary>
    public DeliveryResult Compare(IReadOnlyDictionary<string, string> released)
    {
        var skew = new List<double>();
        var endToEnd = new List<double>();
        DateTimeOffset? lastReceived = null;
        int onMit = 0, onOmt = 0, oneOnly = 0, neither = 0, doubled = 0, mismatches = 0, mitFirst = 0, omtFirst = 0;
        foreach (var (id, digest) in released)
        {
            var m = _mit.Entries(id);
            var o = _omt.Entries(id);
            onMit += m.Count > 0 ? 1 : 0;
            onOmt += o.Count > 0 ? 1 : 0;
            oneOnly += (m.Count > 0) != (o.Count > 0) ? 1 : 0;
            neither += m.Count == 0 && o.Count == 0 ? 1 : 0;
            doubled += m.Count > 1 || o.Count > 1 ? 1 : 0;
            mismatches += m.Concat(o).Count(e => e.Digest != digest);
            if (m.Count > 0 && o.Count > 0)
            {
                // The first entry per desk: a doubled one is counted above, not measured twice.
                var mitAt = m[0].ReceivedAt.ToDateTimeOffset();
                var omtAt = o[0].ReceivedAt.ToDateTimeOffset();
                skew.Add(Math.Abs((mitAt - omtAt).TotalMilliseconds));
                mitFirst += mitAt < omtAt ? 1 : 0;
                omtFirst += omtAt < mitAt ? 1 : 0;
                var last = mitAt > omtAt ? mitAt : omtAt;
                lastReceived = lastReceived > last ? lastReceived : last;
                endToEnd.Add((last - m[0].ReleasedAt.ToDateTimeOffset()).TotalMilliseconds);
            }
        }
        return new DeliveryResult(released.Count, onMit, onOmt, oneOnly, neither, doubled, mismatches, mitFirst, omtFirst,
            Percentiles.Summarize(skew), Percentiles.Summarize(endToEnd), lastReceived);
    }

    /// <summary>One desk: its released entries by request id, in position order, read up to <see cref="_position"/>.</summary>
    private sealed class Desk(CommitteeDesks.CommitteeDesksClient client, Committee committee)
    {
        private readonly Dictionary<string, List<DeskEntry>> _byRequest = [];
        private long _position;

        public bool Has(string requestId) => _byRequest.ContainsKey(requestId);

        public IReadOnlyList<DeskEntry> Entries(string requestId) => _byRequest.GetValueOrDefault(requestId) ?? [];

        public async Task CatchUpAsync(CancellationToken ct)
        {
            while (true)
            {
                var page = await client.ListDeskAsync(
                    new ListDeskRequest { Committee = committee, FromPosition = _position, PageSize = 1000 },
                    deadline: DateTime.UtcNow + CallDeadline,
                    cancellationToken: ct);
                if (page.Entries.Count == 0)
                {
                    return;
                }
                foreach (var entry in page.Entries)
                {
                    if (entry.Kind == DeskEntryKind.Released)
                    {
                        if (!_byRequest.TryGetValue(entry.RequestId, out var list))
                        {
                            _byRequest[entry.RequestId] = list = [];
                        }
                        list.Add(entry);
                    }
                    _position = Math.Max(_position, entry.Position);
                }
            }
        }
    }
}
