using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.UnitTests.Briefings;

public sealed class AccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2023, 2, 10, 9, 0, 0, TimeSpan.Zero);

    private static HashSet<string> Roles(params string[] roles) => [.. roles];

    private static Sharing Consented(SharingAudience audience, DateTimeOffset? until = null)
    {
        var s = Sharing.For(Guid.NewGuid());
        s.Propose("omt-chair", audience, until, false, null, Now.AddHours(-1));
        s.Grant("vws-minister", Now.AddMinutes(-30));
        return s;
    }

    public static TheoryData<string, SharingAudience, bool> AudienceCells() => new()
    {
        { PlatformRoles.MitMember, SharingAudience.MembersAndChair, true },
        { PlatformRoles.MitChair, SharingAudience.MembersAndChair, true },
        { PlatformRoles.MitSecretariat, SharingAudience.MembersAndChair, false },
        { PlatformRoles.MitSecretariat, SharingAudience.WithSecretariat, true },
        { PlatformRoles.MitExpertMember, SharingAudience.WithSecretariat, false },
        { PlatformRoles.MitExpertMember, SharingAudience.WithExpertMembers, true },
    };

    [Theory]
    [MemberData(nameof(AudienceCells))]
    public void A_consent_opens_briefings_only_to_the_roles_of_its_audience_and_only_for_current_members(string role, SharingAudience audience, bool inAudience)
    {
        var step = AccessRules.Evaluate(Roles(role), Consented(audience), Now);
        if (!inAudience)
        {
            Assert.Equal(AccessOutcome.NotInAudience, step.Denied);
            return;
        }
        Assert.Null(step.Denied);
        Assert.Equal("MIT", step.Ask!.Committee);
        Assert.Equal(AccessOutcome.Allowed, AccessRules.Decide(step, isMember: true));
        Assert.Equal(AccessOutcome.NotACurrentMember, AccessRules.Decide(step, isMember: false));
    }

    [Fact]
    public void The_seat_asked_about_follows_the_role()
    {
        var expert = AccessRules.Evaluate(Roles(PlatformRoles.MitExpertMember), Consented(SharingAudience.WithExpertMembers), Now);
        Assert.Equal([SeatKind.ExpertMember, SeatKind.Substitute], expert.Ask!.Seats);
        var secretariat = AccessRules.Evaluate(Roles(PlatformRoles.MitSecretariat), Consented(SharingAudience.WithExpertMembers), Now);
        Assert.Equal([SeatKind.Secretariat], secretariat.Ask!.Seats);
    }

    [Fact]
    public void Without_a_standing_proposal_and_consent_the_mit_is_denied_whatever_its_role()
    {
        var roles = Roles(PlatformRoles.MitChair, PlatformRoles.MitMember, PlatformRoles.MitSecretariat, PlatformRoles.MitExpertMember);
        Assert.Equal(AccessOutcome.NoProposal, AccessRules.Evaluate(roles, null, Now).Denied);
        var proposed = Sharing.For(Guid.NewGuid());
        proposed.Propose("omt-chair", SharingAudience.WithExpertMembers, null, true, null, Now);
        Assert.Equal(AccessOutcome.ConsentPending, AccessRules.Evaluate(roles, proposed, Now).Denied);
        var revoked = Consented(SharingAudience.WithExpertMembers);
        revoked.Revoke("omt-chair", null, Now);
        Assert.Equal(AccessOutcome.ConsentNotStanding, AccessRules.Evaluate(roles, revoked, Now).Denied);
        var lapsed = Consented(SharingAudience.WithExpertMembers, until: Now.AddMinutes(1));
        Assert.Equal(AccessOutcome.ConsentNotStanding, AccessRules.Evaluate(roles, lapsed, Now.AddMinutes(1)).Denied);
    }

    [Fact]
    public void No_other_role_opens_a_briefing_and_the_omt_reads_its_own_while_seated()
    {
        var consent = Consented(SharingAudience.WithExpertMembers);
        foreach (var role in new[] { PlatformRoles.Operator, PlatformRoles.VwsMinister, PlatformRoles.Auditor, PlatformRoles.Service, PlatformRoles.Requester })
        {
            Assert.Equal(AccessOutcome.NotAReader, AccessRules.Evaluate(Roles(role), consent, Now).Denied);
        }
        var omt = AccessRules.Evaluate(Roles(PlatformRoles.OmtMember), null, Now);
        Assert.Equal("OMT", omt.Ask!.Committee);
        Assert.Equal(AccessOutcome.Allowed, AccessRules.Decide(omt, isMember: true));
        Assert.Equal(AccessOutcome.NotACurrentMember, AccessRules.Decide(omt, isMember: false));
    }

    [Fact]
    public void The_likely_question_is_the_one_asked_when_a_single_role_is_admitted()
    {
        foreach (var role in AccessRules.MitReaders)
        {
            var roles = Roles(role);
            var asked = AccessRules.Evaluate(roles, Consented(SharingAudience.WithExpertMembers), Now).Ask!;
            Assert.Equal(asked.Key, AccessRules.LikelyQuestion(roles)!.Key);
        }
        Assert.Equal("OMT:", AccessRules.LikelyQuestion(Roles(PlatformRoles.OmtChair))!.Key);
        Assert.Null(AccessRules.LikelyQuestion(Roles(PlatformRoles.Operator)));
    }

    [Fact]
    public void Every_seat_kind_the_gate_asks_about_has_the_same_name_in_the_committees_contract()
    {
        Assert.Subset(Enum.GetNames<Mit.Platform.V1.SeatKind>().ToHashSet(), Enum.GetNames<SeatKind>().ToHashSet());
    }
}
