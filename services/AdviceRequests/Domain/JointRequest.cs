using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.AdviceRequests.Domain;

public enum RequestState
{
    AwaitingCoSignature,
    Declined,
    Released,
    Withdrawn,
}

public enum Committee
{
    MIT,
    OMT,
}

public enum VersionStatus
{
    Pending,
    Declined,
    Released,
}

public sealed class RequestVersion
{
    public int Number { get; init; }
    public required RequestContent Content { get; init; }
    public required string Digest { get; init; }
    public Ministry DraftingMinistry { get; init; }
    public required string DraftedBy { get; init; }
    public VersionStatus Status { get; set; }
    public string? CoSignedBy { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public string? DeclineReason { get; set; }
    public string? DeclinedBy { get; set; }

    public Ministry CoSigningMinistry => DraftingMinistry == Ministry.SZW ? Ministry.VWS : Ministry.SZW;
}

public sealed record RelatedLink(Guid? RelatedRequestId, string? ExternalReference, string? Note, string LinkedBy, DateTimeOffset LinkedAt);

/// <summary>What one committee's desk reported for the version in force.</summary>
public sealed class CommitteeStatus
{
    public Committee Committee { get; init; }
    public int Version { get; init; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedDigest { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedDigest { get; set; }
    public string? AcknowledgedBy { get; set; }
}

/// <summary>
/// A joint advice request: drafted by one ministry, co-signed by the other, released to both committees in one
/// state change. Amendments are new versions that go through the same co-signing and release.
/// </summary>
public sealed class JointRequest
{
    [JsonInclude] public Guid Id { get; private set; }
    [JsonInclude] public RequestState State { get; private set; }
    [JsonInclude] public Ministry DraftingMinistry { get; private set; }
    [JsonInclude] public DateTimeOffset CreatedAt { get; private set; }
    [JsonInclude] public List<RequestVersion> Versions { get; private set; } = [];
    [JsonInclude] public List<RelatedLink> Links { get; private set; } = [];
    [JsonInclude] public List<CommitteeStatus> Committees { get; private set; } = [];
    [JsonInclude] public string? WithdrawReason { get; private set; }

    private readonly List<object> _events = [];

    /// <summary>Integration events raised by the last operations, for the outbox.</summary>
    [JsonIgnore] public IReadOnlyList<object> Events => _events;

    public Ministry CoSigningMinistry => Other(DraftingMinistry);

    public RequestVersion? Pending => Versions.LastOrDefault(v => v.Status == VersionStatus.Pending);

    public RequestVersion? Released => Versions.LastOrDefault(v => v.Status == VersionStatus.Released);

    /// <summary>The released version, else the newest draft.</summary>
    public RequestVersion Current => Released ?? Versions[^1];

    public DateTimeOffset? Deadline => Released?.Deadline;

    public bool IsOverdue(DateTimeOffset now) => State == RequestState.Released && Deadline is { } d && now > d;

    /// <summary>A committee got or acknowledged a digest other than the released one.</summary>
    public bool DigestAlarm => Released is { } r && Committees.Any(c => c.Version == r.Number
        && ((c.ReceivedDigest is not null && c.ReceivedDigest != r.Digest) || (c.AcknowledgedDigest is not null && c.AcknowledgedDigest != r.Digest)));

    public static JointRequest Draft(Guid id, Ministry drafter, string draftedBy, Ministry coSigner, RequestContent content, DateTimeOffset now)
    {
        if (coSigner == drafter)
        {
            throw new ValidationFailedException([new FieldViolation("co_signing_ministry", "must be the other ministry (SZW drafts, VWS co-signs, or the reverse)")]);
        }
        var request = new JointRequest { Id = id, State = RequestState.AwaitingCoSignature, DraftingMinistry = drafter, CreatedAt = now };
        request.Versions.Add(NewVersion(1, content, drafter, draftedBy));
        return request;
    }

    /// <summary>The drafting side rewrites a version that is waiting for, or was declined by, the co-signer.</summary>
    public void Revise(Ministry ministry, string revisedBy, RequestContent content)
    {
        EnsureNotWithdrawn();
        var open = Pending ?? (State == RequestState.Declined ? Versions[^1] : null)
            ?? throw new RuleViolationException("There is no draft or amendment to revise; amend the released request instead.");
        if (ministry != open.DraftingMinistry)
        {
            throw new AccessDeniedException($"Only {open.DraftingMinistry}, which drafted this version, may revise it.");
        }
        Versions.Remove(open);
        Versions.Add(NewVersion(open.Number, content, ministry, revisedBy));
        if (State == RequestState.Declined)
        {
            State = RequestState.AwaitingCoSignature;
        }
    }

    /// <summary>
    /// The other ministry co-signs exactly the version it read; this releases it to both committees at one instant
    /// with one digest, and raises the one release event.
    /// </summary>
    public void CoSign(Ministry ministry, string signedBy, int version, string digest, DateTimeOffset now)
    {
        EnsureNotWithdrawn();
        var pending = Pending ?? throw new RuleViolationException(
            State == RequestState.Released ? "This version is already released; nothing awaits co-signature." : "Nothing awaits co-signature.");
        if (ministry == pending.DraftingMinistry)
        {
            throw new AccessDeniedException($"{ministry} drafted this version; only {pending.CoSigningMinistry} may co-sign it.");
        }
        if (version != pending.Number || !string.Equals(digest, pending.Digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new RuleViolationException($"Version {version} with this digest is not what awaits co-signature (version {pending.Number}, digest {pending.Digest}); read it again.");
        }
        // An urgent deadline is cut to whole seconds as a given one is, so both behave alike.
        var deadline = pending.Content.Deadline ?? RequestContent.TruncateToSeconds(now + RequestLimits.UrgentWindow);
        if (deadline <= now)
        {
            throw new RuleViolationException("The deadline of this version has passed; the drafting ministry must revise it.");
        }
        pending.Status = VersionStatus.Released;
        pending.CoSignedBy = signedBy;
        pending.ReleasedAt = now;
        pending.Deadline = deadline;
        State = RequestState.Released;
        Committees.Clear();
        Committees.Add(new CommitteeStatus { Committee = Committee.MIT, Version = pending.Number });
        Committees.Add(new CommitteeStatus { Committee = Committee.OMT, Version = pending.Number });
        // The release carries every link that exists now, so a desk watcher sees them with it; links made later
        // travel as their own events. (Links made while drafting were not sent before: no release had reached a desk.)
        var links = Links.Select(l => new ReleasedLink(l.RelatedRequestId, l.ExternalReference, l.Note, l.LinkedAt)).ToList();
        _events.Add(new JointAdviceRequestReleased(Id, pending.Number, pending.Digest, pending.Content.Title,
            pending.Content.Urgency == Urgency.Urgent, now, deadline, pending.DraftingMinistry.ToString(), pending.CoSigningMinistry.ToString(),
            links.Count == 0 ? null : links));
    }

    public void DeclineCoSigning(Ministry ministry, string declinedBy, string reason)
    {
        EnsureNotWithdrawn();
        var pending = Pending ?? throw new RuleViolationException("Nothing awaits co-signature.");
        if (ministry == pending.DraftingMinistry)
        {
            throw new AccessDeniedException($"Only {pending.CoSigningMinistry} may decline to co-sign this version.");
        }
        RequireReason(reason);
        pending.Status = VersionStatus.Declined;
        pending.DeclineReason = reason.Trim();
        pending.DeclinedBy = declinedBy;
        if (Released is null)
        {
            State = RequestState.Declined;
        }
    }

    /// <summary>Before release only: a released question stays on both desks; it can be amended, not unsaid.</summary>
    public void Withdraw(Ministry ministry, string reason)
    {
        EnsureNotWithdrawn();
        if (Released is not null)
        {
            throw new RuleViolationException("A released request cannot be withdrawn; amend it instead.");
        }
        if (ministry != DraftingMinistry)
        {
            throw new AccessDeniedException($"Only {DraftingMinistry}, which drafted this request, may withdraw it.");
        }
        RequireReason(reason);
        State = RequestState.Withdrawn;
        WithdrawReason = reason.Trim();
        foreach (var v in Versions.Where(v => v.Status == VersionStatus.Pending))
        {
            v.Status = VersionStatus.Declined;
            v.DeclineReason = "withdrawn";
        }
    }

    public void Amend(Ministry ministry, string amendedBy, RequestContent content)
    {
        EnsureNotWithdrawn();
        var released = Released ?? throw new RuleViolationException("Only a released request can be amended; revise the draft instead.");
        if (Pending is not null)
        {
            throw new RuleViolationException($"Version {Pending.Number} already awaits co-signature; revise that one.");
        }
        var digest = content.Digest();
        if (digest == released.Digest)
        {
            throw new RuleViolationException("The amendment is identical to the released version.");
        }
        Versions.Add(NewVersion(Versions.Max(v => v.Number) + 1, content, ministry, amendedBy));
    }

    public void Link(Guid? relatedRequestId, string? externalReference, string? note, string linkedBy, DateTimeOffset now)
    {
        EnsureNotWithdrawn();
        if (relatedRequestId == Id)
        {
            throw new ValidationFailedException([new FieldViolation("related_request_id", "a request cannot be related to itself")]);
        }
        if (Links.Any(l => (relatedRequestId is not null && l.RelatedRequestId == relatedRequestId)
            || (externalReference is not null && l.ExternalReference == externalReference)))
        {
            throw new AlreadyExistsException("This link exists already.");
        }
        var link = new RelatedLink(relatedRequestId, externalReference, note, linkedBy, now);
        Links.Add(link);
        if (Released is not null)
        {
            _events.Add(LinkedEvent(link));
        }
    }

    /// <summary>A desk reported receiving a version; reports of an older version no longer count.</summary>
    public void RecordReceipt(Committee committee, int version, string digest, DateTimeOffset at)
    {
        var status = Committees.SingleOrDefault(c => c.Committee == committee && c.Version == version);
        if (status is not null)
        {
            status.ReceivedAt ??= at;
            status.ReceivedDigest ??= digest;
        }
    }

    public void RecordAcknowledgement(Committee committee, int version, string digest, string by, DateTimeOffset at)
    {
        var status = Committees.SingleOrDefault(c => c.Committee == committee && c.Version == version);
        if (status is not null)
        {
            status.AcknowledgedAt = at;
            status.AcknowledgedDigest = digest;
            status.AcknowledgedBy = by;
        }
    }

    public void ClearEvents() => _events.Clear();

    public static Ministry Other(Ministry ministry) => ministry == Ministry.SZW ? Ministry.VWS : Ministry.SZW;

    private AdviceRequestLinked LinkedEvent(RelatedLink link) =>
        new(Id, link.RelatedRequestId, link.ExternalReference, link.Note, link.LinkedAt);

    private static RequestVersion NewVersion(int number, RequestContent content, Ministry ministry, string by) => new()
    {
        Number = number,
        Content = content,
        Digest = content.Digest(),
        DraftingMinistry = ministry,
        DraftedBy = by,
        Status = VersionStatus.Pending,
    };

    private void EnsureNotWithdrawn()
    {
        if (State == RequestState.Withdrawn)
        {
            throw new RuleViolationException("This request was withdrawn.");
        }
    }

    private static void RequireReason(string? reason) => new Validator()
        .Require(!string.IsNullOrWhiteSpace(reason), "reason", "is required")
        .Require((reason ?? "").Length <= RequestLimits.MaxReasonLength, "reason", $"must be at most {RequestLimits.MaxReasonLength} characters")
        .ThrowIfInvalid();
}
