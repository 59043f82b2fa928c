using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.UnitTests.Briefings;

public sealed class SharingTests
{
    private static readonly DateTimeOffset Now = new(2023, 2, 10, 9, 0, 0, TimeSpan.Zero);

    private static Sharing Proposed(DateTimeOffset? until = null)
    {
        var s = Sharing.For(Guid.NewGuid());
        s.Propose("omt-chair", SharingAudience.WithSecretariat, until, showTitles: false, note: null, Now);
        return s;
    }

    [Fact]
    public void Propose_consent_revoke_keeps_every_state_with_who_and_when_and_raises_the_epoch_each_time()
    {
        var s = Proposed();
        s.Grant("vws-minister", Now.AddHours(1));
        Assert.True(s.Stands(Now.AddHours(2)));
        s.Revoke("vws-delegate", "changed circumstances", Now.AddHours(3));
        Assert.False(s.Stands(Now.AddHours(4)));
        Assert.Equal(3, s.Epoch);
        Assert.Equal([SharingState.Proposed, SharingState.Consented, SharingState.Revoked], s.History.Select(h => h.State));
        Assert.Equal(["omt-chair", "vws-minister", "vws-delegate"], s.History.Select(h => h.By));
        Assert.Equal([Now, Now.AddHours(1), Now.AddHours(3)], s.History.Select(h => h.At));
    }

    [Fact]
    public void A_refused_revoked_or_expired_sharing_can_be_proposed_again_but_a_standing_one_cannot()
    {
        var s = Proposed();
        Assert.Throws<RuleViolationException>(() => s.Propose("omt-chair", SharingAudience.MembersAndChair, null, false, null, Now));
        s.Refuse("vws-minister", "not now", Now);
        s.Propose("omt-chair", SharingAudience.MembersAndChair, null, false, null, Now);
        s.Grant("vws-minister", Now);
        Assert.Throws<RuleViolationException>(() => s.Propose("omt-chair", SharingAudience.MembersAndChair, null, false, null, Now));
        Assert.True(s.Expire("request closed", Now));
        Assert.Equal(SharingState.Expired, s.State);
        Assert.False(s.Expire("again", Now));
        s.Propose("omt-chair", SharingAudience.MembersAndChair, null, false, null, Now);
        Assert.Equal(SharingState.Proposed, s.State);
    }

    [Fact]
    public void Consent_needs_a_standing_proposal_and_a_refusal_needs_a_reason()
    {
        var none = Sharing.For(Guid.NewGuid());
        Assert.Throws<RuleViolationException>(() => none.Grant("vws-minister", Now));
        Assert.Throws<RuleViolationException>(() => none.Revoke("omt-chair", null, Now));
        var s = Proposed();
        var e = Assert.Throws<ValidationFailedException>(() => s.Refuse("vws-minister", " ", Now));
        Assert.Equal("reason", Assert.Single(e.Violations).Field);
        s.Grant("vws-minister", Now);
        Assert.Throws<RuleViolationException>(() => s.Grant("vws-minister", Now));
        Assert.Throws<RuleViolationException>(() => s.Refuse("vws-minister", "late", Now));
    }

    [Fact]
    public void A_consent_ends_by_itself_at_its_end_date_and_an_end_date_must_lie_ahead()
    {
        var s = Proposed(until: Now.AddDays(1));
        s.Grant("vws-minister", Now);
        Assert.True(s.Stands(Now.AddHours(23)));
        Assert.False(s.Stands(Now.AddDays(1)));
        Assert.True(s.LapsedByDate(Now.AddDays(1)));
        var e = Assert.Throws<ValidationFailedException>(() => Sharing.For(Guid.NewGuid()).Propose("omt-chair", SharingAudience.MembersAndChair, Now, false, null, Now));
        Assert.Equal("until", Assert.Single(e.Violations).Field);
        var lapsed = Proposed(until: Now.AddHours(1));
        Assert.Throws<RuleViolationException>(() => lapsed.Grant("vws-minister", Now.AddHours(2)));
    }

    [Fact]
    public void An_unknown_audience_is_invalid()
    {
        var e = Assert.Throws<ValidationFailedException>(() => Sharing.For(Guid.NewGuid()).Propose("omt-chair", 0, null, false, null, Now));
        Assert.Equal("audience", Assert.Single(e.Violations).Field);
    }
}
