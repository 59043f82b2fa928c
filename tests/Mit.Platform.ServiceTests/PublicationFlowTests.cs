using Grpc.Core;
using Mit.Platform.Contracts;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>The publication protocol through the gateway with real tokens: nothing public before parliament has it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicationFlowTests(PlatformFixture platform)
{
    private readonly Dossiers _dossiers = new(platform);

    private static async Task<StatusCode> Status(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private async Task AssertNotPublic(string documentId)
    {
        Assert.Equal(StatusCode.NotFound, await Status(() => platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = documentId }).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await Status(() => platform.Public.GetPublishedContentAsync(new GetPublishedRequest { DocumentId = documentId }).ResponseAsync));
    }

    [Fact]
    public async Task Work_programme_published_before_it_is_sent_to_parliament_is_refused_and_nothing_is_public()
    {
        var dossier = await _dossiers.WorkProgrammeAsync();
        var programme = dossier.Documents.Single();

        // The January 2023 incident: publish straight away.
        var refused = await Assert.ThrowsAsync<RpcException>(() => _dossiers.PublishDossierAsync(dossier.Id));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        await AssertNotPublic(programme.Id);

        // Sent to the SG SZW is not enough either.
        await _dossiers.ToPrincipalAsync(Dossiers.MitSecretariat, dossier.Id, programme.Id);
        Assert.Equal(StatusCode.FailedPrecondition, await Status(() => _dossiers.PublishDossierAsync(dossier.Id)));
        await AssertNotPublic(programme.Id);
        var unchanged = await _dossiers.TryGet(dossier.Id);
        Assert.Equal(DocumentState.SentToPrincipal, unchanged!.Documents.Single().State);

        await _dossiers.ToParliamentAsync(dossier.Id, programme.Id, "Kamerbrief 2027-0001");
        var published = await _dossiers.PublishDossierAsync(dossier.Id);
        Assert.Equal(DocumentState.Published, published.Documents.Single().State);
        var record = await platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = programme.Id });
        Assert.Equal("Kamerbrief 2027-0001", record.KamerbriefReference);
        Assert.Equal(DocumentType.WorkProgramme, record.Type);
    }

    [Fact]
    public async Task Joint_publication_publishes_both_committees_and_the_reflections_at_one_instant_only_after_parliament()
    {
        var (dossier, mitText, _) = await _dossiers.BothSentToPrincipalsAsync();
        var mit = Dossiers.AdviceOf(dossier, Committee.Mit);
        var omt = Dossiers.AdviceOf(dossier, Committee.Omt);
        Assert.Equal("SG SZW", mit.Principal);
        Assert.Equal("VWS", omt.Principal);
        await _dossiers.As(Dossiers.MitExpert).UploadReflectionAsync(new UploadReflectionRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = dossier.Id, Title = "Reflection of the CPB", MediaType = "text/plain",
            Content = Google.Protobuf.ByteString.CopyFrom(Dossiers.Text("A reflection")),
        });

        // Only the MIT's advice went to parliament: the joint publication waits for the OMT's.
        await _dossiers.ToParliamentAsync(dossier.Id, mit.Id);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _dossiers.PublishDossierAsync(dossier.Id));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("OMT", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await _dossiers.PublicAsync(dossier.Id));
        await AssertNotPublic(mit.Id);

        await _dossiers.ToParliamentAsync(dossier.Id, omt.Id);
        var published = await _dossiers.PublishDossierAsync(dossier.Id);
        Assert.All(published.Documents, d => Assert.Equal(DocumentState.Published, d.State));

        var records = await _dossiers.PublicAsync(dossier.Id);
        Assert.Equal(3, records.Count);
        Assert.Equivalent(new[] { DocumentType.Advice, DocumentType.Advice, DocumentType.Reflection }, records.Select(r => r.Type).ToArray());
        Assert.Single(records.Select(r => r.PublishedAt).Distinct());
        Assert.Equal(published.PublishedAt, records[0].PublishedAt);

        var content = await platform.Public.GetPublishedContentAsync(new GetPublishedRequest { DocumentId = mit.Id });
        Assert.Equal(mitText, content.Content.ToByteArray());
        Assert.Equal(Dossiers.Sha256(mitText), content.Sha256);

        // Publishing again is refused: nothing new is ready, and the publication time stays.
        Assert.Equal(StatusCode.FailedPrecondition, await Status(() => _dossiers.PublishDossierAsync(dossier.Id)));
        Assert.Single((await _dossiers.PublicAsync(dossier.Id)).Select(r => r.PublishedAt).Distinct());
    }

    [Fact]
    public async Task A_committee_that_did_not_advise_is_published_as_a_note_with_the_other_advice()
    {
        var released = await _dossiers.ReleasedAsync(deadlineIn: TimeSpan.FromSeconds(10));
        var text = Dossiers.Text("MIT advice alone " + Guid.NewGuid());
        await _dossiers.AdoptAsync(released.Id, "MIT", text);
        var dossier = await _dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, text);
        // The OMT never adopts: the seal lifts at the deadline, and only then does the MIT advice go on.
        await _dossiers.PastTheDeadlineAsync(released.Id);
        var advice = Dossiers.AdviceOf(dossier, Committee.Mit);
        await _dossiers.ToPrincipalAsync(Dossiers.MitSecretariat, dossier.Id, advice.Id);
        await _dossiers.ToParliamentAsync(dossier.Id, advice.Id);
        Assert.Equal(StatusCode.FailedPrecondition, await Status(() => _dossiers.PublishDossierAsync(dossier.Id)));

        await _dossiers.As(Dossiers.Officer).RecordNoAdviceAsync(new RecordNoAdviceRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = dossier.Id, Committee = Committee.Omt, Reason = "The OMT was not convened on this question.",
        });
        await _dossiers.PublishDossierAsync(dossier.Id);

        var records = await _dossiers.PublicAsync(dossier.Id);
        var note = Assert.Single(records, r => r.Type == DocumentType.NoAdviceNote);
        Assert.Equal(Committee.Omt, note.Committee);
        Assert.Equal("The OMT was not convened on this question.", note.Summary);
        Assert.Equal(records.Single(r => r.Type == DocumentType.Advice).PublishedAt, note.PublishedAt);
    }

    [Fact]
    public async Task An_adoption_that_arrives_before_the_release_opens_the_dossier_and_the_release_completes_it()
    {
        // The broker may deliver an adoption before the release of the same request: the adoption opens the dossier.
        var draft = await platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft());
        var text = Dossiers.Text("early adoption " + Guid.NewGuid());
        await _dossiers.PublishAsync(Dossiers.Adoption(draft.Id, "OMT", text));
        var opened = await Eventually.Get(() => _dossiers.TryGet(draft.Id), d => d?.Documents.Count == 1, "dossier opened by the adoption");
        Assert.Equal("", opened!.Title);

        await platform.Requests(Persona.VwsRequester).CoSignAsync(Requests.CoSign(draft));
        var dossier = await Eventually.Get(() => _dossiers.TryGet(draft.Id), d => d?.Title == draft.Current.Content.Title, "release recorded");
        // Sealed from the officer (the MIT has not adopted); the OMT sees its own advice.
        Assert.True(Assert.Single(dossier!.Documents).Sealed);
        var asOmt = await _dossiers.As(Dossiers.OmtSecretary).GetDossierAsync(new GetDossierRequest { DossierId = draft.Id });
        Assert.Equal(Dossiers.Sha256(text), Assert.Single(asOmt.Documents).Sha256);
        Assert.Equal(DossierKind.JointAdvice, dossier.Kind);
        Assert.NotNull(dossier.ReleasedAt);
    }

    [Fact]
    public async Task A_withdrawn_document_shows_only_its_notice_and_a_correction_points_to_the_old_version()
    {
        var ready = await _dossiers.ReadyToPublishAsync();
        await _dossiers.PublishDossierAsync(ready.Id);
        var mit = Dossiers.AdviceOf(ready, Committee.Mit);
        var omt = Dossiers.AdviceOf(ready, Committee.Omt);

        // A correction: a new version, through the protocol again; the old one stays public.
        var corrected = Dossiers.Text("MIT advice, corrected table 2");
        var dossier = await _dossiers.As(Dossiers.MitSecretariat).CorrectDocumentAsync(new CorrectDocumentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = ready.Id, DocumentId = mit.Id, MediaType = "text/plain",
            Content = Google.Protobuf.ByteString.CopyFrom(corrected), Note = "Table 2 had a wrong figure.",
        });
        var v2 = dossier.Documents.Single(d => d.Supersedes == mit.Id);
        Assert.Equal(2, v2.Version);
        Assert.Equal(StatusCode.FailedPrecondition, await Status(() => _dossiers.PublishDossierAsync(ready.Id)));
        await AssertNotPublic(v2.Id);
        await _dossiers.ToPrincipalAsync(Dossiers.MitChair, ready.Id, v2.Id);
        await _dossiers.ToParliamentAsync(ready.Id, v2.Id);
        await _dossiers.PublishDossierAsync(ready.Id);
        var v1Record = await platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = mit.Id });
        var v2Record = await platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = v2.Id });
        Assert.Equal(v2.Id, v1Record.SupersededBy);
        Assert.Equal(mit.Id, v2Record.Supersedes);
        Assert.Equal(Dossiers.Sha256(corrected), v2Record.Sha256);
        Assert.NotEqual(v1Record.Sha256, v2Record.Sha256);

        await _dossiers.As(Dossiers.Officer).WithdrawDocumentAsync(new WithdrawDocumentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = ready.Id, DocumentId = omt.Id, Reason = "Published by mistake with a draft annex.",
        });
        var notice = await platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = omt.Id });
        Assert.True(notice.Withdrawn);
        Assert.Equal("Published by mistake with a draft annex.", notice.WithdrawalReason);
        Assert.Equal("", notice.Sha256);
        Assert.Equal("", notice.Summary);
        Assert.Equal(StatusCode.NotFound, await Status(() => platform.Public.GetPublishedContentAsync(new GetPublishedRequest { DocumentId = omt.Id }).ResponseAsync));
        var listed = (await _dossiers.PublicAsync(ready.Id)).Single(r => r.Id == omt.Id);
        Assert.True(listed.Withdrawn);
        Assert.Equal("", listed.Sha256);
    }

    [Fact]
    public async Task A_standby_signal_is_published_only_together_with_the_SG_answer()
    {
        var signalId = Guid.NewGuid();
        var raised = DateTimeOffset.UtcNow;
        await _dossiers.PublishAsync(new StandbySignalRaised(Guid.NewGuid(), signalId, "A1Status", "Disease X", DateOnly.FromDateTime(raised.UtcDateTime),
            "A1 status and a fast rise in admissions.", raised, raised.AddDays(14)));
        var dossier = await Eventually.Get(() => _dossiers.TryGet(signalId.ToString()), d => d is not null, "signal dossier");
        var signal = Assert.Single(dossier!.Documents);
        Assert.Equal(StatusCode.FailedPrecondition, await Status(() => _dossiers.PublishDossierAsync(signalId.ToString())));
        await AssertNotPublic(signal.Id);

        await _dossiers.PublishAsync(new StandbySignalAnswered(Guid.NewGuid(), signalId, "Yes", null, raised.AddDays(3), false));
        await Eventually.Get(() => _dossiers.TryGet(signalId.ToString()), d => d?.Documents.Count == 2, "answer recorded");
        var published = await _dossiers.PublishDossierAsync(signalId.ToString());
        Assert.Equal(2, published.Documents.Count);
        var records = await Task.WhenAll(published.Documents.Select(d => platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = d.Id }).ResponseAsync));
        Assert.Equivalent(new[] { DocumentType.StandbySignal, DocumentType.SgAnswer }, records.Select(r => r.Type).ToArray());
        Assert.Single(records.Select(r => r.PublishedAt).Distinct());
    }

    [Fact]
    public async Task Another_committees_advice_stays_sealed_from_members_until_Committees_reveals_it()
    {
        var released = await _dossiers.ReleasedAsync();
        await _dossiers.AdoptAsync(released.Id, "OMT", Dossiers.Text("sealed OMT advice " + Guid.NewGuid()));
        var asMit = await _dossiers.As(Dossiers.MitMember).GetDossierAsync(new GetDossierRequest { DossierId = released.Id });
        var sealedOmt = Assert.Single(asMit.Documents);
        Assert.True(sealedOmt.Sealed);
        Assert.Equal("", sealedOmt.Sha256);
        var asOmt = await _dossiers.As(Dossiers.OmtMember).GetDossierAsync(new GetDossierRequest { DossierId = released.Id });
        Assert.False(Assert.Single(asOmt.Documents).Sealed);

        // Both adopted: Committees reveals both (CommitteeAdviceRevealed), and the MIT sees the OMT's advice.
        await _dossiers.AdoptAsync(released.Id, "MIT", Dossiers.Text("MIT advice " + Guid.NewGuid()));
        await Eventually.Get(() => _dossiers.As(Dossiers.MitMember).GetDossierAsync(new GetDossierRequest { DossierId = released.Id }).ResponseAsync,
            d => d.Documents.Count == 2 && d.Documents.All(x => !x.Sealed), "revealed OMT advice visible to the MIT");
    }
}
