using MassTransit;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Contracts;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.Publication.Messaging;

/// <summary>
/// Fills dossiers from the publication-inbox queue: a release or an adoption opens a joint request's dossier
/// (whichever arrives first), adoptions and reveals fill it, signals and the SG's answers open and fill a standby
/// dossier, an unsolicited advice's adoption opens its dossier. One consumer class for the one queue; each event applied once (inbox) and idempotent by natural key.
/// </summary>
public sealed class PublicationInboxConsumer(PublicationDbContext db, TimeProvider time)
    : IConsumer<JointAdviceRequestReleased>, IConsumer<CommitteeAdviceAdopted>, IConsumer<CommitteeAdviceRevealed>,
      IConsumer<StandbySignalRaised>, IConsumer<StandbySignalAnswered>, IConsumer<UnsolicitedAdviceAdopted>
{
    private const string Name = "publication.inbox";

    public Task Consume(ConsumeContext<JointAdviceRequestReleased> context) =>
        Apply(context, context.Message.RequestId, Dossier.ForRequest, d =>
            d.RecordRelease(context.Message.Version, context.Message.Digest, context.Message.Title, context.Message.ReleasedAt, context.Message.Deadline));

    public Task Consume(ConsumeContext<CommitteeAdviceAdopted> context)
    {
        var m = context.Message;
        return Apply(context, m.RequestId, Dossier.ForRequest, d => d.RecordAdoption(Enum.Parse<Committee>(m.Committee), m.DocumentDigest, m.Summary, m.AdoptedAt, m.Late));
    }

    public Task Consume(ConsumeContext<CommitteeAdviceRevealed> context) =>
        Apply(context, context.Message.RequestId, Dossier.ForRequest, d => d.RecordReveal(context.Message.Committees.Select(Enum.Parse<Committee>)));

    public Task Consume(ConsumeContext<StandbySignalRaised> context)
    {
        var m = context.Message;
        return Apply(context, m.SignalId, Dossier.ForSignal, d => d.RecordSignal(m.Route, m.Disease, m.TriggeredOn, m.Rationale, m.RaisedAt, m.AnswerDue));
    }

    public Task Consume(ConsumeContext<StandbySignalAnswered> context)
    {
        var m = context.Message;
        return Apply(context, m.SignalId, Dossier.ForSignal, d => d.RecordAnswer(m.Answer, m.Reasons, m.AnsweredAt, m.Late));
    }

    public Task Consume(ConsumeContext<UnsolicitedAdviceAdopted> context)
    {
        var m = context.Message;
        return Apply(context, m.AdviceId, Dossier.ForUnsolicited, d =>
            d.RecordUnsolicitedAdoption(Enum.Parse<Committee>(m.Committee), m.Title, m.Question, m.Reason, m.DocumentDigest, m.Summary, m.AdoptedAt));
    }

    private async Task Apply(ConsumeContext context, Guid dossierId, Func<Guid, DateTimeOffset, Dossier> open, Action<Dossier> apply)
    {
        var now = time.GetUtcNow();
        if (!await db.FirstDeliveryAsync(context.MessageId, Name, now, context.CancellationToken))
        {
            return;
        }
        var loaded = await db.TryLoadAsync(dossierId, context.CancellationToken);
        var dossier = loaded?.Dossier ?? open(dossierId, now);
        apply(dossier);
        await db.StoreAsync(dossier, loaded?.Row, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
