using Google.Protobuf.WellKnownTypes;
using Enum = System.Enum;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Publication.Api;

/// <summary>proto ↔ domain, nothing else.</summary>
internal static class Mapping
{
    public static Committee? ToDomain(this V1.Committee committee) => committee switch
    {
        V1.Committee.Mit => Committee.MIT,
        V1.Committee.Omt => Committee.OMT,
        _ => null,
    };

    public static Committee RequireCommittee(this V1.Committee committee, string field = "committee") =>
        committee.ToDomain() ?? throw new ValidationFailedException([new FieldViolation(field, "must be COMMITTEE_MIT or COMMITTEE_OMT")]);

    public static V1.Committee ToProto(this Committee? committee) => committee switch
    {
        Committee.MIT => V1.Committee.Mit,
        Committee.OMT => V1.Committee.Omt,
        _ => V1.Committee.Unspecified,
    };

    public static DocumentType? ToDomain(this V1.DocumentType type) =>
        type != V1.DocumentType.Unspecified && Enum.IsDefined((DocumentType)((int)type - 1)) ? (DocumentType)((int)type - 1) : null;

    public static V1.DocumentType ToProto(this DocumentType type) => (V1.DocumentType)((int)type + 1);

    public static Guid ParseId(string value, string field) => Guid.TryParse(value, out var id)
        ? id
        : throw new ValidationFailedException([new FieldViolation(field, "must be an id (UUID)")]);

    private static Timestamp? Ts(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    private static Timestamp? Ts(long? ticks) => ticks is { } t ? Timestamp.FromDateTimeOffset(new DateTimeOffset(t, TimeSpan.Zero)) : null;

    /// <param name="viewer">The caller's committee, if any: advice Committees has not revealed is shown sealed to everyone else.</param>
    public static V1.Dossier ToProto(this Dossier d, Committee? viewer)
    {
        var proto = new V1.Dossier
        {
            Id = d.Id.ToString(),
            Kind = (V1.DossierKind)((int)d.Kind + 1),
            RequestId = d.RequestId?.ToString() ?? "",
            Title = d.Title,
            ReleasedAt = Ts(d.ReleasedAt),
            PublishedAt = Ts(d.PublishedAt),
            Committee = d.Committee.ToProto(),
            Question = d.Question ?? "",
            Reason = d.Reason ?? "",
        };
        proto.Documents.AddRange(d.Documents.Select(doc => ToProto(doc, d.IsSealedFrom(doc, viewer))));
        proto.NoAdvice.AddRange(d.NoAdvice.Select(n => new V1.NoAdvice
        {
            Committee = ((Committee?)n.Committee).ToProto(),
            Reason = n.Reason,
            RecordedBy = n.RecordedBy,
            RecordedAt = Ts(n.RecordedAt),
        }));
        return proto;
    }

    /// <param name="sealedFromViewer">Only that an advice exists and where it is in the protocol: no digest, summary, adoption time or size.</param>
    private static V1.Document ToProto(Document doc, bool sealedFromViewer)
    {
        var proto = Base(doc, sealedFromViewer);
        proto.Answers.AddRange(doc.Answers.Select(a => new V1.AnsweredAdvice { DossierId = a.DossierId.ToString(), DocumentId = a.DocumentId.ToString() }));
        proto.AnsweredBy.AddRange(doc.AnsweredBy.Select(id => id.ToString()));
        proto.RespondedAt = Ts(doc.RespondedAt);
        proto.ResponseOverdueAt = Ts(doc.ResponseOverdueAt);
        return proto;
    }

    private static V1.Document Base(Document doc, bool sealedFromViewer) => new()
    {
        Id = doc.Id.ToString(),
        Type = doc.Type.ToProto(),
        Committee = doc.Committee.ToProto(),
        Title = doc.Title,
        State = (V1.DocumentState)((int)doc.State + 1),
        MediaType = sealedFromViewer ? "" : doc.MediaType,
        SizeBytes = sealedFromViewer ? 0 : doc.SizeBytes,
        Sha256 = sealedFromViewer ? "" : doc.Sha256,
        Version = doc.Version,
        Supersedes = (doc.Supersedes ?? doc.CorrectsNote)?.ToString() ?? "",
        SupersededBy = doc.SupersededBy?.ToString() ?? "",
        Summary = sealedFromViewer ? "" : doc.Summary,
        AdoptedAt = sealedFromViewer ? null : Ts(doc.AdoptedAt),
        Sealed = sealedFromViewer,
        Late = doc.Late,
        SentToPrincipalAt = Ts(doc.SentToPrincipalAt),
        Principal = doc.Principal ?? "",
        KamerbriefReference = doc.KamerbriefReference ?? "",
        SentToParliamentAt = Ts(doc.SentToParliamentAt),
        PublishedAt = Ts(doc.PublishedAt),
        WithdrawnAt = Ts(doc.WithdrawnAt),
        WithdrawalReason = doc.WithdrawalReason ?? "",
        UploadedBy = doc.UploadedBy ?? "",
    };

    private static IEnumerable<string> Ids(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The public view; a withdrawn document is its notice only. Advice shows its wait for the cabinet's response.</summary>
    public static V1.PublishedDocument ToProto(this PublishedDocumentRow row, CabinetResponseTerm term, DateTimeOffset now)
    {
        var proto = row.ToProtoWithoutWait();
        proto.Answers.AddRange(Ids(row.Answers));
        if (row.AdvisedAtTicks is { } advisedTicks)
        {
            var advisedAt = new DateTimeOffset(advisedTicks, TimeSpan.Zero);
            DateTimeOffset? respondedAt = row.RespondedAtTicks is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null;
            proto.Response = new V1.ResponseWait
            {
                WaitedDays = CabinetResponseTerm.DaysBetween(advisedAt, respondedAt ?? now),
                Overdue = row.ResponseOverdueAtTicks is not null || term.IsOverdue(advisedAt, respondedAt, now),
                AdvisedAt = Ts(advisedAt),
                RespondedAt = Ts(respondedAt),
            };
            proto.Response.ResponseIds.AddRange(Ids(row.AnsweredBy));
        }
        return proto;
    }

    private static V1.PublishedDocument ToProtoWithoutWait(this PublishedDocumentRow row)
    {
        var withdrawn = row.WithdrawnAtTicks is not null;
        return new V1.PublishedDocument
        {
            Id = row.Id.ToString(),
            DossierId = row.DossierId.ToString(),
            RequestId = row.RequestId?.ToString() ?? "",
            Type = Enum.Parse<DocumentType>(row.Type).ToProto(),
            Committee = (row.Committee is null ? null : (Committee?)Enum.Parse<Committee>(row.Committee)).ToProto(),
            Title = row.Title,
            Summary = withdrawn ? "" : row.Summary,
            MediaType = withdrawn ? "" : row.MediaType,
            SizeBytes = withdrawn ? 0 : row.SizeBytes,
            Sha256 = withdrawn ? "" : row.Sha256,
            Version = row.Version,
            Supersedes = row.Supersedes?.ToString() ?? "",
            SupersededBy = row.SupersededBy?.ToString() ?? "",
            PublishedAt = Ts(row.PublishedAtTicks),
            KamerbriefReference = row.KamerbriefReference ?? "",
            SentToParliamentAt = Ts(row.SentToParliamentAtTicks),
            Withdrawn = withdrawn,
            WithdrawnAt = Ts(row.WithdrawnAtTicks),
            WithdrawalReason = row.WithdrawalReason ?? "",
            Late = row.Late,
        };
    }
}
