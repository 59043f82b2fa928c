namespace Mit.Platform.Contracts;

/// <summary>
/// The queues that must receive each event. Publishers declare these queues and their bindings before their
/// first publish, because a publisher confirm only proves that every queue bound at that moment has the message:
/// a release must never reach the broker while one committee's desk queue is missing.
/// </summary>
public static class Topology
{
    public const string MitDeskQueue = "committees-desk-mit";
    public const string OmtDeskQueue = "committees-desk-omt";
    public const string DeskStatusQueue = "advice-requests-desk-status";
    /// <summary>Committees' own copy: a change made on one replica clears the membership cache every replica reads.</summary>
    public const string CommitteesMembershipQueue = "committees-membership";
    /// <summary>Briefings: released requests, membership changes and reveals (which close a request's consent).</summary>
    public const string BriefingsInboxQueue = "briefings-inbox";
    /// <summary>Publication: released requests open dossiers; adoptions, reveals and standby signals fill them.</summary>
    public const string PublicationInboxQueue = "publication-inbox";

    public static readonly IReadOnlyDictionary<Type, string[]> SubscriberQueues = new Dictionary<Type, string[]>
    {
        [typeof(JointAdviceRequestReleased)] = [MitDeskQueue, OmtDeskQueue, BriefingsInboxQueue, PublicationInboxQueue],
        [typeof(AdviceRequestLinked)] = [MitDeskQueue, OmtDeskQueue],
        [typeof(DeskItemReceived)] = [DeskStatusQueue],
        [typeof(DeskReceiptAcknowledged)] = [DeskStatusQueue],
        [typeof(CommitteeMembershipChanged)] = [CommitteesMembershipQueue, BriefingsInboxQueue],
        [typeof(CommitteeAdviceAdopted)] = [MitDeskQueue, OmtDeskQueue, PublicationInboxQueue],
        [typeof(CommitteeAdviceRevealed)] = [MitDeskQueue, OmtDeskQueue, BriefingsInboxQueue, PublicationInboxQueue],
        [typeof(StandbySignalRaised)] = [PublicationInboxQueue],
        [typeof(StandbySignalAnswered)] = [PublicationInboxQueue],
        // A fact for whoever follows the standby; no service of the platform subscribes yet.
        [typeof(StandbySignalAnswerOverdue)] = [],
        [typeof(UnsolicitedAdviceAdopted)] = [PublicationInboxQueue],
        // Both desks hear it; the sending committee's own desk skips it.
        [typeof(UnsolicitedAdviceSent)] = [MitDeskQueue, OmtDeskQueue],
        [typeof(UnsolicitedAdvicePublished)] = [MitDeskQueue, OmtDeskQueue],
        // For the ministries' view of open waits (flagged in Publication); no service subscribes yet.
        [typeof(CabinetResponseOverdue)] = [],
    };
}
