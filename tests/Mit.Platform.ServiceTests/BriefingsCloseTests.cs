using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>When a request's advice goes to the ministries (both adopted, revealed), its consent ends by itself, on record.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BriefingsCloseTests(PlatformFixture platform)
{
    private readonly BriefingsDriver _b = new(platform);

    [Fact]
    public async Task The_reveal_closes_the_request_and_expires_its_consent_with_an_audit_record()
    {
        var request = await platform.ReleasedOnBothDesks();
        var briefing = await _b.AddAsync(request.Id);
        await _b.ConsentAsync(request.Id, SharingAudience.WithSecretariat);
        Assert.Equal(StatusCode.OK, (await _b.ReadAsync("mit-secretariat", briefing.BriefingId)).Status);

        await platform.Committees(Persona.MitChair).AdoptAdviceAsync(Composition.AdoptionByBoth(request.Id));
        await platform.Committees(Persona.OmtChair).RecordConsensusAsync(Composition.Consensus(request.Id));

        var sharing = await Eventually.Get(() => _b.As("omt-chair").GetSharingAsync(new GetSharingRequest { RequestId = request.Id }).ResponseAsync,
            s => s.State == SharingState.Expired, "consent expired by the reveal");
        Assert.Equal("system", sharing.History.Last().By);
        Assert.Equal(StatusCode.PermissionDenied, (await _b.ReadAsync("mit-secretariat", briefing.BriefingId)).Status);
        var closed = await Assert.ThrowsAsync<RpcException>(() => _b.ProposeAsync(request.Id, SharingAudience.MembersAndChair));
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        var records = (await _b.As("auditor").ListAuditRecordsAsync(new ListAuditRecordsRequest { RequestId = request.Id, PageSize = 1000 })).Records;
        Assert.Single(records, r => r.Action == "expire-consent" && r.Actor == "system");
        // The OMT still reads its own briefings.
        Assert.Equal(StatusCode.OK, (await _b.ReadAsync("omt-member", briefing.BriefingId)).Status);
    }
}
