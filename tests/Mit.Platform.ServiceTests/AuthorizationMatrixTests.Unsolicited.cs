using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

public sealed partial class AuthorizationMatrixTests
{
    /// <summary>Unsolicited advice (CompositionPolicies) and the cabinet's response (PublicationPolicies).</summary>
    private IEnumerable<Row> UnsolicitedRows()
    {
        static CommitteeComposition.CommitteeCompositionClient C(Who w) => new(w.Invoker);
        static V1.Publication.PublicationClient P(Who w) => new(w.Invoker);
        static UnsolicitedAdvice U(object o) => (UnsolicitedAdvice)o;
        static Dossier D(object o) => ((Dossier, byte[]))o switch { var (d, _) => d };
        var u = new Unsolicited(platform);
        var d = new Dossiers(platform);

        foreach (var (committee, openers, chair, members, others) in new[]
        {
            (Committee.Mit, new[] { "mit-chair", "mit-secretariat" }, "mit-chair", Mit, Omt),
            (Committee.Omt, new[] { "omt-chair", "omt-secretary" }, "omt-chair", Omt, Mit),
        })
        {
            yield return new("CommitteeComposition/OpenUnsolicitedAdvice", $"{committee}", openers, Nothing,
                (w, _) => C(w).OpenUnsolicitedAdviceAsync(Unsolicited.Opening(committee)).ResponseAsync);
            yield return new("CommitteeComposition/AdoptUnsolicitedAdvice", $"{committee} opened", [chair], async () => await u.OpenedAsync(committee),
                (w, s) => C(w).AdoptUnsolicitedAdviceAsync(Unsolicited.Adoption(U(s).Id, committee, Dossiers.Text("advice " + U(s).Id))).ResponseAsync);
            // The other committee hears of it on its desk when it goes to the ministry; until then it does not exist for it.
            yield return new("CommitteeComposition/GetUnsolicitedAdvice", $"{committee} opened", members, async () => await u.OpenedAsync(committee),
                (w, s) => C(w).GetUnsolicitedAdviceAsync(new GetUnsolicitedAdviceRequest { AdviceId = U(s).Id }).ResponseAsync, Hidden: others);
        }
        yield return new("Publication/RecordSentToPrincipal", "unsolicited MIT advice uploaded", ["mit-chair", "mit-secretariat"], async () => await u.UploadedAsync(Committee.Mit),
            (w, s) => P(w).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest
            { IdempotencyKey = Requests.Key(), DossierId = D(s).Id, DocumentId = Dossiers.AdviceOf(D(s), Committee.Mit).Id }).ResponseAsync);
        // SZW answers the MIT's advice, VWS the OMT's; either a joint request's pair.
        foreach (var (committee, ministry) in new[] { (Committee.Mit, "szw-publication"), (Committee.Omt, "vws-delegate") })
        {
            yield return new("Publication/RecordCabinetResponse", $"published joint dossier, its {committee} advice", [ministry],
                async () => (await d.PublishDossierAsync((await d.ReadyToPublishAsync()).Id), Array.Empty<byte>()),
                (w, s) => P(w).RecordCabinetResponseAsync(Unsolicited.Response([(D(s).Id, Dossiers.AdviceOf(D(s), committee).Id)], DateTimeOffset.UtcNow)).ResponseAsync);
        }
        yield return new("Publication/RecordCabinetResponse", "published joint dossier, both advices", ["szw-publication", "vws-delegate"],
            async () => (await d.PublishDossierAsync((await d.ReadyToPublishAsync()).Id), Array.Empty<byte>()),
            (w, s) => P(w).RecordCabinetResponseAsync(Unsolicited.Response(
                [(D(s).Id, Dossiers.AdviceOf(D(s), Committee.Mit).Id), (D(s).Id, Dossiers.AdviceOf(D(s), Committee.Omt).Id)], DateTimeOffset.UtcNow)).ResponseAsync);
    }
}
