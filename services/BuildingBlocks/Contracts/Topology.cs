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

    public static readonly IReadOnlyDictionary<Type, string[]> SubscriberQueues = new Dictionary<Type, string[]>
    {
        [typeof(JointAdviceRequestReleased)] = [MitDeskQueue, OmtDeskQueue],
        [typeof(AdviceRequestLinked)] = [MitDeskQueue, OmtDeskQueue],
        [typeof(DeskItemReceived)] = [DeskStatusQueue],
        [typeof(DeskReceiptAcknowledged)] = [DeskStatusQueue],
    };
}
