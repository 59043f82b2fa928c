using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.Committees.Domain.Composition;

/// <param name="Late">Adopted after the seal was lifted at the deadline, when the other committee's advice could be read.</param>
public sealed record SealedAdvice(CommitteeKind Committee, string Digest, string Summary, DateTimeOffset AdoptedAt, bool Late = false);

/// <summary>
/// What a viewer may see of one committee's advice: before the reveal, of the other committee only "adopted".
/// Sealed: adopted, but its content is withheld from this viewer. Late: see <see cref="SealedAdvice.Late"/>.
/// </summary>
public sealed record AdviceView(CommitteeKind Committee, bool Adopted, DateTimeOffset? AdoptedAt, string? Digest, string? Summary, bool Sealed = false, bool Late = false);

/// <summary>
/// The two answers to one joint request, kept apart so that each committee advises independently: an adopted advice
/// stays sealed from the other committee until both have adopted or the request's deadline has passed, and is then
/// revealed to the requesting ministries, both at one instant.
/// </summary>
public sealed class AdviceSeal
{
    private static readonly CommitteeKind[] Both = [CommitteeKind.MIT, CommitteeKind.OMT];

    [JsonInclude] public Guid RequestId { get; private set; }
    [JsonInclude] public DateTimeOffset Deadline { get; private set; }
    [JsonInclude] public List<SealedAdvice> Advice { get; private set; } = [];
    [JsonInclude] public DateTimeOffset? RevealedAt { get; private set; }

    private readonly List<object> _events = [];

    [JsonIgnore] public IReadOnlyList<object> Events => _events;

    public static AdviceSeal Open(Guid requestId, DateTimeOffset deadline) => new() { RequestId = requestId, Deadline = deadline };

    /// <summary>Records one committee's adoption; the second one, or one after the deadline, reveals at <paramref name="now"/>.</summary>
    public void RecordAdoption(Adoption adoption, DateTimeOffset now)
    {
        new Validator().Require(adoption.RequestId == RequestId, "request_id", $"this adoption is for request {adoption.RequestId}, not {RequestId}").ThrowIfInvalid();
        if (Advice.Any(a => a.Committee == adoption.Committee))
        {
            throw new AlreadyExistsException($"The {adoption.Committee} advice on request {RequestId} is recorded already.");
        }
        var late = RevealedAt is not null;
        Advice.Add(new SealedAdvice(adoption.Committee, adoption.DocumentDigest, adoption.Summary, adoption.AdoptedAt, late));
        if (late)
        {
            // The seal was lifted at the deadline; a late advice goes out as soon as it exists, marked late.
            _events.Add(new AdviceRevealed(RequestId, now, [adoption.Committee.ToString()]));
        }
        else if (RevealDue(now))
        {
            Reveal(now);
        }
    }

    /// <summary>Both committees adopted, or at least one did and the deadline has passed.</summary>
    public bool RevealDue(DateTimeOffset now) => RevealedAt is null && Advice.Count > 0 && (Advice.Count == Both.Length || now >= Deadline);

    /// <summary>Lifts the seal for everyone at one instant. Again after the reveal: nothing happens.</summary>
    public void Reveal(DateTimeOffset now)
    {
        if (RevealedAt is not null)
        {
            return;
        }
        if (!RevealDue(now))
        {
            throw new RuleViolationException(Advice.Count == 0
                ? "No committee has adopted its advice; there is nothing to reveal."
                : $"The seal holds until both committees have adopted or the deadline ({Deadline:u}) has passed.");
        }
        RevealedAt = now;
        _events.Add(new AdviceRevealed(RequestId, now, Advice.Select(a => a.Committee.ToString()).ToList()));
    }

    public bool IsRevealed(DateTimeOffset now) => RevealedAt is { } r && r <= now;

    /// <summary>Whether this committee's advice on the request, once adopted, is late: the seal was lifted before it was adopted.</summary>
    public bool IsLate(CommitteeKind committee) => Advice.SingleOrDefault(a => a.Committee == committee)?.Late ?? RevealedAt is not null;

    /// <summary>A committee sees its own advice; of the other's only "adopted", until the reveal.</summary>
    public IReadOnlyList<AdviceView> VisibleTo(CommitteeKind committee, DateTimeOffset now) =>
        Both.Select(c => View(c, c == committee || IsRevealed(now))).ToList();

    /// <summary>The requesting ministries see the advice from the reveal on, both at once; before that, only "adopted".</summary>
    public IReadOnlyList<AdviceView> VisibleToMinistries(DateTimeOffset now) =>
        Both.Select(c => View(c, IsRevealed(now))).ToList();

    public void ClearEvents() => _events.Clear();

    private AdviceView View(CommitteeKind committee, bool open)
    {
        var advice = Advice.SingleOrDefault(a => a.Committee == committee);
        if (advice is null)
        {
            return new AdviceView(committee, false, null, null, null);
        }
        return open
            ? new AdviceView(committee, true, advice.AdoptedAt, advice.Digest, advice.Summary, Late: advice.Late)
            : new AdviceView(committee, true, null, null, null, Sealed: true);
    }
}
