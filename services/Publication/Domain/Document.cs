using System.Security.Cryptography;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.Publication.Domain;

public enum Committee
{
    MIT,
    OMT,
}

public enum DossierKind
{
    JointAdvice,
    WorkProgramme,
    StandbySignal,
    UnsolicitedAdvice,
    CabinetResponse,
}

public enum DocumentType
{
    Advice,
    Reflection,
    WorkProgramme,
    StandbySignal,
    SgAnswer,
    NoAdviceNote,
    CabinetResponse,
}

/// <summary>An advice a cabinet response answers: its dossier and document.</summary>
public sealed record AnsweredAdvice(Guid DossierId, Guid DocumentId);

/// <summary>The publication protocol, in order. Only a document in SentToParliament (or a companion of one) becomes Published.</summary>
public enum DocumentState
{
    /// <summary>Adopted advice whose text the secretariat has not uploaded yet.</summary>
    AwaitingText,
    Draft,
    SentToPrincipal,
    SentToParliament,
    Published,
    Withdrawn,
}

/// <summary>One document version in a dossier. Its bytes live in the store by id; here are their SHA-256 and size.</summary>
public sealed class Document
{
    public Guid Id { get; init; }
    public DocumentType Type { get; init; }
    public Committee? Committee { get; init; }
    public required string Title { get; set; }
    public DocumentState State { get; set; }
    public string MediaType { get; set; } = "";
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public int Version { get; init; } = 1;
    public Guid? Supersedes { get; init; }
    public Guid? SupersededBy { get; set; }
    public string Summary { get; set; } = "";
    public DateTimeOffset? AdoptedAt { get; set; }
    public string? UploadedBy { get; set; }
    public DateTimeOffset? SentToPrincipalAt { get; set; }
    public string? Principal { get; set; }
    public string? SentToPrincipalBy { get; set; }
    public string? KamerbriefReference { get; set; }
    public DateTimeOffset? SentToParliamentAt { get; set; }
    public string? SentToParliamentRecordedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawalReason { get; set; }
    public string? WithdrawnBy { get; set; }
    public string? CorrectionNote { get; set; }
    /// <summary>Advice: late, adopted after the deadline, after the other committee's advice was revealed.</summary>
    public bool Late { get; set; }
    /// <summary>Late advice: the published "did not advise" note it corrects (that note stays public, superseded by this).</summary>
    public Guid? CorrectsNote { get; set; }
    /// <summary>Cabinet response: the advice it answers.</summary>
    public List<AnsweredAdvice> Answers { get; init; } = [];
    /// <summary>Advice: the cabinet responses recorded for it (their document ids).</summary>
    public List<Guid> AnsweredBy { get; init; } = [];
    /// <summary>Cabinet response: the date of the response.</summary>
    public DateTimeOffset? RespondedAt { get; set; }
    /// <summary>Advice: when its wait for a response passed the term (flagged once).</summary>
    public DateTimeOffset? ResponseOverdueAt { get; set; }

    public bool IsPublic => State is DocumentState.Published or DocumentState.Withdrawn;

    /// <summary>Documents that go to a principal and to parliament before they may be published.</summary>
    public bool NeedsParliament => Type is DocumentType.Advice or DocumentType.WorkProgramme or DocumentType.CabinetResponse;

    /// <summary>A published advice waiting for (or answered by) the cabinet: its first version, from the day it went to its principal.</summary>
    public bool AwaitsResponse => Type == DocumentType.Advice && Supersedes is null && State == DocumentState.Published && SentToPrincipalAt is not null;

    /// <summary>What the public record and the dossier say of late advice.</summary>
    public static string LateNote(Committee committee) =>
        $"Late advice: adopted after the deadline, after the {(committee == Domain.Committee.MIT ? Domain.Committee.OMT : Domain.Committee.MIT)}'s advice was revealed.";
}

/// <summary>A committee that did not advise on a joint request, and why; published as a note with the other advice.</summary>
public sealed record NoAdviceRecord(Committee Committee, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Bytes the store must keep under a document id, in the same transaction as the dossier.</summary>
public sealed record DocumentBytes(Guid DocumentId, byte[] Content);

/// <summary>Limits on what callers send; the API answers ResourceExhausted above MaxDocumentBytes.</summary>
public static class DocumentLimits
{
    /// <summary>Below the services' 1 MiB gRPC message limit, with room for the other fields.</summary>
    public const int MaxDocumentBytes = 900 * 1024;
    public const int MaxTitleLength = 300;
    public const int MaxReasonLength = 4000;
    public const int MaxReferenceLength = 200;
    public const int MaxMediaTypeLength = 100;

    public static readonly IReadOnlySet<string> MediaTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/pdf", "text/plain", "text/markdown", "text/html",
    };

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Checks title, media type and content of an upload; all violations at once.</summary>
    public static void Validate(string title, string mediaType, byte[] content, bool titleRequired = true)
    {
        new Validator()
            .Require(!titleRequired || title.Trim().Length is > 0 and <= MaxTitleLength, "title", $"is required, at most {MaxTitleLength} characters")
            .Require(titleRequired || title.Length <= MaxTitleLength, "title", $"must be at most {MaxTitleLength} characters")
            .Require(MediaTypes.Contains(mediaType), "media_type", "must be one of " + string.Join(", ", MediaTypes.Order()))
            .Require(content.Length > 0, "content", "is required")
            .ThrowIfInvalid();
    }

    public static string RequireText(string value, string field, int max)
    {
        var trimmed = value.Trim();
        new Validator().Require(trimmed.Length > 0 && trimmed.Length <= max, field, $"is required, at most {max} characters").ThrowIfInvalid();
        return trimmed;
    }
}
