using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Contracts;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Steps of the publication protocol through the gateway with real tokens, so each test states only what it is
/// about. Committees adopts for real (the MIT chair records the vote, the OMT chair the consensus); only events
/// that cannot happen through an RPC in the test's order (an adoption before the release, standby signals) are
/// published on the host's bus as their publisher would.
/// </summary>
/// <param name="adoptOnTheBus">Deliver adoptions as Committees' events instead of through its RPCs (a test about the
/// Publication store alone).</param>
internal sealed class Dossiers(PlatformFixture platform, bool adoptOnTheBus = false)
{
    public static readonly Persona Officer = new("szw-publication", "SZW", PlatformRoles.PublicationOfficer);
    public static readonly Persona MitSecretariat = Persona.MitSecretariat;
    public static readonly Persona OmtSecretary = Persona.OmtSecretary;
    public static readonly Persona MitChair = Persona.MitChair;
    public static readonly Persona OmtChair = Persona.OmtChair;
    public static readonly Persona MitExpert = Persona.MitExpert;
    public static readonly Persona MitMember = Persona.MitMember;
    public static readonly Persona OmtMember = Persona.OmtMember;

    public V1.Publication.PublicationClient As(Persona persona) => platform.Publication(persona);

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private IBus Bus => platform.Host.Services.GetRequiredService<IBus>();

