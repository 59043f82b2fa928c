namespace Mit.Platform.Contracts;

/// <summary>
/// The queues that must receive each event. Publishers declare these queues and their bindings before their
/// first publish, because a publisher confirm only proves that every queue bound at that moment has the message:
/// a release must never reach the broker while the desks' queue is missing.
/// </summary>
public static class Topology
{
    /// <summary>Both committee desks: one consumer writes the MIT and the OMT entries of a message in one transaction.</summary>
    public const string DesksQueue = "committees-desks";
    public const string DeskStatusQueue = "advice-requests-desk-status";
    /// <summary>Committees' own copy: a change made on one replica clears the membership cache every replica reads.</summary>
    public const string CommitteesMembershipQueue = "committees-membership";
    /// <summary>Briefings: released requests, membership changes and reveals (which close a request's consent).</summary>
    public const string BriefingsInboxQueue = "briefings-inbox";
    /// <summary>Publication: released requests open dossiers; adoptions, reveals and standby signals fill them.</summary>
    public const string PublicationInboxQueue = "publication-inbox";

    public static readonly IReadOnlyDictionary<Type, string[]> SubscriberQueues = new Dictionary<Type, string[]>
    {
        [typeof(JointAdviceRequestReleased)] = [DesksQueue, BriefingsInboxQueue, PublicationInboxQueue],
        [typeof(AdviceRequestLinked)] = [DesksQueue],
        [typeof(DeskItemsReceived)] = [DeskStatusQueue],
        [typeof(DeskReceiptAcknowledged)] = [DeskStatusQueue],
        [typeof(CommitteeMembershipChanged)] = [CommitteesMembershipQueue, BriefingsInboxQueue],
        [typeof(CommitteeAdviceAdopted)] = [DesksQueue, PublicationInboxQueue],
        [typeof(CommitteeAdviceRevealed)] = [DesksQueue, BriefingsInboxQueue, PublicationInboxQueue],
        [typeof(StandbySignalRaised)] = [PublicationInboxQueue],
        [typeof(StandbySignalAnswered)] = [PublicationInboxQueue],
        // A fact for whoever follows the standby; no service of the platform subscribes yet.
        [typeof(StandbySignalAnswerOverdue)] = [],
        [typeof(UnsolicitedAdviceAdopted)] = [PublicationInboxQueue],
        // The desks' one queue; only the other committee's desk gets an entry.
        [typeof(UnsolicitedAdviceSent)] = [DesksQueue],
        [typeof(UnsolicitedAdvicePublished)] = [DesksQueue],
        // For the ministries' view of open waits (flagged in Publication); no service subscribes yet.
        [typeof(CabinetResponseOverdue)] = [],
    };
}
