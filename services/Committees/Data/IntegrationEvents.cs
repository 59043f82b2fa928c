using Mit.Platform.Committees.Domain.Composition;
using Mit.Platform.Contracts;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;

namespace Mit.Platform.Committees.Data;

/// <summary>Which domain events leave the service, and as which integration event; the rest stay inside.</summary>
public static class IntegrationEvents
{
    /// <param name="committee">The committee that raised the event, when it was one (adoptions take their summary from it).</param>
    /// <param name="seal">The seal an adoption was recorded in (it knows whether the advice is late).</param>
    public static object? From(object domainEvent, DateTimeOffset now, CommitteeAggregate? committee = null, AdviceSeal? seal = null) => domainEvent switch
    {
        CommitteeEstablished e => new CommitteeMembershipChanged(e.CommitteeId, e.Committee, "", "", "Established", e.TermStart, now),
        CommitteeTermExtended e => new CommitteeMembershipChanged(e.CommitteeId, e.Committee, "", "", "TermExtended", e.PreviousEnd.AddDays(1), now),
        MembershipChanged e => new CommitteeMembershipChanged(e.CommitteeId, e.Committee, e.Subject, e.Seat, e.Change, e.EffectiveFrom, now),
        AdviceAdopted e => Adopted(e, committee?.AdoptionFor(e.RequestId), seal?.Advice.SingleOrDefault(a => a.Committee.ToString() == e.Committee)?.Late ?? false),
        Domain.Composition.UnsolicitedAdviceAdopted e => new Contracts.UnsolicitedAdviceAdopted(e.CommitteeId, e.Committee, e.AdviceId, e.Title, e.Question, e.Reason,
            e.DocumentDigest, e.Summary, e.AdoptedAt, e.Method, e.VotesFor, e.VotesAgainst, e.Abstentions, e.Dissent),
        AdviceRevealed e => new CommitteeAdviceRevealed(e.RequestId, e.Committees, e.RevealedAt),
        ActivationSignalRaised e => new StandbySignalRaised(e.StandbyId, e.SignalId, e.Route, e.Disease, e.TriggeredOn, e.Rationale, e.RaisedAt, e.AnswerDue),
        ActivationSignalOverdue e => new StandbySignalAnswerOverdue(e.StandbyId, e.SignalId, e.AnswerDue, e.FlaggedAt),
        ActivationSignalAnswered e => new StandbySignalAnswered(e.StandbyId, e.SignalId, e.Answer, e.Reasons, e.AnsweredAt, e.Late),
        _ => null,
    };

    private static CommitteeAdviceAdopted Adopted(AdviceAdopted e, Adoption? adoption, bool late)
    {
        var s = e.Snapshot;
        return new CommitteeAdviceAdopted(e.CommitteeId, e.Committee, e.RequestId, e.DocumentDigest, adoption?.Summary ?? "", e.AdoptedAt, e.Method,
            e.VotesFor, e.VotesAgainst, e.Abstentions, adoption?.Dissent,
            new AdoptionComposition(
                s.AsOf,
                s.Seats.Select(x => new AdoptionSeat(x.Subject, x.Name, x.Seat.ToString(), x.Institution?.ToString(), x.HasVote)).ToList(),
                s.CouldVote,
                s.Votes.Select(v => new AdoptionVote(v.Subject, v.Choice.ToString())).ToList(),
                s.Absent,
                s.Conflicted,
                s.ActingSubstitutes.Select(x => new AdoptionSubstitute(x.Subject, x.Institution.ToString())).ToList()),
            late);
    }
}
