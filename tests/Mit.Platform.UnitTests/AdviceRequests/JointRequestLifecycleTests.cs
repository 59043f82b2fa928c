using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Contracts;
using static Mit.Platform.UnitTests.Requests.TestData;

namespace Mit.Platform.UnitTests.Requests;

/// <summary>The legal paths: draft → co-signed → released; amend; decline and revise; withdraw; links.</summary>
public class JointRequestLifecycleTests
{
    [Fact]
    public void Draft_awaits_co_signature_with_version_1_pending()
    {
        var content = Regular();

        var request = JointRequest.Draft(RequestId, Ministry.SZW, "anna@szw", Ministry.VWS, content, DraftedAt);

        Assert.Equal(RequestId, request.Id);
        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Equal(Ministry.SZW, request.DraftingMinistry);
        Assert.Equal(Ministry.VWS, request.CoSigningMinistry);
        Assert.Equal(DraftedAt, request.CreatedAt);
        var version = Assert.Single(request.Versions);
        Assert.Same(version, request.Pending);
        Assert.Same(version, request.Current);
        Assert.Equal(1, version.Number);
        Assert.Equal(VersionStatus.Pending, version.Status);
        Assert.Equal(content.Digest(), version.Digest);
        Assert.Equal(Ministry.SZW, version.DraftingMinistry);
        Assert.Equal(Ministry.VWS, version.CoSigningMinistry);
        Assert.Equal("anna@szw", version.DraftedBy);
        Assert.Null(request.Released);
        Assert.Null(request.Deadline);
        Assert.Empty(request.Events);
        Assert.Empty(request.Committees);
        Assert.False(request.DigestAlarm);
    }

    [Fact]
    public void Draft_by_VWS_is_co_signed_by_SZW()
    {
        var request = JointRequest.Draft(RequestId, Ministry.VWS, "carla@vws", Ministry.SZW, Regular(), DraftedAt);

        Assert.Equal(Ministry.VWS, request.DraftingMinistry);
        Assert.Equal(Ministry.SZW, request.CoSigningMinistry);
        Assert.Equal(Ministry.SZW, request.Pending!.CoSigningMinistry);
    }

    [Fact]
    public void CoSign_releases_version_1_with_the_given_deadline_and_raises_one_release_event()
    {
        var content = Regular();
        var request = Draft(content);

        request.CoSign(Ministry.VWS, "bert@vws", 1, content.Digest(), ReleasedAt);

        Assert.Equal(RequestState.Released, request.State);
        var released = Assert.Single(request.Versions);
        Assert.Same(released, request.Released);
        Assert.Null(request.Pending);
        Assert.Equal(1, released.Number);
        Assert.Equal(VersionStatus.Released, released.Status);
        Assert.Equal("bert@vws", released.CoSignedBy);
        Assert.Equal(ReleasedAt, released.ReleasedAt);
        Assert.Equal(RegularDeadline, released.Deadline);
        Assert.Equal(RegularDeadline, request.Deadline);
        var expected = new JointAdviceRequestReleased(RequestId, 1, content.Digest(), Title, false, ReleasedAt, RegularDeadline, "SZW", "VWS");
        Assert.Equal(expected, Assert.Single(request.Events));
    }

    [Fact]
    public void CoSign_of_an_urgent_request_without_deadline_sets_the_deadline_48_hours_after_release()
    {
        var content = Urgent();
        Assert.Null(content.Deadline);
        var request = Draft(content);

        request.CoSign(Ministry.VWS, "bert@vws", 1, content.Digest(), ReleasedAt);

        var due = new DateTimeOffset(2030, 3, 7, 14, 30, 0, TimeSpan.Zero);
        Assert.Equal(due, request.Deadline);
        Assert.Equal(due, request.Released!.Deadline);
        var expected = new JointAdviceRequestReleased(RequestId, 1, content.Digest(), Title, true, ReleasedAt, due, "SZW", "VWS");
        Assert.Equal(expected, Assert.Single(request.Events));
    }

