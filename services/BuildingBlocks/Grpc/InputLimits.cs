using Google.Protobuf.Reflection;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.BuildingBlocks.Grpc;

/// <summary>
/// The declarations the request guard applies to every RPC, in one place: which text fields are prose, and how many
/// items each repeated field of a request may carry. A field not listed is single-line text; a repeated field not
/// listed gets <see cref="DefaultMaxItems"/> (InputLimitsTests fail until a new one is declared here).
/// docs/operations.md lists the same figures.
/// </summary>
public static class InputLimits
{
    public const int DefaultMaxItems = 20;

    /// <summary>Prose fields, by proto field name in any message: tab and line breaks allowed.</summary>
    public static readonly IReadOnlySet<string> MultiLineFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "question", "description", "reason", "reasons", "note", "summary", "dissent", "interests", "declared_interests", "rationale",
    };

    /// <summary>Maximum item count per repeated request field (full proto name), checked before anything else.</summary>
    public static readonly IReadOnlyDictionary<string, int> MaxItems = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["mit.platform.v1.RequestContent.measures"] = 50,
        ["mit.platform.v1.RequestContent.attachments"] = 100,
        ["mit.platform.v1.CheckMembershipRequest.seats"] = 10,
        ["mit.platform.v1.AdoptAdviceRequest.votes"] = 100,
        ["mit.platform.v1.AdoptUnsolicitedAdviceRequest.votes"] = 100,
        ["mit.platform.v1.OpenUnsolicitedAdviceRequest.related_request_ids"] = 20,
        // A joint request's pair, or a handful of advices answered in one letter.
        ["mit.platform.v1.RecordCabinetResponseRequest.answers"] = 20,
        ["mit.platform.v1.Candidate.expertise"] = 20,
        ["mit.platform.v1.ActivateRequest.member_subjects"] = 50,
        ["mit.platform.v1.ActivateRequest.expert_seats"] = 20,
    };

    public static TextKind TextKindOf(FieldDescriptor field) =>
        MultiLineFields.Contains(field.Name) ? TextKind.MultiLine : TextKind.SingleLine;

    public static int MaxItemsOf(FieldDescriptor field) =>
        MaxItems.TryGetValue(field.FullName, out var max) ? max : DefaultMaxItems;
}
