using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using static Mit.Platform.UnitTests.Composition.TestCommittee;

namespace Mit.Platform.UnitTests.Composition;

/// <summary>Unsolicited advice: opened by a committee, adopted its way (MIT vote, OMT consensus), no seal.</summary>
public sealed class UnsolicitedAdviceTests
{
    private static readonly Guid AdviceId = Guid.Parse("5c0e1d2a-0000-4000-8000-00000000c0de");

    private static UnsolicitedAdvice Open(Committee committee) =>
        committee.OpenUnsolicited(AdviceId, "Societal consequences of long covid", "What does long covid mean for work, care and income?",
            "More than 5% of the population is affected; nobody asked.", [RequestId], null, Secretariat, AdoptedAt.AddDays(-20));

    [Fact]
    public void An_opened_advice_records_title_question_reason_and_links_and_is_not_adopted()
    {
        var mit = FullMit();
        var advice = Open(mit);

        Assert.Equal("Societal consequences of long covid", advice.Title);
        Assert.Equal([RequestId], advice.RelatedRequests);
        Assert.Same(advice, mit.FindUnsolicited(AdviceId));
        Assert.Null(mit.AdoptionFor(AdviceId));
    }

    [Fact]
    public void Opening_without_title_question_and_reason_names_each_field()
    {
        var e = Assert.Throws<ValidationFailedException>(() =>
            FullMit().OpenUnsolicited(AdviceId, " ", "", "", [], null, Secretariat, AdoptedAt));

        Assert.Equal(["question", "reason", "title"], e.Violations.Select(v => v.Field).Order());
    }

    [Fact]
    public void The_MIT_adopts_by_vote_with_the_snapshot_and_raises_the_unsolicited_event_not_a_sealed_adoption()
    {
        var mit = FullMit();
        Open(mit);
        mit.ClearEvents();

        var adoption = mit.AdoptUnsolicited(AdviceId, Digest, "Recognise long covid in work and income rules.", AdoptedAt, Chair,
            [new Vote(Chair, VoteChoice.For), new Vote(Members[0], VoteChoice.For), new Vote(Members[1], VoteChoice.For)], false, null);

        Assert.Equal(AdoptionMethod.Vote, adoption.Method);
        Assert.Equal(3, adoption.VotesFor);
        Assert.Contains(Members[2], adoption.Snapshot.Absent);
        var raised = Assert.Single(mit.Events);
        var e = Assert.IsType<UnsolicitedAdviceAdopted>(raised);
        Assert.Equal((AdviceId, "Societal consequences of long covid", Digest), (e.AdviceId, e.Title, e.DocumentDigest));
    }

    [Fact]
    public void An_expert_members_vote_refuses_the_whole_adoption()
    {
        var mit = FullMit();
        Open(mit);
        var expert = ExpertSubject(ExpertInstitution.CPB);

        var e = Assert.Throws<ValidationFailedException>(() => mit.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, Chair,
            [new Vote(Chair, VoteChoice.For), new Vote(Members[0], VoteChoice.For), new Vote(Members[1], VoteChoice.For), new Vote(expert, VoteChoice.For)], false, null));

        Assert.Contains(e.Violations, v => v.Field == "votes[3].subject");
        Assert.Null(mit.AdoptionFor(AdviceId));
    }

    [Fact]
    public void Without_quorum_nothing_is_adopted()
    {
        var mit = FullMit();
        Open(mit);

        Assert.Throws<RuleViolationException>(() => mit.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, Chair, [new Vote(Chair, VoteChoice.For)], false, null));
        Assert.Null(mit.AdoptionFor(AdviceId));
    }

    [Fact]
    public void Only_the_chair_in_office_records_the_MIT_vote()
    {
        var mit = FullMit();
        Open(mit);

        Assert.Throws<AccessDeniedException>(() => mit.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, Members[0],
            [new Vote(Chair, VoteChoice.For), new Vote(Members[0], VoteChoice.For), new Vote(Members[1], VoteChoice.For)], false, null));
    }

    [Fact]
    public void The_OMT_adopts_by_consensus_with_dissent_and_refuses_votes()
    {
        var omt = FullOmt();
        Open(omt);

        Assert.Throws<ValidationFailedException>(() => omt.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, OmtChair, [new Vote(OmtChair, VoteChoice.For)], false, null));
        var adoption = omt.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, OmtChair, [], false, "One member doubts the prevalence figures.");

        Assert.Equal(AdoptionMethod.Consensus, adoption.Method);
        Assert.Equal("One member doubts the prevalence figures.", adoption.Dissent);
    }

    [Fact]
    public void An_advice_is_adopted_once_and_an_unknown_one_not_at_all()
    {
        var omt = FullOmt();
        Open(omt);
        omt.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, OmtChair, [], false, null);

        Assert.Throws<AlreadyExistsException>(() => omt.AdoptUnsolicited(AdviceId, Digest, "s", AdoptedAt, OmtChair, [], false, null));
        Assert.Throws<NotFoundException>(() => omt.AdoptUnsolicited(Guid.NewGuid(), Digest, "s", AdoptedAt, OmtChair, [], false, null));
    }
}