    [Fact]
    public void An_urgent_deadline_is_cut_to_whole_seconds_as_a_given_deadline_is()
    {
        var content = Urgent();
        var request = Draft(content);
        var releasedAt = ReleasedAt.AddTicks(1_234_567);

        request.CoSign(Ministry.VWS, "bert@vws", 1, content.Digest(), releasedAt);

        Assert.Equal(0, request.Deadline!.Value.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(new DateTimeOffset(2030, 3, 7, 14, 30, 0, TimeSpan.Zero), request.Deadline);
        var given = RequestContent.Create("t", "q", [], [], Urgency.Regular, ReleasedAt.AddDays(3).AddTicks(1_234_567), ReleasedAt);
        Assert.Equal(ReleasedAt.AddDays(3), given.Deadline);
    }

    [Fact]
    public void CoSign_of_an_urgent_request_with_a_deadline_keeps_that_deadline()
    {
        var given = new DateTimeOffset(2030, 3, 6, 12, 0, 0, TimeSpan.Zero);
        var request = Draft(Urgent(given));

        request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, ReleasedAt);

        Assert.Equal(given, request.Deadline);
        var released = Assert.IsType<JointAdviceRequestReleased>(Assert.Single(request.Events));
        Assert.True(released.Urgent);
        Assert.Equal(given, released.Deadline);
    }

    [Fact]
    public void CoSign_accepts_the_digest_in_upper_case()
    {
        var request = Draft();

        request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest.ToUpperInvariant(), ReleasedAt);

