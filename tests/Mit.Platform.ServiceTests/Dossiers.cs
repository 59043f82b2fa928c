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
/// about. Adoptions, reveals and standby signals are published on the host's bus as Committees would publish them.
/// </summary>
internal sealed class Dossiers(PlatformFixture platform)
{
    public static readonly Persona Officer = new("szw-publication", "SZW", PlatformRoles.PublicationOfficer);
    public static readonly Persona MitSecretariat = Persona.MitSecretariat;
    public static readonly Persona OmtSecretary = Persona.OmtSecretary;
    public static readonly Persona MitChair = new("mit-chair", "SCP", PlatformRoles.MitChair);
    public static readonly Persona OmtChair = new("omt-chair", "RIVM", PlatformRoles.OmtChair);
    public static readonly Persona MitExpert = new("mit-expert", "CPB", PlatformRoles.MitExpertMember);
    public static readonly Persona MitMember = Persona.MitMember;
    public static readonly Persona OmtMember = new("omt-member", "RIVM", PlatformRoles.OmtMember);

    public V1.Publication.PublicationClient As(Persona persona) => platform.Publication(persona);

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private IBus Bus => platform.Host.Services.GetRequiredService<IBus>();

    /// <summary>A joint request released through AdviceRequests; its release opens the dossier.</summary>
    public async Task<Dossier> ReleasedAsync()
    {
        var draft = await platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft());
        var released = await platform.Requests(Persona.VwsRequester).CoSignAsync(Requests.CoSign(draft));
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

    /// <summary>Publishes the adoption and waits until the dossier holds it.</summary>
    public async Task<Dossier> AdoptAsync(string requestId, string committee, byte[] text)
    {
        await PublishAsync(Adoption(requestId, committee, text));
        var sha = Sha256(text);
        return await Eventually.Get(() => TryGet(requestId), d => d?.Documents.Any(x => x.Type == DocumentType.Advice && x.Sha256 == sha) == true,
            $"{committee} adoption in the dossier") ?? throw new InvalidOperationException();
    }

    public static Document AdviceOf(Dossier dossier, Committee committee) =>
        dossier.Documents.Single(d => d.Type == DocumentType.Advice && d.Committee == committee && d.Supersedes.Length == 0);

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