    /// <summary>A joint request released through AdviceRequests onto both desks; its release opens the dossier.</summary>
    /// <param name="deadlineIn">A deadline this near (for a test that passes it); else the urgent default.</param>
    public async Task<Dossier> ReleasedAsync(TimeSpan? deadlineIn = null)
    {
        var content = Requests.Content();
        if (deadlineIn is { } near)
        {
            content.Deadline = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.Add(near));
        }
        var released = await platform.ReleasedOnBothDesks(content);
        return await Eventually.Get(() => TryGet(released.Id), d => d is { Title.Length: > 0 }, "the release opens a dossier") ?? throw new InvalidOperationException();
    }

    public async Task<Dossier?> TryGet(string dossierId)
    {
        try
        {
            return await As(Officer).GetDossierAsync(new GetDossierRequest { DossierId = dossierId });
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    public Task PublishAsync<T>(T message) where T : class => Bus.Publish(message);

    public static CommitteeAdviceAdopted Adoption(string requestId, string committee, byte[] text) => new(
        Guid.NewGuid(), committee, Guid.Parse(requestId), Sha256(text), $"The {committee} advises on the measures.", DateTimeOffset.UtcNow,
        committee == "MIT" ? "Vote" : "Consensus", committee == "MIT" ? 9 : 0, 0, 0, null,
        new AdoptionComposition(DateOnly.FromDateTime(DateTime.UtcNow), [], [], [], [], [], []));

    /// <summary>The committee adopts in Committees (vote or consensus); waits until the dossier holds the adoption.</summary>
    public async Task<Dossier> AdoptAsync(string requestId, string committee, byte[] text)
    {
        if (adoptOnTheBus)
        {
            await PublishAsync(Adoption(requestId, committee, text));
        }
        else if (committee == "MIT")
        {
            var adopt = new AdoptAdviceRequest { IdempotencyKey = Requests.Key(), RequestId = requestId, DocumentDigest = Sha256(text), Summary = "MIT advice." };
            adopt.Votes.Add(new Vote { Subject = Composition.Subject(Persona.MitChair), Choice = VoteChoice.For });
            adopt.Votes.Add(new Vote { Subject = Composition.Subject(Persona.MitMember), Choice = VoteChoice.For });
            await platform.Committees(Persona.MitChair).AdoptAdviceAsync(adopt);
        }
        else
        {
            await platform.Committees(Persona.OmtChair).RecordConsensusAsync(new RecordConsensusRequest
            { IdempotencyKey = Requests.Key(), RequestId = requestId, DocumentDigest = Sha256(text), Summary = "OMT advice." });
        }
        // The committee's own secretariat sees its advice before the reveal; everyone else only that it is sealed.
        var sha = Sha256(text);
        var own = committee == "MIT" ? MitSecretariat : OmtSecretary;
        await Eventually.Get(() => As(own).GetDossierAsync(new GetDossierRequest { DossierId = requestId }).ResponseAsync,
            d => d.Documents.Any(x => x.Type == DocumentType.Advice && x.Sha256 == sha), $"{committee} adoption in the dossier");
        var dossier = (await TryGet(requestId))!;
        if (JointCommittees.All(c => dossier.Documents.Any(x => x.Type == DocumentType.Advice && x.Committee == c)))
        {
            // Both adopted: Committees reveals both; wait until Publication learned it, as the next step needs it.
            if (adoptOnTheBus)
            {
                await PublishAsync(new CommitteeAdviceRevealed(Guid.Parse(requestId), ["MIT", "OMT"], DateTimeOffset.UtcNow));
            }
            dossier = await RevealedAsync(requestId);
        }
        return dossier;
    }

    /// <summary>
    /// Once the request's deadline has passed, runs Committees' reveal sweep now (instead of waiting for its timer) and
    /// waits until Publication learned the reveal.
    /// </summary>
    public async Task<Dossier> PastTheDeadlineAsync(string requestId)
    {
        var advice = await platform.Committees(Persona.SzwRequester).GetAdviceAsync(new GetAdviceRequest { RequestId = requestId });
        var wait = advice.Deadline.ToDateTimeOffset() - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
        }
        using (var sweep = new Committees.Data.AdviceReveals(platform.Host.Services, TimeProvider.System,
            platform.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()))
        {
            await sweep.RevealDueAsync(CancellationToken.None);
        }
        return await RevealedAsync(requestId);
    }

    private static readonly Committee[] JointCommittees = [Committee.Mit, Committee.Omt];

    /// <summary>Waits until the publication officer sees every adopted advice of the dossier unsealed.</summary>
    public async Task<Dossier> RevealedAsync(string requestId) =>
        await Eventually.Get(() => TryGet(requestId), d => d is not null && d.Documents.Where(x => x.Type == DocumentType.Advice).All(x => !x.Sealed),
            "Committees' reveal in the dossier") ?? throw new InvalidOperationException();

    public static Document AdviceOf(Dossier dossier, Committee committee) =>
        dossier.Documents.Single(d => d.Type == DocumentType.Advice && d.Committee == committee && d.Version == 1);

    public Task<Dossier> UploadAsync(Persona secretariat, string requestId, Committee committee, byte[] text) =>
        As(secretariat).UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = requestId, Committee = committee, Title = $"Advice {committee}", MediaType = "text/plain",
            Content = ByteString.CopyFrom(text),
        }).ResponseAsync;

    public Task<Dossier> ToPrincipalAsync(Persona who, string dossierId, string documentId) =>
        As(who).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = Requests.Key(), DossierId = dossierId, DocumentId = documentId }).ResponseAsync;

    public Task<Dossier> ToParliamentAsync(string dossierId, string documentId, string reference = "Kamerstuk 25295, nr. 2001") =>
        As(Officer).RecordSentToParliamentAsync(new RecordSentToParliamentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = dossierId, DocumentId = documentId, KamerbriefReference = reference,
            SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }).ResponseAsync;

    public Task<Dossier> PublishDossierAsync(string dossierId) =>
        As(Officer).PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = dossierId }).ResponseAsync;

    /// <summary>A released request with both committees' advice adopted, uploaded and sent to their principals.</summary>
    public async Task<(Dossier Dossier, byte[] Mit, byte[] Omt)> BothSentToPrincipalsAsync()
    {
        var released = await ReleasedAsync();
        var mit = Text("MIT advice " + Guid.NewGuid());
        var omt = Text("OMT advice " + Guid.NewGuid());
        await AdoptAsync(released.Id, "MIT", mit);
        await AdoptAsync(released.Id, "OMT", omt);
        await UploadAsync(MitSecretariat, released.Id, Committee.Mit, mit);
        await UploadAsync(OmtSecretary, released.Id, Committee.Omt, omt);
        // As the officer: a secretariat sees only its own committee's sealed advice.
        var dossier = (await TryGet(released.Id))!;
        await ToPrincipalAsync(MitChair, dossier.Id, AdviceOf(dossier, Committee.Mit).Id);
        await ToPrincipalAsync(OmtSecretary, dossier.Id, AdviceOf(dossier, Committee.Omt).Id);
        return ((await TryGet(released.Id))!, mit, omt);
    }

    /// <summary>Both committees' advice recorded as sent to parliament: ready for the joint publication.</summary>
    public async Task<Dossier> ReadyToPublishAsync()
    {
        var (dossier, _, _) = await BothSentToPrincipalsAsync();
        await ToParliamentAsync(dossier.Id, AdviceOf(dossier, Committee.Mit).Id);
        return await ToParliamentAsync(dossier.Id, AdviceOf(dossier, Committee.Omt).Id);
    }

    public Task<Dossier> WorkProgrammeAsync(string title = "Work programme 2027") =>
        As(MitSecretariat).UploadWorkProgrammeAsync(new UploadWorkProgrammeRequest
        {
            IdempotencyKey = Requests.Key(), Title = title, MediaType = "text/plain", Content = ByteString.CopyFrom(Text(title + " " + Guid.NewGuid())),
        }).ResponseAsync;

    /// <summary>Everything the public record lists for a request (or all, without one).</summary>
    public async Task<IReadOnlyList<PublishedDocument>> PublicAsync(string? requestId = null)
    {
        var list = await platform.Public.ListPublishedAsync(new ListPublishedRequest { RequestId = requestId ?? "", PageSize = 100 });
        return list.Documents;
    }
}