        Assert.Equal(RequestState.Released, request.State);
    }

    [Fact]
    public void CoSign_opens_a_status_per_committee_for_the_released_version()
    {
        var request = ReleasedV1();

        Assert.Collection(request.Committees,
            c => { Assert.Equal(Committee.MIT, c.Committee); Assert.Equal(1, c.Version); Assert.Null(c.ReceivedDigest); Assert.Null(c.AcknowledgedDigest); },
            c => { Assert.Equal(Committee.OMT, c.Committee); Assert.Equal(1, c.Version); Assert.Null(c.ReceivedDigest); Assert.Null(c.AcknowledgedDigest); });
    }

    [Fact]
    public void Amend_creates_pending_version_2_while_version_1_stays_in_force()
    {
        var request = ReleasedV1();
        var amendment = Amendment();

        request.Amend(Ministry.SZW, "anna@szw", amendment);

        Assert.Equal(RequestState.Released, request.State);
        Assert.Equal(1, request.Released!.Number);
        Assert.Equal(1, request.Current.Number);
        Assert.Equal(RegularDeadline, request.Deadline);
        var pending = request.Pending!;
        Assert.Equal(2, pending.Number);
        Assert.Equal(VersionStatus.Pending, pending.Status);
        Assert.Equal(amendment.Digest(), pending.Digest);
        Assert.Equal("anna@szw", pending.DraftedBy);
        Assert.Single(request.Events);
    }

    [Fact]
    public void CoSign_of_an_amendment_releases_version_2_with_a_second_release_event()
    {
        var request = ReleasedV1();
        var v1Digest = request.Released!.Digest;
        var amendment = Amendment();
        request.Amend(Ministry.SZW, "anna@szw", amendment);

        request.CoSign(Ministry.VWS, "bert@vws", 2, amendment.Digest(), SecondReleaseAt);

        Assert.Equal(RequestState.Released, request.State);
        Assert.Null(request.Pending);
        var released = request.Released!;
        Assert.Equal(2, released.Number);
        Assert.Equal(SecondReleaseAt, released.ReleasedAt);
        Assert.Equal(AmendedDeadline, request.Deadline);
        Assert.Equal(2, request.Versions.Count);
        Assert.Equal(ReleasedAt, request.Versions[0].ReleasedAt);
        Assert.Equal(
            new object[]
            {
                new JointAdviceRequestReleased(RequestId, 1, v1Digest, Title, false, ReleasedAt, RegularDeadline, "SZW", "VWS"),
                new JointAdviceRequestReleased(RequestId, 2, amendment.Digest(), Title + " (gewijzigd)", false, SecondReleaseAt, AmendedDeadline, "SZW", "VWS"),
            },
            request.Events);
        Assert.All(request.Committees, c => Assert.Equal(2, c.Version));
    }

    [Fact]
    public void Amendment_drafted_by_the_co_signing_ministry_is_co_signed_by_the_original_drafter()
    {
        var request = ReleasedV1();
        request.ClearEvents();
        request.Amend(Ministry.VWS, "bert@vws", Amendment());
        Assert.Equal(Ministry.SZW, request.Pending!.CoSigningMinistry);

        request.CoSign(Ministry.SZW, "anna@szw", 2, request.Pending.Digest, SecondReleaseAt);

        var released = Assert.IsType<JointAdviceRequestReleased>(Assert.Single(request.Events));
        Assert.Equal(2, released.Version);
        Assert.Equal("VWS", released.DraftingMinistry);
        Assert.Equal("SZW", released.CoSigningMinistry);
    }

    [Fact]
    public void Decline_of_the_first_draft_sets_Declined_and_records_who_and_why()
    {
        var request = Draft();

        request.DeclineCoSigning(Ministry.VWS, "bert@vws", "  Cijfers ontbreken.  ");

        Assert.Equal(RequestState.Declined, request.State);
        Assert.Null(request.Pending);
        Assert.Null(request.Released);
        var declined = Assert.Single(request.Versions);
        Assert.Equal(VersionStatus.Declined, declined.Status);
        Assert.Equal("Cijfers ontbreken.", declined.DeclineReason);
        Assert.Equal("bert@vws", declined.DeclinedBy);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void Declined_draft_goes_back_to_the_drafter_who_revises_it_and_gets_it_co_signed()
    {
        var request = Draft();
        var declinedDigest = request.Current.Digest;
        request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Cijfers ontbreken.");
        var revised = Regular(question: Question + "\nMet cijfers.");

        request.Revise(Ministry.SZW, "anna@szw", revised);

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        var pending = Assert.Single(request.Versions);
        Assert.Same(pending, request.Pending);
        Assert.Equal(1, pending.Number);
        Assert.Equal(VersionStatus.Pending, pending.Status);
        Assert.Equal(revised.Digest(), pending.Digest);
        Assert.NotEqual(declinedDigest, pending.Digest);

        request.CoSign(Ministry.VWS, "bert@vws", 1, revised.Digest(), ReleasedAt);

        Assert.Equal(RequestState.Released, request.State);
        Assert.Equal(1, request.Released!.Number);
        Assert.Equal(revised.Digest(), Assert.IsType<JointAdviceRequestReleased>(Assert.Single(request.Events)).Digest);
    }

    [Fact]
    public void Revise_of_a_pending_draft_replaces_its_content_so_the_old_digest_no_longer_co_signs()
    {
        var request = Draft();
        var oldDigest = request.Current.Digest;
        var revised = Regular(title: "Stikstof, herzien");

        request.Revise(Ministry.SZW, "dirk@szw", revised);

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Equal(revised.Digest(), request.Pending!.Digest);
        Assert.Equal("dirk@szw", request.Pending.DraftedBy);
        Assert.Throws<RuleViolationException>(() => request.CoSign(Ministry.VWS, "bert@vws", 1, oldDigest, ReleasedAt));
        request.CoSign(Ministry.VWS, "bert@vws", 1, revised.Digest(), ReleasedAt);
        Assert.Equal(RequestState.Released, request.State);
    }

    [Fact]
    public void Decline_of_an_amendment_keeps_the_request_released_at_the_old_version()
    {
        var request = ReleasedV1();
        var v1 = request.Released!;
        request.Amend(Ministry.SZW, "anna@szw", Amendment());

        request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Niet nodig.");

        Assert.Equal(RequestState.Released, request.State);
        Assert.Same(v1, request.Released);
        Assert.Same(v1, request.Current);
        Assert.Equal(1, request.Current.Number);
        Assert.Equal(RegularDeadline, request.Deadline);
        Assert.Null(request.Pending);
        Assert.Equal(VersionStatus.Declined, request.Versions[1].Status);
        Assert.Equal("Niet nodig.", request.Versions[1].DeclineReason);
        Assert.Single(request.Events);
        Assert.All(request.Committees, c => Assert.Equal(1, c.Version));
    }

    [Fact]
    public void Withdraw_before_release_ends_the_request()
    {
        var request = Draft();

        request.Withdraw(Ministry.SZW, "  Niet meer actueel.  ");

        Assert.Equal(RequestState.Withdrawn, request.State);
        Assert.Equal("Niet meer actueel.", request.WithdrawReason);
        Assert.Null(request.Pending);
        Assert.Null(request.Released);
        var version = Assert.Single(request.Versions);
        Assert.Equal(VersionStatus.Declined, version.Status);
        Assert.Equal("withdrawn", version.DeclineReason);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void Withdraw_of_a_declined_draft_is_allowed()
    {
        var request = Draft();
        request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Nee.");

        request.Withdraw(Ministry.SZW, "Dan niet.");

        Assert.Equal(RequestState.Withdrawn, request.State);
    }

    [Fact]
    public void Links_made_before_release_travel_with_the_release_itself()
    {
        var request = Draft();
        var linkedAt = new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero);
        var linkedAt2 = new DateTimeOffset(2030, 3, 4, 10, 5, 0, TimeSpan.Zero);

        request.Link(OtherRequestId, null, "Eerder advies", "anna@szw", linkedAt);
        request.Link(null, "Kamerstuk 35334-123", null, "anna@szw", linkedAt2);

        Assert.Empty(request.Events);
        Assert.Equal(2, request.Links.Count);
        Assert.Equal(new RelatedLink(OtherRequestId, null, "Eerder advies", "anna@szw", linkedAt), request.Links[0]);

        request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, ReleasedAt);

        var released = Assert.IsType<JointAdviceRequestReleased>(Assert.Single(request.Events));
        Assert.Equal([new ReleasedLink(OtherRequestId, null, "Eerder advies", linkedAt), new ReleasedLink(null, "Kamerstuk 35334-123", null, linkedAt2)], released.Links!);
    }

    [Fact]
    public void Links_are_not_emitted_again_at_an_amendment_release_which_carries_them()
    {
        var request = Draft();
        request.Link(OtherRequestId, null, null, "anna@szw", DraftedAt);
        request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, ReleasedAt);
        request.ClearEvents();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());

        request.CoSign(Ministry.VWS, "bert@vws", 2, request.Pending!.Digest, SecondReleaseAt);

        var released = Assert.IsType<JointAdviceRequestReleased>(Assert.Single(request.Events));
        Assert.Equal(2, released.Version);
        // The amendment's release entry, too, carries the links that exist at its release.
        Assert.Equal(OtherRequestId, Assert.Single(released.Links!).RelatedRequestId);
        // The amendment's release entry, too, carries the links that exist at its release.
        Assert.Equal(OtherRequestId, Assert.Single(released.Links!).RelatedRequestId);
    }

    [Fact]
    public void Links_made_after_release_are_emitted_immediately()
    {
        var request = ReleasedV1();
        request.ClearEvents();
        var linkedAt = new DateTimeOffset(2030, 3, 6, 8, 0, 0, TimeSpan.Zero);

        request.Link(OtherRequestId, "Kamerstuk 35334-123", "Zie ook", "bert@vws", linkedAt);

        Assert.Equal(new AdviceRequestLinked(RequestId, OtherRequestId, "Kamerstuk 35334-123", "Zie ook", linkedAt), Assert.Single(request.Events));
        Assert.Single(request.Links);
    }

    [Fact]
    public void Links_made_while_an_amendment_is_pending_are_emitted_immediately()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());
        request.ClearEvents();

        request.Link(OtherRequestId, null, null, "anna@szw", SecondReleaseAt);

        Assert.IsType<AdviceRequestLinked>(Assert.Single(request.Events));
    }

    [Fact]
    public void IsOverdue_only_when_released_and_past_the_deadline()
    {
        var draft = Draft();
        Assert.False(draft.IsOverdue(RegularDeadline.AddDays(1)));

        var request = ReleasedV1();
        Assert.False(request.IsOverdue(RegularDeadline));
        Assert.True(request.IsOverdue(RegularDeadline.AddSeconds(1)));
    }

    [Fact]
    public void ClearEvents_empties_the_outbox_list()
    {
        var request = ReleasedV1();

        request.ClearEvents();

        Assert.Empty(request.Events);
    }
}
