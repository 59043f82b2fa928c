using MassTransit;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Contracts;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.Publication.Messaging;

/// <summary>
/// Fills dossiers from the publication-inbox queue: a release or an adoption opens a joint request's dossier
/// (whichever arrives first), adoptions and reveals fill it, signals and the SG's answers open and fill a standby
/// dossier, an unsolicited advice's adoption opens its dossier. Applied in batches by <see cref="PublicationInboxWriter"/>.
/// </summary>
public sealed class PublicationInboxConsumer(MessageBatches<PublicationInboxWriter> batches)
    : IConsumer<JointAdviceRequestReleased>, IConsumer<CommitteeAdviceAdopted>, IConsumer<CommitteeAdviceRevealed>,
      IConsumer<StandbySignalRaised>, IConsumer<StandbySignalAnswered>, IConsumer<UnsolicitedAdviceAdopted>
{
    public Task Consume(ConsumeContext<JointAdviceRequestReleased> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<CommitteeAdviceAdopted> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<CommitteeAdviceRevealed> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<StandbySignalRaised> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<StandbySignalAnswered> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<UnsolicitedAdviceAdopted> context) => batches.HandleAsync(context);
}

/// <summary>
/// Applies a batch of inbox messages in one transaction: one inbox query, one read of the dossiers they are about,
/// each dossier changed in message order and stored once. Each message is applied once (inbox) and idempotent by
/// natural key. A message whose change fails fails alone: the batch is applied again without it, so nothing of it
/// is written and the others are not held up.
/// </summary>
public sealed class PublicationInboxWriter(PublicationDbContext db, TimeProvider time) : IBatchHandler
{
    public const string Name = "publication.inbox";

    public async Task<IReadOnlyList<Exception?>> HandleAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var outcomes = new Exception?[batch.Count];
        while (!await TryApplyAsync(batch, outcomes, ct))
        {
            // The failed message may have changed its dossier half-way: start again from the store, without it.
            db.ChangeTracker.Clear();
        }
        return outcomes;
    }

    /// <summary>False when a message's change failed (its outcome set); nothing was saved then.</summary>
    private async Task<bool> TryApplyAsync(IReadOnlyList<BatchItem> batch, Exception?[] outcomes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fresh = await db.FreshAsync(Name, Enumerable.Range(0, batch.Count).Where(i => outcomes[i] is null), i => batch[i].MessageId, ct);
        if (fresh.Count == 0)
        {
            return true;
        }
        var changes = fresh.ToDictionary(i => i, i => Change.Of(batch[i].Message));
        var dossierIds = changes.Values.Select(c => c.DossierId).Distinct().ToList();
        var rows = await db.Dossiers.Where(r => dossierIds.Contains(r.Id)).ToListAsync(ct);
        var dossiers = rows.ToDictionary(r => r.Id, r => (Dossier: PublicationDbContext.Deserialize(r), Row: (DossierRow?)r));
        foreach (var i in fresh)
        {
            var change = changes[i];
            try
            {
                if (!dossiers.TryGetValue(change.DossierId, out var dossier))
                {
                    dossier = (change.Open(change.DossierId, now), null);
                    dossiers.Add(change.DossierId, dossier);
                }
                change.Apply(dossier.Dossier);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcomes[i] = e;
                return false;
            }
            db.InboxRecords.Add(new InboxRecord { MessageId = batch[i].MessageId, Consumer = Name, ProcessedAt = now });
        }
        foreach (var (dossier, row) in dossiers.Values)
        {
            await db.StoreAsync(dossier, row, ct);
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>What a message does: the dossier it is about, how that dossier opens if it is the first, and the change.</summary>
    private sealed record Change(Guid DossierId, Func<Guid, DateTimeOffset, Dossier> Open, Action<Dossier> Apply)
    {
        public static Change Of(object message) => message switch
        {
            JointAdviceRequestReleased m => new(m.RequestId, Dossier.ForRequest, d => d.RecordRelease(m.Version, m.Digest, m.Title, m.ReleasedAt, m.Deadline)),
            CommitteeAdviceAdopted m => new(m.RequestId, Dossier.ForRequest, d => d.RecordAdoption(Enum.Parse<Committee>(m.Committee), m.DocumentDigest, m.Summary, m.AdoptedAt, m.Late)),
            CommitteeAdviceRevealed m => new(m.RequestId, Dossier.ForRequest, d => d.RecordReveal(m.Committees.Select(Enum.Parse<Committee>))),
            StandbySignalRaised m => new(m.SignalId, Dossier.ForSignal, d => d.RecordSignal(m.Route, m.Disease, m.TriggeredOn, m.Rationale, m.RaisedAt, m.AnswerDue)),
            StandbySignalAnswered m => new(m.SignalId, Dossier.ForSignal, d => d.RecordAnswer(m.Answer, m.Reasons, m.AnsweredAt, m.Late)),
            UnsolicitedAdviceAdopted m => new(m.AdviceId, Dossier.ForUnsolicited, d =>
                d.RecordUnsolicitedAdoption(Enum.Parse<Committee>(m.Committee), m.Title, m.Question, m.Reason, m.DocumentDigest, m.Summary, m.AdoptedAt)),
            _ => throw new ArgumentException($"Not a publication inbox message: {message.GetType().Name}", nameof(message)),
        };
    }
}
