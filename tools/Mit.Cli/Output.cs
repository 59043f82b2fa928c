using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>How results are shown: a few readable lines, or the protobuf JSON with --json.</summary>
internal static class Output
{
    private static readonly JsonFormatter Indented = new(JsonFormatter.Settings.Default.WithIndentation());

    public static void Json(IMessage message) => Console.WriteLine(Indented.Format(message));

    /// <summary>One JSON object per line, for streams (easy to pipe into jq).</summary>
    public static void JsonLine(IMessage message) => Console.WriteLine(JsonFormatter.Default.Format(message));

    public static void Request(AdviceRequest r)
    {
        Console.WriteLine($"request    {r.Id}");
        Console.WriteLine($"state      {r.State}  (drafted by {Name(r.DraftingMinistry)}, co-signer {Name(r.CoSigningMinistry)})");
        if (r.Current is { } current)
        {
            Console.WriteLine($"current    {Version(current)}");
            Console.WriteLine($"title      {current.Content?.Title}");
            if (current.Content is { } content)
            {
                Console.WriteLine($"urgency    {content.Urgency}{(content.Deadline is null ? "" : $", deadline asked {Time(content.Deadline)}")}");
            }
        }
        if (r.Pending is { } pending)
        {
            Console.WriteLine($"pending    {Version(pending)}  (drafted by {Name(pending.DraftingMinistry)}, awaiting co-signature)");
            Console.WriteLine($"           title: {pending.Content?.Title}");
        }
        if ((r.Pending ?? r.Current)?.DeclineReason is { Length: > 0 } reason)
        {
            Console.WriteLine($"declined   {reason}");
        }
        Console.WriteLine($"released   {(r.ReleasedVersion > 0 ? $"v{r.ReleasedVersion}" : "not yet")}");
        if (r.Deadline is not null)
        {
            Console.WriteLine($"deadline   {Time(r.Deadline)}{(r.Overdue ? "  OVERDUE" : "")}");
        }
        foreach (var c in r.Committees)
        {
            var received = c.ReceivedAt is null ? "not received yet" : $"received {Time(c.ReceivedAt)}, digest {Short(c.ReceivedDigest)}";
            var acknowledged = c.AcknowledgedAt is null ? "" : $"; acknowledged {Time(c.AcknowledgedAt)} by {c.AcknowledgedBy}, digest {Short(c.AcknowledgedDigest)}";
            Console.WriteLine($"{Name(c.Committee),-10} v{c.Version} {received}{acknowledged}{(c.DigestMismatch ? "  DIGEST MISMATCH" : "")}");
        }
        foreach (var link in r.Related)
        {
            var target = link.RelatedRequestId.Length > 0 ? $"request {link.RelatedRequestId}" : link.ExternalReference;
            Console.WriteLine($"related    {target}{(link.Note.Length > 0 ? $" ({link.Note})" : "")}, linked by {link.LinkedBy}");
        }
        if (r.DigestAlarm)
        {
            Console.WriteLine("ALARM      a committee received or acknowledged a digest other than the released one");
        }
        if (r.WithdrawReason.Length > 0)
        {
            Console.WriteLine($"withdrawn  {r.WithdrawReason}");
        }
    }

    public static void RequestLine(AdviceRequest r)
    {
        var version = r.Pending ?? r.Current;
        Console.WriteLine($"{r.Id}  {r.State,-19}  v{version?.Number}  {Short(version?.Digest)}  {version?.Content?.Title}");
    }

    public static void DeskEntry(DeskEntry e)
    {
        var what = e.Kind == DeskEntryKind.Linked
            ? $"linked {(e.RelatedRequestId.Length > 0 ? $"request {e.RelatedRequestId}" : e.ExternalReference)}"
            : e.Title;
        Console.WriteLine($"#{e.Position}  {e.Kind,-8}  {e.RequestId}  v{e.Version}  {Short(e.Digest)}  {what}  received {Time(e.ReceivedAt)}"
            + (e.AcknowledgedAt is null ? "" : $"  acknowledged {Time(e.AcknowledgedAt)}"));
    }

    public static string Version(RequestVersion v) => $"v{v.Number}  digest {v.Digest}";

    private static string Short(string? digest) => string.IsNullOrEmpty(digest) ? "-" : digest.Length <= 12 ? digest : digest[..12];

    public static string Time(Timestamp? t) =>
        t is null ? "-" : t.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Name(Ministry m) => m switch { Ministry.Szw => "SZW", Ministry.Vws => "VWS", _ => "?" };

    private static string Name(Committee c) => c switch { Committee.Mit => "MIT", Committee.Omt => "OMT", _ => "?" };
}
