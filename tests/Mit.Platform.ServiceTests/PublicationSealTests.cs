using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Issue 15, items 1–3, through the gateway with real tokens: one seal, owned by Committees. Publication shows an
/// advice's content (digest, summary, adoption time, size) to anyone but its own committee only after the reveal it
/// learned from Committees — the publication officer and the SG SZW included, on GetDossier and ListDossiers alike;
/// sealed advice does not go to the principal; advice adopted after the reveal is accepted as late advice, marked late
/// on the desks, in the advice view, in the dossier and on the public record, where it supersedes the "did not advise" note.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicationSealTests(PlatformFixture platform)
{
    private readonly Dossiers _dossiers = new(platform);

    /// <summary>Everyone who reads dossiers, and the committee they read as (none: officer, SG SZW).</summary>
    private static readonly (Persona Persona, Committee Committee)[] Readers =
    [
        (Dossiers.Officer, Committee.Unspecified), (Persona.SgSzw, Committee.Unspecified),
        (Persona.MitChair, Committee.Mit), (Persona.MitMember, Committee.Mit), (Persona.MitExpert, Committee.Mit), (Persona.MitSecretariat, Committee.Mit),
        (Persona.OmtChair, Committee.Omt), (Persona.OmtSecretary, Committee.Omt), (Persona.OmtMember, Committee.Omt),
    ];

    private async Task<Document> AdviceAs(Persona persona, string dossierId, Committee committee, bool list)
    {
        var publication = platform.Publication(persona);
        Dossier dossier;
        if (list)
        {
            var page = await publication.ListDossiersAsync(new ListDossiersRequest { PageSize = 100 });
            dossier = page.Dossiers.Single(d => d.Id == dossierId);
        }
        else
        {
            dossier = await publication.GetDossierAsync(new GetDossierRequest { DossierId = dossierId });
        }
        return Dossiers.AdviceOf(dossier, committee);
    }

    private static void AssertSealed(Document advice, string who)
    {
        Assert.True(advice.Sealed, $"{who}: sealed");
        Assert.Equal(("", "", 0L, ""), (advice.Sha256, advice.Summary, advice.SizeBytes, advice.MediaType));
        Assert.Null(advice.AdoptedAt);
    }

    [Fact]
    public async Task Before_the_reveal_no_role_but_the_adopting_committee_sees_the_advice_in_Publication_and_Committees_agrees()
    {
        var released = await _dossiers.ReleasedAsync();
        var text = Dossiers.Text("MIT advice under seal " + Guid.NewGuid());
        await _dossiers.AdoptAsync(released.Id, "MIT", text);
        // Uploading the adopted text before the reveal stays allowed.
        await _dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, text);

        foreach (var (persona, committee) in Readers)
        {
            foreach (var list in new[] { false, true })
            {
                var advice = await AdviceAs(persona, released.Id, Committee.Mit, list);
                var who = $"{persona.UserName} ({(list ? "ListDossiers" : "GetDossier")})";
                if (committee == Committee.Mit)
                {
                    Assert.False(advice.Sealed, who);
                    Assert.Equal(Dossiers.Sha256(text), advice.Sha256);
                    Assert.NotNull(advice.AdoptedAt);
                }
                else
                {
                    AssertSealed(advice, who);
                }
            }
        }
        // The same answer from Committees' own advice view, which names the state: sealed.
        var committees = await platform.Committees(Persona.SgSzw).GetAdviceAsync(new GetAdviceRequest { RequestId = released.Id });
        Assert.Equal(new AdviceView { Committee = Committee.Mit, Adopted = true, Sealed = true }, committees.Advice.Single(a => a.Committee == Committee.Mit));

        // The OMT adopts: Committees reveals both, and from then on everyone sees both.
        var omtText = Dossiers.Text("OMT advice " + Guid.NewGuid());
        await _dossiers.AdoptAsync(released.Id, "OMT", omtText);
        foreach (var (persona, _) in Readers)
        {
            var mit = await AdviceAs(persona, released.Id, Committee.Mit, list: false);
            var omt = await AdviceAs(persona, released.Id, Committee.Omt, list: false);
            Assert.Equal((false, Dossiers.Sha256(text)), (mit.Sealed, mit.Sha256));
            Assert.Equal((false, Dossiers.Sha256(omtText)), (omt.Sealed, omt.Sha256));
        }
    }

    [Fact]
    public async Task Sealed_MIT_advice_is_not_recorded_as_sent_to_the_SG_SZW_FailedPrecondition_naming_the_OMT_and_nothing_changes()
    {
        var released = await _dossiers.ReleasedAsync();
        var text = Dossiers.Text("MIT advice " + Guid.NewGuid());
        await _dossiers.AdoptAsync(released.Id, "MIT", text);
        var uploaded = await _dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, text);
        var advice = Dossiers.AdviceOf(uploaded, Committee.Mit);

        foreach (var sender in new[] { Dossiers.MitChair, Dossiers.MitSecretariat })
        {
            var refused = await Composition.RefusedWithoutChange(() => _dossiers.TryGet(released.Id),
                () => _dossiers.ToPrincipalAsync(sender, released.Id, advice.Id), StatusCode.FailedPrecondition);
            Assert.Contains("sealed", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("awaiting the OMT's adoption or the deadline", refused.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(DocumentState.Draft, Dossiers.AdviceOf((await _dossiers.TryGet(released.Id))!, Committee.Mit).State);

        await _dossiers.AdoptAsync(released.Id, "OMT", Dossiers.Text("OMT advice " + Guid.NewGuid()));
        var sent = await _dossiers.ToPrincipalAsync(Dossiers.MitChair, released.Id, advice.Id);
        Assert.Equal(DocumentState.SentToPrincipal, Dossiers.AdviceOf(sent, Committee.Mit).State);
    }

    [Fact]
    public async Task Advice_adopted_after_the_deadline_is_late_everywhere_and_its_publication_supersedes_the_did_not_advise_note()
    {
        var released = await _dossiers.ReleasedAsync(deadlineIn: TimeSpan.FromSeconds(10));
        var mitText = Dossiers.Text("MIT advice alone " + Guid.NewGuid());
        await _dossiers.AdoptAsync(released.Id, "MIT", mitText);

        // The deadline passes with only the MIT adopted: the sweep lifts the seal.
        var dossier = await _dossiers.PastTheDeadlineAsync(released.Id);
        var mit = Dossiers.AdviceOf(dossier, Committee.Mit);
        Assert.False(mit.Late);
        await _dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, mitText);
        await _dossiers.ToPrincipalAsync(Dossiers.MitChair, released.Id, mit.Id);
        await _dossiers.ToParliamentAsync(released.Id, mit.Id);
        await _dossiers.As(Dossiers.Officer).RecordNoAdviceAsync(new RecordNoAdviceRequest
        { IdempotencyKey = Requests.Key(), RequestId = released.Id, Committee = Committee.Omt, Reason = "The OMT did not advise before the deadline." });
        await _dossiers.PublishDossierAsync(released.Id);
        var note = Assert.Single(await _dossiers.PublicAsync(released.Id), r => r.Type == DocumentType.NoAdviceNote);

        // Afterwards the OMT still adopts: accepted, as late advice.
        var omtText = Dossiers.Text("OMT advice, late " + Guid.NewGuid());
        var adopted = await platform.Committees(Persona.OmtChair).RecordConsensusAsync(new RecordConsensusRequest
        { IdempotencyKey = Requests.Key(), RequestId = released.Id, DocumentDigest = Dossiers.Sha256(omtText), Summary = "OMT advice after the deadline." });
        Assert.True(adopted.Late);

        var view = await platform.Committees(Persona.SzwRequester).GetAdviceAsync(new GetAdviceRequest { RequestId = released.Id });
        var omtView = view.Advice.Single(a => a.Committee == Committee.Omt);
        Assert.Equal((true, false, true), (omtView.Adopted, omtView.Sealed, omtView.Late));
        Assert.False(view.Advice.Single(a => a.Committee == Committee.Mit).Late);
        foreach (var (desk, committee) in new[] { (platform.Desks(Persona.MitSecretariat), Committee.Mit), (platform.Desks(Persona.OmtSecretary), Committee.Omt) })
        {
            var entry = await Eventually.Get(async () => (await desk.ListDeskAsync(new ListDeskRequest { Committee = committee, PageSize = 1000 })).Entries
                .FirstOrDefault(e => e.RequestId == released.Id && e.Kind == DeskEntryKind.AdviceAdopted && e.AdviceCommittee == Committee.Omt),
                e => e is not null, $"late OMT adoption on the {committee} desk");
            Assert.True(entry!.Late);
            Assert.Contains("after the deadline", entry.Note, StringComparison.Ordinal);
        }

        // Committees reveals late advice at once; the officer sees it, marked late.
        var late = Dossiers.AdviceOf((await Eventually.Get(() => _dossiers.TryGet(released.Id),
            d => d!.Documents.Any(x => x.Type == DocumentType.Advice && x.Committee == Committee.Omt && !x.Sealed), "the late OMT advice revealed in the dossier"))!, Committee.Omt);
        Assert.True(late.Late);
        Assert.Equal(note.Id, late.Supersedes);
        await _dossiers.UploadAsync(Dossiers.OmtSecretary, released.Id, Committee.Omt, omtText);
        await _dossiers.ToPrincipalAsync(Dossiers.OmtChair, released.Id, late.Id);
        await _dossiers.ToParliamentAsync(released.Id, late.Id);
        await _dossiers.PublishDossierAsync(released.Id);

        var records = await _dossiers.PublicAsync(released.Id);
        var lateRecord = Assert.Single(records, r => r.Type == DocumentType.Advice && r.Committee == Committee.Omt);
        Assert.True(lateRecord.Late);
        Assert.Equal(note.Id, lateRecord.Supersedes);
        var noteRecord = Assert.Single(records, r => r.Type == DocumentType.NoAdviceNote);
        Assert.Equal(lateRecord.Id, noteRecord.SupersededBy);
        Assert.False(noteRecord.Withdrawn);
        Assert.False(records.Single(r => r.Type == DocumentType.Advice && r.Committee == Committee.Mit).Late);
    }
}
