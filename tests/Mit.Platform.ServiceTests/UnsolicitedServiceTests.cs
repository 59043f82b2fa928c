using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Unsolicited advice and the cabinet's response through the gateway: what is refused, and with which status.
/// (Who may call what is the authorization matrix; the whole case is LongCovidEndToEndTests.)
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UnsolicitedServiceTests(PlatformFixture platform)
{
    private readonly Unsolicited unsolicited = new(platform);
    private readonly Dossiers dossiers = new(platform);

    [Fact]
    public async Task The_other_committee_does_not_see_an_unsolicited_advice_until_it_went_to_the_ministry()
    {
        var (dossier, _) = await unsolicited.UploadedAsync(Committee.Omt);
        var mitMember = dossiers.As(Dossiers.MitMember);

        await Composition.Refused(() => mitMember.GetDossierAsync(new GetDossierRequest { DossierId = dossier.Id }).ResponseAsync, StatusCode.NotFound);
        await dossiers.ToPrincipalAsync(Dossiers.OmtChair, dossier.Id, Dossiers.AdviceOf(dossier, Committee.Omt).Id);

        var seen = await mitMember.GetDossierAsync(new GetDossierRequest { DossierId = dossier.Id });
        Assert.Equal("VWS", seen.Documents.Single().Principal);
        var desk = await Eventually.Get(async () => (await platform.Desks(Persona.MitSecretariat).ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == dossier.Id), "the MIT desk entry for the OMT's unsolicited advice");
        Assert.Equal(DeskEntryKind.UnsolicitedSent, desk.Single(e => e.RequestId == dossier.Id).Kind);
    }

    [Fact]
    public async Task No_cabinet_response_before_the_advice_is_published_and_nothing_is_written()
    {
        var (dossier, _) = await unsolicited.UploadedAsync(Committee.Mit);
        var advice = Dossiers.AdviceOf(dossier, Committee.Mit).Id;

        await Composition.Refused(() => dossiers.As(Dossiers.Officer).RecordCabinetResponseAsync(
            Unsolicited.Response([(dossier.Id, advice)], DateTimeOffset.UtcNow)).ResponseAsync, StatusCode.FailedPrecondition);

        Assert.Empty((await dossiers.TryGet(dossier.Id))!.Documents.Single().AnsweredBy);
    }

    [Fact]
    public async Task A_response_without_its_date_or_with_half_a_Kamerbrief_names_the_fields()
    {
        var published = await unsolicited.PublishedAsync(Committee.Mit);
        var answer = (published.Id, Dossiers.AdviceOf(published, Committee.Mit).Id);
        var officer = dossiers.As(Dossiers.Officer);

        var noDate = Unsolicited.Response([answer], DateTimeOffset.UtcNow);
        noDate.RespondedAt = null;
        await Composition.Refused(() => officer.RecordCabinetResponseAsync(noDate).ResponseAsync, StatusCode.InvalidArgument, "responded_at");
        var half = Unsolicited.Response([answer], DateTimeOffset.UtcNow);
        half.SentAt = null;
        await Composition.Refused(() => officer.RecordCabinetResponseAsync(half).ResponseAsync, StatusCode.InvalidArgument, "sent_at");
    }

    [Fact]
    public async Task A_response_recorded_without_a_Kamerbrief_is_published_only_after_it_went_to_parliament()
    {
        var published = await unsolicited.PublishedAsync(Committee.Mit);
        var officer = dossiers.As(Dossiers.Officer);
        var response = await officer.RecordCabinetResponseAsync(Unsolicited.Response([(published.Id, Dossiers.AdviceOf(published, Committee.Mit).Id)], DateTimeOffset.UtcNow, kamerbrief: null));

        await Composition.Refused(() => dossiers.PublishDossierAsync(response.Id), StatusCode.FailedPrecondition);
        Assert.DoesNotContain(await dossiers.PublicAsync(), d => d.Id == response.Documents.Single().Id);

        await dossiers.ToParliamentAsync(response.Id, response.Documents.Single().Id, "Kamerstuk 25295, nr. 2160");
        await dossiers.PublishDossierAsync(response.Id);
        var advice = (await platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = Dossiers.AdviceOf(published, Committee.Mit).Id }));
        Assert.Equal([response.Documents.Single().Id], advice.Response.ResponseIds);
    }
}
