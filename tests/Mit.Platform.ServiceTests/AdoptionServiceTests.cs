using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.Committees.Data;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Adoption on a released joint request through the gateway: the MIT by the votes of its voting members (demo-mit-chair
/// and demo-mit-member, two of two for the quorum), the OMT by consensus; and the seal that keeps each advice from the
/// other committee and the ministries until both adopted or the deadline passed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AdoptionServiceTests(PlatformFixture platform)
{
    private static readonly string Chair = Composition.Subject(Persona.MitChair);
    private static readonly string Member = Composition.Subject(Persona.MitMember);

    private readonly CommitteeComposition.CommitteeCompositionClient _mitChair = platform.Committees(Persona.MitChair);
    private readonly CommitteeComposition.CommitteeCompositionClient _omtChair = platform.Committees(Persona.OmtChair);

    private Task<AdviceOnRequest> AdviceAs(Persona persona, string requestId) =>
        platform.Committees(persona).GetAdviceAsync(new GetAdviceRequest { RequestId = requestId }).ResponseAsync;

    private static AdviceView Of(AdviceOnRequest advice, Committee committee) => advice.Advice.Single(a => a.Committee == committee);

    /// <summary>Refused, and the MIT has not adopted on the request (as its own chair sees it).</summary>
    private Task<RpcException> RefusedWithoutAdoption(string requestId, Func<Task> call, StatusCode code, string? field = null) =>
        Composition.RefusedWithoutChange(() => AdviceAs(Persona.MitChair, requestId), call, code, field);

    [Fact]
    public async Task The_mit_chair_adopts_by_vote_and_the_snapshot_records_who_could_vote_voted_and_sat()
    {
        var request = await platform.ReleasedOnBothDesks();

        var adopted = await _mitChair.AdoptAdviceAsync(Composition.Adoption(request.Id, (Chair, VoteChoice.For), (Member, VoteChoice.Abstain)));

        Assert.Equal(Committee.Mit, adopted.Committee);
        Assert.Equal(AdoptionMethod.Vote, adopted.Method);
        Assert.Equal((1, 0, 1), (adopted.VotesFor, adopted.VotesAgainst, adopted.Abstentions));
        var snapshot = adopted.Snapshot;
        Assert.Equal([Chair, Member], snapshot.CouldVote.Order());
        Assert.Equal([new Vote { Subject = Chair, Choice = VoteChoice.For }, new Vote { Subject = Member, Choice = VoteChoice.Abstain }], snapshot.Votes);
        Assert.Empty(snapshot.Absent);
        Assert.Empty(snapshot.Conflicted);
        var seats = snapshot.Seats.ToDictionary(s => s.Subject);
        Assert.Equal(SeatKind.Chair, snapshot.Seats[0].Kind);
        Assert.True(seats[Chair].HasVote);
        Assert.True(seats[Member].HasVote);
        Assert.False(seats[Composition.Subject(Persona.MitExpert)].HasVote);
        Assert.Equal(ExpertInstitution.Cpb, seats[Composition.Subject(Persona.MitExpert)].Institution);
        Assert.False(seats[Composition.Subject(Persona.MitSecretariat)].HasVote);
        Assert.True(Of(await AdviceAs(Persona.MitChair, request.Id), Committee.Mit).Adopted);
    }

    [Fact]
    public async Task A_vote_by_an_expert_member_is_InvalidArgument_on_that_vote_and_nothing_is_adopted()
    {
        var request = await platform.ReleasedOnBothDesks();

        await RefusedWithoutAdoption(request.Id, () => _mitChair.AdoptAdviceAsync(Composition.Adoption(request.Id,
            (Chair, VoteChoice.For), (Member, VoteChoice.For), (Composition.Subject(Persona.MitExpert), VoteChoice.For))).ResponseAsync,
            StatusCode.InvalidArgument, "votes[2].subject");
        Assert.False(Of(await AdviceAs(Persona.MitChair, request.Id), Committee.Mit).Adopted);
    }

    [Fact]
    public async Task One_vote_of_two_is_no_quorum_FailedPrecondition_and_nothing_is_adopted()
    {
        var request = await platform.ReleasedOnBothDesks();

        await RefusedWithoutAdoption(request.Id, () => _mitChair.AdoptAdviceAsync(Composition.Adoption(request.Id, (Chair, VoteChoice.For))).ResponseAsync,
            StatusCode.FailedPrecondition);
        Assert.False(Of(await AdviceAs(Persona.MitChair, request.Id), Committee.Mit).Adopted);
    }

    [Fact]
    public async Task A_member_who_declared_a_conflict_cannot_vote_and_the_quorum_counts_only_the_others()
    {
        var request = await platform.ReleasedOnBothDesks();
        await platform.Committees(Persona.MitMember).DeclareConflictAsync(new DeclareConflictRequest
        { IdempotencyKey = Requests.Key(), Committee = Committee.Mit, RequestId = request.Id, Reason = "Advised a party to this request" });

        await RefusedWithoutAdoption(request.Id, () => _mitChair.AdoptAdviceAsync(Composition.AdoptionByBoth(request.Id)).ResponseAsync,
            StatusCode.InvalidArgument, "votes[1].subject");

        var adopted = await _mitChair.AdoptAdviceAsync(Composition.Adoption(request.Id, (Chair, VoteChoice.For)));
        Assert.Equal([Chair], adopted.Snapshot.CouldVote);
        Assert.Equal([Member], adopted.Snapshot.Conflicted);
        Assert.Equal(1, adopted.VotesFor);
    }

    [Fact]
    public async Task A_member_who_is_not_the_chair_cannot_record_the_vote_PermissionDenied()
    {
        var request = await platform.ReleasedOnBothDesks();

        await RefusedWithoutAdoption(request.Id, () => platform.Committees(Persona.MitMember).AdoptAdviceAsync(Composition.AdoptionByBoth(request.Id)).ResponseAsync,
            StatusCode.PermissionDenied);
        Assert.False(Of(await AdviceAs(Persona.MitChair, request.Id), Committee.Mit).Adopted);
    }

    [Fact]
    public async Task The_omt_chair_records_the_consensus_with_dissent_noted()
    {
        var request = await platform.ReleasedOnBothDesks();

        var adopted = await _omtChair.RecordConsensusAsync(Composition.Consensus(request.Id, "One member would limit it to four weeks."));

        Assert.Equal(Committee.Omt, adopted.Committee);
        Assert.Equal(AdoptionMethod.Consensus, adopted.Method);
        Assert.Equal("One member would limit it to four weeks.", adopted.Dissent);
        Assert.Equal(Composition.Subject(Persona.OmtChair), adopted.RecordedBy);
        Assert.Equal((0, 0, 0), (adopted.VotesFor, adopted.VotesAgainst, adopted.Abstentions));
        Assert.Contains(adopted.Snapshot.Seats, s => s.Subject == Composition.Subject(Persona.OmtSecretary) && s.Kind == SeatKind.Secretary);
        Assert.True(Of(await AdviceAs(Persona.OmtSecretary, request.Id), Committee.Omt).Adopted);
    }

    [Fact]
    public async Task The_seal_keeps_each_advice_from_the_other_committee_and_the_ministries_until_both_adopted()
    {
        var request = await platform.ReleasedOnBothDesks();
        var mitDesk = platform.Desks(Persona.MitSecretariat);
        var omtDesk = platform.Desks(Persona.OmtSecretary);
        var mit = await _mitChair.AdoptAdviceAsync(Composition.AdoptionByBoth(request.Id));

        // The OMT sees that, not what, the MIT adopted.
        var toOmt = await AdviceAs(Persona.OmtSecretary, request.Id);
        Assert.Equal(new AdviceView { Committee = Committee.Mit, Adopted = true, Sealed = true }, Of(toOmt, Committee.Mit));
        Assert.Equal(new AdviceView { Committee = Committee.Omt, Adopted = false }, Of(toOmt, Committee.Omt));
        Assert.Null(toOmt.RevealedAt);
        // The MIT sees its own.
        Assert.Equal(new AdviceView { Committee = Committee.Mit, Adopted = true, AdoptedAt = mit.AdoptedAt, DocumentDigest = mit.DocumentDigest, Summary = mit.Summary },
            Of(await AdviceAs(Persona.MitSecretariat, request.Id), Committee.Mit));
        // The ministries see neither's content.
        var toMinistry = await AdviceAs(Persona.SzwRequester, request.Id);
        Assert.All(toMinistry.Advice, a => Assert.Equal(new AdviceView { Committee = a.Committee, Adopted = a.Committee == Committee.Mit, Sealed = a.Committee == Committee.Mit }, a));
        Assert.Null(toMinistry.RevealedAt);
        // On the desks: the OMT's entry without the digest, the MIT's with it.
        Assert.Equal("", (await omtDesk.OnDesk(Committee.Omt, request.Id, kind: DeskEntryKind.AdviceAdopted)).Digest);
        var onMitDesk = await mitDesk.OnDesk(Committee.Mit, request.Id, kind: DeskEntryKind.AdviceAdopted);
        Assert.Equal(mit.DocumentDigest, onMitDesk.Digest);
        Assert.Equal(Committee.Mit, onMitDesk.AdviceCommittee);

        var omt = await _omtChair.RecordConsensusAsync(Composition.Consensus(request.Id));

        foreach (var ministry in new[] { Persona.SzwRequester, Persona.VwsRequester })
        {
            var revealed = await AdviceAs(ministry, request.Id);
            Assert.NotNull(revealed.RevealedAt);
            Assert.Equal(mit.Summary, Of(revealed, Committee.Mit).Summary);
            Assert.Equal(mit.DocumentDigest, Of(revealed, Committee.Mit).DocumentDigest);
            Assert.Equal(omt.Summary, Of(revealed, Committee.Omt).Summary);
            Assert.Equal(omt.DocumentDigest, Of(revealed, Committee.Omt).DocumentDigest);
            Assert.Equal(omt.AdoptedAt, revealed.RevealedAt);
        }
        Assert.Equal(mit.Summary, Of(await AdviceAs(Persona.OmtSecretary, request.Id), Committee.Mit).Summary);
        await mitDesk.OnDesk(Committee.Mit, request.Id, kind: DeskEntryKind.AdviceRevealed);
        await omtDesk.OnDesk(Committee.Omt, request.Id, kind: DeskEntryKind.AdviceRevealed);
    }

    /// <summary>A clock standing at one instant, for the reveal sweep.</summary>
    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task When_the_omt_never_adopts_the_sweep_at_the_deadline_reveals_the_mit_advice_to_the_ministries()
    {
        // A deadline near enough to reach in the test: the seal is lifted as of the sweep's instant, and the ministries
        // see the advice from that instant on.
        var content = Requests.Content();
        content.Deadline = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(30));
        var request = await platform.ReleasedOnBothDesks(content);
        var mit = await _mitChair.AdoptAdviceAsync(Composition.AdoptionByBoth(request.Id));
        var sealedAdvice = await AdviceAs(Persona.SzwRequester, request.Id);
        Assert.Null(sealedAdvice.RevealedAt);
        Assert.Equal("", Of(sealedAdvice, Committee.Mit).Summary);

        var pastTheDeadline = sealedAdvice.Deadline.ToDateTimeOffset().AddSeconds(1);
        using var sweep = new AdviceReveals(platform.Host.Services, new StoppedClock(pastTheDeadline), platform.Host.Services.GetRequiredService<IConfiguration>());
        Assert.True(await sweep.RevealDueAsync(CancellationToken.None) >= 1);

        var revealed = await Eventually.Get(() => AdviceAs(Persona.VwsRequester, request.Id), a => Of(a, Committee.Mit).Summary.Length > 0,
            "the MIT advice visible to the ministries from the reveal on", seconds: 90);
        Assert.Equal(Timestamp.FromDateTimeOffset(pastTheDeadline), revealed.RevealedAt);
        Assert.Equal(new AdviceView { Committee = Committee.Mit, Adopted = true, AdoptedAt = mit.AdoptedAt, DocumentDigest = mit.DocumentDigest, Summary = mit.Summary },
            Of(revealed, Committee.Mit));
        Assert.Equal(new AdviceView { Committee = Committee.Omt, Adopted = false }, Of(revealed, Committee.Omt));
        await platform.Desks(Persona.OmtSecretary).OnDesk(Committee.Omt, request.Id, kind: DeskEntryKind.AdviceRevealed);
    }
}
