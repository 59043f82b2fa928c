using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.Briefings.Domain;

public enum SharingState { None, Proposed, Consented, Refused, Revoked, Expired }

/// <summary>Who on the MIT a consent opens briefings to; each level includes the ones before it.</summary>
public enum SharingAudience { MembersAndChair = 1, WithSecretariat = 2, WithExpertMembers = 3 }

/// <summary>One state of a proposal or consent, with who and when; kept for ever.</summary>
public sealed record SharingStep(SharingState State, string By, DateTimeOffset At, string? Reason, SharingAudience? Audience, DateTimeOffset? Until);

/// <summary>
/// The sharing of one request's briefings with the MIT: the OMT chair proposes (audience, optional end), VWS consents
/// or refuses; either revokes; closing the request or passing the end date expires it. After a refusal, revocation or
/// expiry the chair may propose again. Epoch grows with every change, so a cached decision can tell it is stale.
/// </summary>
public sealed class Sharing
{
    public const int MaxReasonLength = 2000;

    [JsonInclude] public Guid RequestId { get; private set; }
    [JsonInclude] public SharingState State { get; private set; } = SharingState.None;
    [JsonInclude] public SharingAudience? Audience { get; private set; }
    [JsonInclude] public DateTimeOffset? Until { get; private set; }
    [JsonInclude] public bool ShowTitles { get; private set; }
    [JsonInclude] public string? ProposedBy { get; private set; }
    [JsonInclude] public string? DecidedBy { get; private set; }
    [JsonInclude] public long Epoch { get; private set; }
    [JsonInclude] public List<SharingStep> History { get; private set; } = [];

    public static Sharing For(Guid requestId) => new() { RequestId = requestId };

    /// <summary>Consent stands: given, not revoked, not expired, and its end date (if any) not reached.</summary>
    public bool Stands(DateTimeOffset now) => State == SharingState.Consented && (Until is null || now < Until);

    /// <summary>A consent whose end date passed but that nobody has marked expired yet.</summary>
    public bool LapsedByDate(DateTimeOffset now) => State is SharingState.Consented or SharingState.Proposed && Until is { } until && now >= until;

    public void Propose(string by, SharingAudience audience, DateTimeOffset? until, bool showTitles, string? note, DateTimeOffset now)
    {
        if (State is SharingState.Proposed or SharingState.Consented)
        {
            throw new RuleViolationException($"Sharing of this request is already {State.ToString().ToLowerInvariant()}; revoke it before proposing again.");
        }
        if (!Enum.IsDefined(audience))
        {
            throw new ValidationFailedException([new FieldViolation("audience", "must be one of the SHARING_AUDIENCE values")]);
        }
        if (until is { } end && end <= now)
        {
            throw new ValidationFailedException([new FieldViolation("until", "must be in the future")]);
        }
        ValidReason(note, "note", required: false);
        Audience = audience;
        Until = until;
        ShowTitles = showTitles;
        ProposedBy = by;
        DecidedBy = null;
        Step(SharingState.Proposed, by, now, note);
    }

    public void Grant(string by, DateTimeOffset now)
    {
        Require(SharingState.Proposed, "consent to");
        if (LapsedByDate(now))
        {
            throw new RuleViolationException("The proposal's end date has passed; the OMT chair must propose again.");
        }
        DecidedBy = by;
        Step(SharingState.Consented, by, now, null);
    }

    public void Refuse(string by, string reason, DateTimeOffset now)
    {
        ValidReason(reason, "reason", required: true);
        Require(SharingState.Proposed, "refuse");
        DecidedBy = by;
        Step(SharingState.Refused, by, now, reason);
    }

    public void Revoke(string by, string? reason, DateTimeOffset now)
    {
        ValidReason(reason, "reason", required: false);
        if (State is not (SharingState.Proposed or SharingState.Consented))
        {
            throw new RuleViolationException($"Nothing to revoke: sharing of this request is {State.ToString().ToLowerInvariant()}.");
        }
        Step(SharingState.Revoked, by, now, reason);
    }

    /// <summary>Ends a standing proposal or consent by itself (request closed, end date passed). False when nothing stood.</summary>
    public bool Expire(string reason, DateTimeOffset now)
    {
        if (State is not (SharingState.Proposed or SharingState.Consented))
        {
            return false;
        }
        Step(SharingState.Expired, "system", now, reason);
        return true;
    }

    private void Require(SharingState state, string action)
    {
        if (State != state)
        {
            throw new RuleViolationException($"Cannot {action} sharing that is {State.ToString().ToLowerInvariant()}; it must be {state.ToString().ToLowerInvariant()}.");
        }
    }

    private void Step(SharingState state, string by, DateTimeOffset now, string? reason)
    {
        State = state;
        Epoch++;
        History.Add(new SharingStep(state, by, now, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), Audience, Until));
    }

    private static void ValidReason(string? reason, string field, bool required)
    {
        new Validator()
            .Require(!required || !string.IsNullOrWhiteSpace(reason), field, "is required")
            .Require((reason?.Length ?? 0) <= MaxReasonLength, field, $"must be at most {MaxReasonLength} characters")
            .ThrowIfInvalid();
    }
}
