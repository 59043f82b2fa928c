namespace Mit.Platform.Briefings.Access;

/// <summary>The live-signal topic of a request's briefings: raised on every added briefing and every sharing change.</summary>
public static class BriefingTopics
{
    public static string Of(Guid requestId) => "briefings:" + requestId.ToString("N");
}
