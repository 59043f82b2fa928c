using System.Text;
using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.Publication.Domain;

/// <summary>
/// What is published together: a joint request's advice of both committees with the expert members' reflections, a
/// work programme, a standby signal with the SG's answer, a committee's unsolicited advice, or a cabinet response. The publication protocol lives here: a document is
/// published only from SentToParliament (advice, work programmes) or together with one (reflections, no-advice
/// notes), signals only together with the answer. There is no other path to Published.
/// </summary>
public sealed class Dossier
{
    public static readonly Committee[] JointCommittees = [Domain.Committee.MIT, Domain.Committee.OMT];

    public Guid Id { get; init; }
    public DossierKind Kind { get; init; }
    public Guid? RequestId { get; init; }
    public string Title { get; set; } = "";
    public int RequestVersion { get; set; }
    public string? RequestDigest { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    /// <summary>The request's deadline (of its latest release): when Committees lifts the seal if one committee never adopts.</summary>
    public DateTimeOffset? Deadline { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<Document> Documents { get; init; } = [];
    public List<NoAdviceRecord> NoAdvice { get; init; } = [];
    /// <summary>Committees whose adopted advice Committees revealed to the other side (sealed until then).</summary>
    public List<Committee> Revealed { get; init; } = [];
    /// <summary>The instant of the (first) publication of the dossier.</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>Unsolicited advice: the committee that set itself the question, the question and why.</summary>
    public Committee? Committee { get; set; }
    public string? Question { get; set; }
    public string? Reason { get; set; }

    /// <summary>Bytes to store with this change; the store takes them and clears the list.</summary>
    [JsonIgnore]
    public List<DocumentBytes> NewContent { get; } = [];

    /// <summary>Events raised by this change; the store writes them to the outbox and clears the list.</summary>
    [JsonIgnore]
    public List<RaisedEvent> Events { get; } = [];

    public static string PrincipalOf(Committee? committee) => committee == Domain.Committee.OMT ? "VWS" : "SG SZW";

    /// <summary>The ministry that answers a committee's advice for the cabinet: SZW the MIT's, VWS the OMT's.</summary>
    public static string MinistryOf(Committee committee) => committee == Domain.Committee.OMT ? "VWS" : "SZW";

    // ---- Joint advice -------------------------------------------------------------------------------------------

    /// <summary>A joint request's dossier, opened by its release or by an adoption that arrived first.</summary>
    public static Dossier ForRequest(Guid requestId, DateTimeOffset now) =>
        new() { Id = requestId, Kind = DossierKind.JointAdvice, RequestId = requestId, CreatedAt = now };

    public void RecordRelease(int version, string digest, string title, DateTimeOffset releasedAt, DateTimeOffset? deadline = null)
    {
        RequireKind(DossierKind.JointAdvice);
        // An amendment is released later with a higher version; an older release redelivered changes nothing.
        if (version < RequestVersion)
        {
            return;
        }
        RequestVersion = version;
        RequestDigest = digest;
        Title = title;
        ReleasedAt ??= releasedAt;
        Deadline = deadline ?? Deadline;
    }

    /// <summary>
    /// A committee adopted advice. Idempotent by digest; a new adoption replaces one whose text was never sent on,
    /// and an adoption after "did not advise" replaces that note while nothing is published yet. Late advice (adopted
    /// after Committees lifted the seal at the deadline) is marked late; once published it corrects a published
    /// "did not advise" note, which stays public.
    /// </summary>
    public void RecordAdoption(Committee committee, string digest, string summary, DateTimeOffset adoptedAt, bool late = false)
    {
        RequireKind(DossierKind.JointAdvice);
        var current = CurrentAdvice(committee);
        if (current is not null && (current.Sha256 == digest || current.State is not (DocumentState.AwaitingText or DocumentState.Draft)))
        {
            return;
        }
        if (current is not null)
        {
            Documents.Remove(current);
        }
        if (PublishedAt is null)
        {
            NoAdvice.RemoveAll(n => n.Committee == committee);
        }
        Documents.Add(new Document
        {
            Id = Guid.NewGuid(),
            Type = DocumentType.Advice,
            Committee = committee,
            Title = $"Advice of the {committee}",
            State = DocumentState.AwaitingText,
            Sha256 = digest,
            Summary = summary,
            AdoptedAt = adoptedAt,
            Late = late,
            CorrectsNote = late ? Documents.FirstOrDefault(d => d.Type == DocumentType.NoAdviceNote && d.Committee == committee && d.IsPublic)?.Id : null,
        });
    }

    /// <summary>The sealed advice of these committees became visible to the other side.</summary>
    public void RecordReveal(IEnumerable<Committee> committees)
    {
        RequireKind(DossierKind.JointAdvice);
        Revealed.AddRange(committees.Except(Revealed).ToList());
    }

    /// <summary>
    /// The one seal, owned by Committees: an advice's content (summary, digest, adoption time, text) is shown only to
    /// its own committee until Committees revealed it (CommitteeAdviceRevealed) — to the other committee, the
    /// ministries and the publication officer alike. <paramref name="viewer"/> is the caller's committee, if any.
    /// </summary>
    public bool IsSealedFrom(Document document, Committee? viewer) =>
        document.Type == DocumentType.Advice && document.Committee != viewer && !document.IsPublic && !Revealed.Contains(document.Committee!.Value);

    /// <summary>Whether a member of <paramref name="viewer"/> may act on this document: not on another committee's sealed advice.</summary>
    public bool VisibleTo(Document document, Committee viewer) => !IsSealedFrom(document, viewer);

    /// <summary>The secretariat uploads the adopted text; its SHA-256 must be the digest that was adopted.</summary>
    public Document UploadAdviceText(Committee committee, string title, string mediaType, byte[] content, string by)
    {
        if (Kind is not (DossierKind.JointAdvice or DossierKind.UnsolicitedAdvice))
        {
            throw new RuleViolationException($"This is a {Kind} dossier; advice text belongs to a joint request's or an unsolicited advice's dossier.");
        }
        DocumentLimits.Validate(title, mediaType, content, titleRequired: false);
        var advice = CurrentAdvice(committee)
            ?? throw new RuleViolationException(Kind == DossierKind.UnsolicitedAdvice
                ? $"This unsolicited advice is the {Committee}'s, not the {committee}'s."
                : $"The {committee} has not adopted advice on this request.");
        if (advice.State is not (DocumentState.AwaitingText or DocumentState.Draft))
        {
            throw new RuleViolationException($"The {committee}'s advice is {advice.State}; its text can no longer be replaced (correct it instead).");
        }
        var sha = DocumentLimits.Sha256(content);
        if (sha != advice.Sha256)
        {
            throw new ValidationFailedException([new FieldViolation("content",
                $"its SHA-256 {sha} is not the digest the {committee} adopted ({advice.Sha256})")]);
        }
        if (!string.IsNullOrWhiteSpace(title))
        {
            advice.Title = title.Trim();
        }
        advice.MediaType = mediaType;
        advice.SizeBytes = content.Length;
        advice.UploadedBy = by;
        advice.State = DocumentState.Draft;
        NewContent.Add(new DocumentBytes(advice.Id, content));
        return advice;
    }

    public Document AddReflection(string title, string mediaType, byte[] content, string by)
    {
        RequireKind(DossierKind.JointAdvice);
        DocumentLimits.Validate(title, mediaType, content);
        var reflection = NewDocument(DocumentType.Reflection, Domain.Committee.MIT, title.Trim(), mediaType, content, by);
        Documents.Add(reflection);
        return reflection;
    }

    public void RecordNoAdvice(Committee committee, string reason, string by, DateTimeOffset now)
    {
        RequireKind(DossierKind.JointAdvice);
        reason = DocumentLimits.RequireText(reason, "reason", DocumentLimits.MaxReasonLength);
        if (PublishedAt is not null)
        {
            throw new RuleViolationException("The dossier is already published.");
        }
        if (CurrentAdvice(committee) is not null)
        {
            throw new RuleViolationException($"The {committee} adopted advice on this request.");
        }
        if (NoAdvice.Any(n => n.Committee == committee))
        {
            throw new AlreadyExistsException($"That the {committee} did not advise is already recorded.");
        }
        NoAdvice.Add(new NoAdviceRecord(committee, reason, by, now));
    }

    // ---- Work programmes and standby signals --------------------------------------------------------------------

    public static Dossier WorkProgramme(Guid id, string title, string mediaType, byte[] content, string by, DateTimeOffset now)
    {
        DocumentLimits.Validate(title, mediaType, content);
        var dossier = new Dossier { Id = id, Kind = DossierKind.WorkProgramme, Title = title.Trim(), CreatedAt = now };
        dossier.Documents.Add(dossier.NewDocument(DocumentType.WorkProgramme, Domain.Committee.MIT, title.Trim(), mediaType, content, by));
        return dossier;
    }

    /// <summary>A standby signal's dossier (its id is the signal's), opened by the signal or by an answer that arrived first.</summary>
    public static Dossier ForSignal(Guid signalId, DateTimeOffset now) =>
        new() { Id = signalId, Kind = DossierKind.StandbySignal, CreatedAt = now, Title = "Signal to activate the MIT" };

    public void RecordSignal(string route, string? disease, DateOnly? triggeredOn, string rationale, DateTimeOffset raisedAt, DateTimeOffset answerDue)
    {
        RequireKind(DossierKind.StandbySignal);
        if (Documents.Any(d => d.Type == DocumentType.StandbySignal))
        {
            return;
        }
        var text = new StringBuilder()
            .AppendLine("Signal to activate the Maatschappelijk Impact Team")
            .AppendLine($"Route: {route}")
            .AppendLine(disease is null ? "" : $"Disease: {disease}" + (triggeredOn is { } on ? $" (A1 status on {on:yyyy-MM-dd})" : ""))
            .AppendLine($"Raised: {raisedAt:u}; the SG SZW answers by {answerDue:u}")
            .AppendLine()
            .AppendLine(rationale)
            .ToString();
        Title = disease is null ? $"Signal to activate the MIT ({route})" : $"Signal to activate the MIT: {disease}";
        Documents.Add(NewDocument(DocumentType.StandbySignal, Domain.Committee.MIT, Title, "text/plain", Encoding.UTF8.GetBytes(text), "standby"));
    }

    public void RecordAnswer(string answer, string? reasons, DateTimeOffset answeredAt, bool late)
    {
        RequireKind(DossierKind.StandbySignal);
        if (Documents.Any(d => d.Type == DocumentType.SgAnswer))
        {
            return;
        }
        var text = $"Answer of the SG SZW: {answer}\nAnswered: {answeredAt:u}{(late ? " (after the 14-day term)" : "")}\n\n{reasons}\n";
        Documents.Add(NewDocument(DocumentType.SgAnswer, null, $"Answer of the SG SZW: {answer}", "text/plain", Encoding.UTF8.GetBytes(text), "sg-szw"));
    }

    // ---- Unsolicited advice -------------------------------------------------------------------------------------

    /// <summary>An unsolicited advice's dossier (its id is the advice's id in Committees), opened by its adoption.</summary>
    public static Dossier ForUnsolicited(Guid adviceId, DateTimeOffset now) =>
        new() { Id = adviceId, Kind = DossierKind.UnsolicitedAdvice, CreatedAt = now };

    /// <summary>
    /// The committee adopted the advice it set itself. No seal: nobody else answers the same question, so it is
    /// revealed from the start and goes to its principal as soon as its text is uploaded. Redelivered: nothing changes.
    /// </summary>
    public void RecordUnsolicitedAdoption(Committee committee, string title, string question, string reason, string digest, string summary, DateTimeOffset adoptedAt)
    {
        RequireKind(DossierKind.UnsolicitedAdvice);
        if (Documents.Any(d => d.Type == DocumentType.Advice))
        {
            return;
        }
        Committee = committee;
        Title = title;
        Question = question;
        Reason = reason;
        Documents.Add(new Document
        {
            Id = Guid.NewGuid(),
            Type = DocumentType.Advice,
            Committee = committee,
            Title = title,
            State = DocumentState.AwaitingText,
            Sha256 = digest,
            Summary = summary,
            AdoptedAt = adoptedAt,
        });
        Revealed.Add(committee);
    }

    // ---- The cabinet's response ---------------------------------------------------------------------------------

    /// <summary>
    /// The ministry records the cabinet's response to published advice: SZW answers MIT advice, VWS OMT advice, and
    /// either may answer both advices of one joint request. The response is a dossier of its own; each answered advice
    /// points back to it. It goes to parliament with a Kamerbrief (now, or later by <see cref="SendToParliament"/>)
    /// and is published only after that.
    /// </summary>
    public static Dossier CabinetResponse(Guid id, string ministry, IReadOnlyList<(Dossier Dossier, Guid DocumentId)> answers, string title, string mediaType,
        byte[] content, DateTimeOffset respondedAt, string? kamerbriefReference, DateTimeOffset? sentAt, string by, DateTimeOffset now)
    {
        DocumentLimits.Validate(title, mediaType, content);
        var v = new Validator()
            .Require(answers.Count > 0, "answers", "name at least one published advice")
            .Require(answers.Select(a => a.DocumentId).Distinct().Count() == answers.Count, "answers", "names an advice twice")
            .Require(respondedAt <= now.AddMinutes(5), "responded_at", "must not be in the future");
        var reference = string.IsNullOrWhiteSpace(kamerbriefReference) ? null : kamerbriefReference.Trim();
        v.Require((reference is null) == (sentAt is null), reference is null ? "kamerbrief_reference" : "sent_at", "the Kamerbrief's reference and when it went to parliament come together")
         .Require((reference ?? "").Length <= DocumentLimits.MaxReferenceLength, "kamerbrief_reference", $"must be at most {DocumentLimits.MaxReferenceLength} characters")
         .Require(sentAt is null || sentAt <= now.AddMinutes(5), "sent_at", "must not be in the future")
         .Require(sentAt is null || sentAt >= respondedAt, "sent_at", "must not be before the response's date");
        v.ThrowIfInvalid();

        var advice = answers.Select(a => (a.Dossier, Document: a.Dossier.Find(a.DocumentId))).ToList();
        foreach (var (_, answered) in advice)
        {
            if (answered.Type != DocumentType.Advice || answered.Supersedes is not null)
            {
                throw new RuleViolationException($"Document {answered.Id} is a {answered.Type}{(answered.Supersedes is null ? "" : " correction")}; the cabinet responds to advice.");
            }
            if (answered.State != DocumentState.Published)
            {
                throw new RuleViolationException($"The {answered.Committee}'s advice {answered.Id} is {answered.State}; the cabinet's response is recorded only for published advice.");
            }
            if (respondedAt < answered.SentToPrincipalAt)
            {
                throw new ValidationFailedException([new FieldViolation("responded_at", $"must not be before the advice went to the {answered.Principal} ({answered.SentToPrincipalAt:u})")]);
            }
        }
        var jointPairs = advice.Where(a => a.Dossier.Kind == DossierKind.JointAdvice).GroupBy(a => a.Dossier.Id)
            .Where(g => g.Select(a => a.Document.Committee).Distinct().Count() == JointCommittees.Length).Select(g => g.Key).ToHashSet();
        var notOurs = advice.Where(a => MinistryOf(a.Document.Committee!.Value) != ministry && !jointPairs.Contains(a.Dossier.Id)).ToList();
        if (notOurs.Count > 0)
        {
            throw new AccessDeniedException($"{ministry} does not answer the {string.Join(", ", notOurs.Select(a => a.Document.Committee).Distinct())}'s advice " +
                $"({string.Join(", ", notOurs.Select(a => a.Document.Id))}); {string.Join(" or ", notOurs.Select(a => MinistryOf(a.Document.Committee!.Value)).Distinct())} does.");
        }

        var response = new Dossier { Id = id, Kind = DossierKind.CabinetResponse, Title = title.Trim(), CreatedAt = now };
        var document = response.NewDocument(DocumentType.CabinetResponse, null, title.Trim(), mediaType, content, by);
        document.RespondedAt = respondedAt;
        document.Principal = ministry;
        document.Answers.AddRange(answers.Select(a => new AnsweredAdvice(a.Dossier.Id, a.DocumentId)));
        if (reference is not null)
        {
            document.State = DocumentState.SentToParliament;
            document.KamerbriefReference = reference;
            document.SentToParliamentAt = sentAt;
            document.SentToParliamentRecordedBy = by;
        }
        response.Documents.Add(document);
        foreach (var (_, answered) in advice)
        {
            answered.AnsweredBy.Add(document.Id);
        }
        return response;
    }

    /// <summary>
    /// Flags each published advice that has waited past the term without a recorded response, once, with an event
    /// for the ministry. Returns the advice flagged now.
    /// </summary>
    public IReadOnlyList<Document> FlagOverdueResponses(CabinetResponseTerm term, DateTimeOffset now)
    {
        var overdue = Documents.Where(d => d.AwaitsResponse && d.AnsweredBy.Count == 0 && d.ResponseOverdueAt is null
            && term.IsOverdue(d.SentToPrincipalAt!.Value, null, now)).ToList();
        foreach (var advice in overdue)
        {
            advice.ResponseOverdueAt = now;
            var due = new DateTimeOffset(term.LastDay(advice.SentToPrincipalAt!.Value).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            Events.Add(new RaisedEvent(new CabinetResponseOverdue(Id, advice.Id, advice.Committee!.Value.ToString(), advice.SentToPrincipalAt.Value, due, now), now));
        }
        return overdue;
    }

    // ---- The protocol ------------------------------------------------------------------------------------------

    /// <summary>MIT advice and work programmes go to the SG SZW, OMT advice to VWS.</summary>
    public Document SendToPrincipal(Guid documentId, string by, DateTimeOffset now)
    {
        var document = Find(documentId);
        if (!document.NeedsParliament || document.Type == DocumentType.CabinetResponse)
        {
            throw new RuleViolationException($"A {document.Type} is not sent to a principal.");
        }
        if (document.State == DocumentState.AwaitingText)
        {
            throw new RuleViolationException("Upload the adopted text first.");
        }
        if (document.Type == DocumentType.Advice && !Revealed.Contains(document.Committee!.Value))
        {
            // Sending sealed advice on would let it reach a ministry before the other committee advised.
            var other = document.Committee == Domain.Committee.MIT ? Domain.Committee.OMT : Domain.Committee.MIT;
            throw new RuleViolationException($"The {document.Committee}'s advice is still sealed; it goes to the {PrincipalOf(document.Committee)} only after " +
                $"Committees reveals it: awaiting the {other}'s adoption" + (Deadline is { } deadline ? $" or the deadline ({deadline:u})." : " or the request's deadline."));
        }
        if (document.State != DocumentState.Draft)
        {
            throw new RuleViolationException($"The document is {document.State}; only a draft is sent to the {PrincipalOf(document.Committee)}.");
        }
        document.State = DocumentState.SentToPrincipal;
        document.Principal = PrincipalOf(document.Committee);
        document.SentToPrincipalAt = now;
        document.SentToPrincipalBy = by;
        if (Kind == DossierKind.UnsolicitedAdvice)
        {
            // Neither committee learns late what the other told the cabinet: the other desk hears of it now.
            Events.Add(new RaisedEvent(new UnsolicitedAdviceSent(Id, document.Committee!.Value.ToString(), Title, document.Sha256, document.Principal, now), now));
        }
        return document;
    }

    public Document SendToParliament(Guid documentId, string kamerbriefReference, DateTimeOffset sentAt, string by, DateTimeOffset now)
    {
        var reference = DocumentLimits.RequireText(kamerbriefReference, "kamerbrief_reference", DocumentLimits.MaxReferenceLength);
        var document = Find(documentId);
        if (!document.NeedsParliament)
        {
            throw new RuleViolationException($"A {document.Type} does not go to parliament on its own.");
        }
        // A cabinet response is the ministry's own letter: it goes to parliament straight from its draft.
        var response = document.Type == DocumentType.CabinetResponse;
        if (document.State != (response ? DocumentState.Draft : DocumentState.SentToPrincipal))
        {
            throw new RuleViolationException(response
                ? $"The cabinet response is {document.State}; only a recorded response not yet sent goes to parliament."
                : $"The document is {document.State}; it must first be sent to the {PrincipalOf(document.Committee)}.");
        }
        new Validator()
            .Require(sentAt <= now.AddMinutes(5), "sent_at", "must not be in the future")
            .Require(response || sentAt >= document.SentToPrincipalAt, "sent_at", "must not be before the document went to the principal")
            .Require(!response || sentAt >= document.RespondedAt, "sent_at", "must not be before the response's date")
            .ThrowIfInvalid();
        document.State = DocumentState.SentToParliament;
        document.KamerbriefReference = reference;
        document.SentToParliamentAt = sentAt;
        document.SentToParliamentRecordedBy = by;
        return document;
    }

    /// <summary>
    /// Publishes every ready document at one instant, or nothing. A joint dossier first needs each committee's advice
    /// sent to parliament or a "did not advise" record; reflections and notes are published only with or after advice.
    /// A standby signal is published only together with the SG's answer.
    /// </summary>
    public IReadOnlyList<Document> Publish(string by, DateTimeOffset now)
    {
        List<Document> ready;
        switch (Kind)
        {
            case DossierKind.JointAdvice:
                if (PublishedAt is null)
                {
                    var open = JointCommittees.Where(c => NoAdvice.All(n => n.Committee != c)
                        && CurrentAdvice(c) is not { State: DocumentState.SentToParliament or DocumentState.Published }).ToList();
                    if (open.Count > 0)
                    {
                        throw new RuleViolationException("Nothing is published until each committee's advice is recorded as sent to parliament " +
                            $"or as not given; still open: {string.Join(", ", open)}.");
                    }
                    foreach (var note in NoAdvice)
                    {
                        Documents.Add(new Document
                        {
                            Id = Guid.NewGuid(),
                            Type = DocumentType.NoAdviceNote,
                            Committee = note.Committee,
                            Title = $"The {note.Committee} did not advise on this request",
                            Summary = note.Reason,
                            State = DocumentState.Draft,
                            MediaType = "text/plain",
                            Sha256 = "",
                            UploadedBy = note.RecordedBy,
                        });
                    }
                }
                ready = Documents.Where(d => d.State == DocumentState.SentToParliament
                    || (d.State == DocumentState.Draft && d.Type is DocumentType.Reflection or DocumentType.NoAdviceNote)).ToList();
                if (!Documents.Any(d => d.Type == DocumentType.Advice && d.State is DocumentState.SentToParliament or DocumentState.Published or DocumentState.Withdrawn))
                {
                    // Reflections and notes accompany advice; alone they are not published.
                    ready.Clear();
                }
                break;
            case DossierKind.WorkProgramme or DossierKind.UnsolicitedAdvice or DossierKind.CabinetResponse:
                ready = Documents.Where(d => d.State == DocumentState.SentToParliament).ToList();
                break;
            case DossierKind.StandbySignal:
                var signal = Documents.FirstOrDefault(d => d.Type == DocumentType.StandbySignal);
                var answer = Documents.FirstOrDefault(d => d.Type == DocumentType.SgAnswer);
                if (signal is null || answer is null)
                {
                    throw new RuleViolationException("A signal is published only together with the SG SZW's answer, which has not been given.");
                }
                ready = Documents.Where(d => d.State == DocumentState.Draft).ToList();
                break;
            default:
                throw new InvalidOperationException($"Unknown dossier kind {Kind}.");
        }
        if (ready.Count == 0)
        {
            var waiting = Documents.Where(d => !d.IsPublic).Select(d => $"{d.Type} {d.Id} is {d.State}").ToList();
            throw new RuleViolationException("Nothing is ready to publish: a document is published only after it is recorded as sent to parliament"
                + (waiting.Count > 0 ? "; " + string.Join("; ", waiting) : "."));
        }
        foreach (var document in ready)
        {
            document.State = DocumentState.Published;
            document.PublishedAt = now;
            document.PublishedBy = by;
            if (document.Supersedes is { } old)
            {
                Find(old).SupersededBy = document.Id;
            }
            if (document.CorrectsNote is { } note)
            {
                Find(note).SupersededBy = document.Id;
            }
            if (Kind == DossierKind.UnsolicitedAdvice && document.Type == DocumentType.Advice)
            {
                // The other committee's desk gets the content, now that the public has it too.
                Events.Add(new RaisedEvent(new UnsolicitedAdvicePublished(Id, document.Committee!.Value.ToString(), document.Id, document.Title, document.Summary, document.Sha256, now), now));
            }
        }
        PublishedAt ??= now;
        return ready;
    }

    public Document Withdraw(Guid documentId, string reason, string by, DateTimeOffset now)
    {
        reason = DocumentLimits.RequireText(reason, "reason", DocumentLimits.MaxReasonLength);
        var document = Find(documentId);
        if (document.State != DocumentState.Published)
        {
            throw new RuleViolationException($"Only a published document can be withdrawn; this one is {document.State}.");
        }
        document.State = DocumentState.Withdrawn;
        document.WithdrawnBy = by;
        document.WithdrawnAt = now;
        document.WithdrawalReason = reason;
        return document;
    }

    /// <summary>A new version of a published (or withdrawn) document; it goes through the protocol again and points to the old one.</summary>
    public Document Correct(Guid documentId, string mediaType, byte[] content, string note, string by)
    {
        var old = Find(documentId);
        if (old.Type is not (DocumentType.Advice or DocumentType.Reflection or DocumentType.WorkProgramme))
        {
            throw new RuleViolationException($"A {old.Type} is not corrected.");
        }
        if (!old.IsPublic)
        {
            throw new RuleViolationException($"The document is {old.State}; only a published document is corrected (replace a draft's text instead).");
        }
        if (old.SupersededBy is not null || Documents.Any(d => d.Supersedes == old.Id))
        {
            throw new RuleViolationException("A correction of this version exists already; correct the latest version.");
        }
        DocumentLimits.Validate(old.Title, mediaType, content);
        var correction = new Document
        {
            Id = Guid.NewGuid(),
            Type = old.Type,
            Committee = old.Committee,
            Title = old.Title,
            State = DocumentState.Draft,
            MediaType = mediaType,
            SizeBytes = content.Length,
            Sha256 = DocumentLimits.Sha256(content),
            Version = old.Version + 1,
            Supersedes = old.Id,
            Summary = old.Summary,
            AdoptedAt = old.AdoptedAt,
            UploadedBy = by,
            CorrectionNote = DocumentLimits.RequireText(note, "note", DocumentLimits.MaxReasonLength),
        };
        Documents.Add(correction);
        NewContent.Add(new DocumentBytes(correction.Id, content));
        return correction;
    }

    public Document Find(Guid documentId) =>
        Documents.FirstOrDefault(d => d.Id == documentId) ?? throw new NotFoundException($"Document {documentId} is not in dossier {Id}.");

    /// <summary>The committee's adopted advice (its first version).</summary>
    public Document? CurrentAdvice(Committee committee) =>
        Documents.FirstOrDefault(d => d.Type == DocumentType.Advice && d.Committee == committee && d.Supersedes is null);

    private Document NewDocument(DocumentType type, Committee? committee, string title, string mediaType, byte[] content, string by)
    {
        var document = new Document
        {
            Id = Guid.NewGuid(),
            Type = type,
            Committee = committee,
            Title = title,
            State = DocumentState.Draft,
            MediaType = mediaType,
            SizeBytes = content.Length,
            Sha256 = DocumentLimits.Sha256(content),
            UploadedBy = by,
        };
        NewContent.Add(new DocumentBytes(document.Id, content));
        return document;
    }

    private void RequireKind(DossierKind kind)
    {
        if (Kind != kind)
        {
            throw new RuleViolationException($"This is a {Kind} dossier, not a {kind} dossier.");
        }
    }
}
