using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Unsolicited advice and the cabinet's response through the gateway with real tokens: the committee opens and adopts
/// in Committees (the MIT chair records the vote, the OMT chair the consensus), the adoption opens the dossier in
/// Publication, and the protocol runs as for requested advice.
/// </summary>
internal sealed class Unsolicited(PlatformFixture platform)
{
    private readonly Dossiers dossiers = new(platform);

    public static OpenUnsolicitedAdviceRequest Opening(Committee committee, string title = "Societal consequences of long covid") => new()
    {
        IdempotencyKey = Requests.Key(),
        Committee = committee,
        Title = title,
        Question = "What does long covid mean for work, care, education and income?",
        Reason = "More than 5% of the population has long covid symptoms; about 90,000 people are severely limited.",
    };

    public static AdoptUnsolicitedAdviceRequest Adoption(string adviceId, Committee committee, byte[] text)
    {
        var request = new AdoptUnsolicitedAdviceRequest
        {
            IdempotencyKey = Requests.Key(), AdviceId = adviceId, DocumentDigest = Dossiers.Sha256(text), Summary = "Recognise long covid in work, care and income.",
        };
        if (committee == Committee.Mit)
        {
            request.Votes.Add(new Vote { Subject = Composition.Subject(Persona.MitChair), Choice = VoteChoice.For });
            request.Votes.Add(new Vote { Subject = Composition.Subject(Persona.MitMember), Choice = VoteChoice.For });
        }
        return request;
    }

    private static Persona Chair(Committee c) => c == Committee.Mit ? Persona.MitChair : Persona.OmtChair;

    private static Persona Secretariat(Committee c) => c == Committee.Mit ? Persona.MitSecretariat : Persona.OmtSecretary;

    public Task<UnsolicitedAdvice> OpenedAsync(Committee committee) => platform.Committees(Chair(committee)).OpenUnsolicitedAdviceAsync(Opening(committee)).ResponseAsync;

    /// <summary>Opened and adopted; waits until Publication opened its dossier.</summary>
    public async Task<(Dossier Dossier, byte[] Text)> AdoptedAsync(Committee committee)
    {
        var advice = await OpenedAsync(committee);
        var text = Dossiers.Text($"Unsolicited {committee} advice {Guid.NewGuid()}");
        await platform.Committees(Chair(committee)).AdoptUnsolicitedAdviceAsync(Adoption(advice.Id, committee, text));
        var dossier = await Eventually.Get(() => dossiers.TryGet(advice.Id), d => d is { Documents.Count: 1 }, "the adoption opens the unsolicited advice's dossier");
        return (dossier!, text);
    }

    public async Task<(Dossier Dossier, byte[] Text)> UploadedAsync(Committee committee)
    {
        var (dossier, text) = await AdoptedAsync(committee);
        return (await dossiers.UploadAsync(Secretariat(committee), dossier.Id, committee, text), text);
    }

    /// <summary>Adopted, uploaded, sent to its principal, to parliament and published.</summary>
    public async Task<Dossier> PublishedAsync(Committee committee)
    {
        var (dossier, _) = await UploadedAsync(committee);
        var advice = Dossiers.AdviceOf(dossier, committee).Id;
        await dossiers.ToPrincipalAsync(Chair(committee), dossier.Id, advice);
        await dossiers.ToParliamentAsync(dossier.Id, advice);
        return await dossiers.PublishDossierAsync(dossier.Id);
    }

    public static RecordCabinetResponseRequest Response(IEnumerable<(string Dossier, string Document)> answers, DateTimeOffset respondedAt, string? kamerbrief = "Kamerstuk 25295, nr. 2150")
    {
        var request = new RecordCabinetResponseRequest
        {
            IdempotencyKey = Requests.Key(), Title = "Kabinetsreactie", MediaType = "text/plain",
            Content = ByteString.CopyFrom(Dossiers.Text("Kabinetsreactie " + Guid.NewGuid())), RespondedAt = Timestamp.FromDateTimeOffset(respondedAt),
        };
        request.Answers.AddRange(answers.Select(a => new AnsweredAdvice { DossierId = a.Dossier, DocumentId = a.Document }));
        if (kamerbrief is not null)
        {
            request.KamerbriefReference = kamerbrief;
            request.SentAt = Timestamp.FromDateTimeOffset(respondedAt);
        }
        return request;
    }
}
