using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using static Mit.Platform.UnitTests.Requests.TestData;

namespace Mit.Platform.UnitTests.Requests;

/// <summary>
/// Every illegal transition throws the exception that maps to the right gRPC status:
/// RuleViolationException (FailedPrecondition), AccessDeniedException (PermissionDenied),
/// ValidationFailedException (InvalidArgument, with the fields), AlreadyExistsException (AlreadyExists).
/// </summary>
public class JointRequestIllegalTransitionTests
{
    [Fact]
    public void CoSign_by_the_drafting_ministry_is_denied()
    {
        var request = Draft();

        Assert.Throws<AccessDeniedException>(() => request.CoSign(Ministry.SZW, "anna@szw", 1, request.Current.Digest, ReleasedAt));

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void CoSign_of_an_amendment_by_its_drafting_ministry_is_denied()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.VWS, "bert@vws", Amendment());

        Assert.Throws<AccessDeniedException>(() => request.CoSign(Ministry.VWS, "bert@vws", 2, request.Pending!.Digest, SecondReleaseAt));

        Assert.Equal(1, request.Released!.Number);
    }

    [Fact]
    public void CoSign_twice_is_a_rule_violation()
    {
        var request = ReleasedV1();
        var digest = request.Released!.Digest;

        Assert.Throws<RuleViolationException>(() => request.CoSign(Ministry.VWS, "bert@vws", 1, digest, ReleasedAt.AddMinutes(1)));

        Assert.Single(request.Events);
        Assert.Equal(ReleasedAt, request.Released!.ReleasedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void CoSign_of_another_version_number_is_a_rule_violation(int version)
    {
        var request = Draft();

        Assert.Throws<RuleViolationException>(() => request.CoSign(Ministry.VWS, "bert@vws", version, request.Current.Digest, ReleasedAt));

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void CoSign_with_another_digest_is_a_rule_violation()
    {
        var request = Draft();
        var otherDigest = Regular(title: "Iets anders").Digest();

        Assert.Throws<RuleViolationException>(() => request.CoSign(Ministry.VWS, "bert@vws", 1, otherDigest, ReleasedAt));

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Null(request.Released);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void CoSign_of_an_amendment_with_the_released_digest_is_a_rule_violation()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());

        Assert.Throws<RuleViolationException>(() => request.CoSign(Ministry.VWS, "bert@vws", 2, request.Released!.Digest, SecondReleaseAt));

        Assert.Equal(1, request.Released!.Number);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86_400)]
    public void CoSign_at_or_after_the_deadline_is_a_rule_violation(int secondsAfterDeadline)
    {
        var request = Draft();

        Assert.Throws<RuleViolationException>(() =>
            request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, RegularDeadline.AddSeconds(secondsAfterDeadline)));

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void CoSign_one_second_before_the_deadline_is_allowed()
    {
        var request = Draft();

        request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, RegularDeadline.AddSeconds(-1));

        Assert.Equal(RequestState.Released, request.State);
    }

    [Fact]
    public void CoSign_after_a_decline_is_a_rule_violation()
    {
        var request = Draft();
        request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Nee.");

        Assert.Throws<RuleViolationException>(() => request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, ReleasedAt));

        Assert.Equal(RequestState.Declined, request.State);
    }

    [Fact]
    public void Amend_of_a_draft_is_a_rule_violation()
    {
        var request = Draft();

        Assert.Throws<RuleViolationException>(() => request.Amend(Ministry.SZW, "anna@szw", Amendment()));

        Assert.Single(request.Versions);
    }

    [Fact]
    public void Amend_while_an_amendment_is_pending_is_a_rule_violation()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());

        Assert.Throws<RuleViolationException>(() => request.Amend(Ministry.SZW, "anna@szw", Regular(title: "Derde versie")));

        Assert.Equal(2, request.Versions.Count);
        Assert.Equal(2, request.Pending!.Number);
    }

    [Fact]
    public void Amendment_identical_to_the_released_content_is_a_rule_violation()
    {
        var request = ReleasedV1();

        Assert.Throws<RuleViolationException>(() => request.Amend(Ministry.SZW, "anna@szw", Regular()));

        Assert.Null(request.Pending);
        Assert.Single(request.Versions);
    }

    [Fact]
    public void Amendment_differing_only_in_insignificant_whitespace_is_identical_and_a_rule_violation()
    {
        var request = ReleasedV1();
        var same = Regular(title: "  " + Title + "\r\n", question: Question.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Throws<RuleViolationException>(() => request.Amend(Ministry.VWS, "bert@vws", same));
    }

    [Fact]
    public void Withdraw_after_release_is_a_rule_violation()
    {
        var request = ReleasedV1();

        Assert.Throws<RuleViolationException>(() => request.Withdraw(Ministry.SZW, "Toch niet."));

        Assert.Equal(RequestState.Released, request.State);
        Assert.Null(request.WithdrawReason);
    }

    [Fact]
    public void Withdraw_while_an_amendment_is_pending_is_a_rule_violation()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());

        Assert.Throws<RuleViolationException>(() => request.Withdraw(Ministry.SZW, "Toch niet."));

        Assert.Equal(RequestState.Released, request.State);
        Assert.NotNull(request.Pending);
    }

    [Fact]
    public void Withdraw_by_the_co_signing_ministry_is_denied()
    {
        var request = Draft();

        Assert.Throws<AccessDeniedException>(() => request.Withdraw(Ministry.VWS, "Wij willen niet."));

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Withdraw_without_reason_is_invalid(string? reason)
    {
        var request = Draft();

        var ex = Assert.Throws<ValidationFailedException>(() => request.Withdraw(Ministry.SZW, reason!));

        AssertFields(ex, "reason");
        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
    }

    public static TheoryData<string> Operations => ["revise", "co-sign", "decline", "withdraw", "amend", "link"];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Any_operation_on_a_withdrawn_request_is_a_rule_violation(string operation)
    {
        var request = Draft();
        var digest = request.Current.Digest;
        request.Withdraw(Ministry.SZW, "Niet meer actueel.");
        Action act = operation switch
        {
            "revise" => () => request.Revise(Ministry.SZW, "anna@szw", Regular(title: "Herzien")),
            "co-sign" => () => request.CoSign(Ministry.VWS, "bert@vws", 1, digest, ReleasedAt),
            "decline" => () => request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Nee."),
            "withdraw" => () => request.Withdraw(Ministry.SZW, "Nogmaals."),
            "amend" => () => request.Amend(Ministry.SZW, "anna@szw", Amendment()),
            "link" => () => request.Link(OtherRequestId, null, null, "anna@szw", ReleasedAt),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };

        Assert.Throws<RuleViolationException>(act);

        Assert.Equal(RequestState.Withdrawn, request.State);
        Assert.Equal("Niet meer actueel.", request.WithdrawReason);
        Assert.Empty(request.Links);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void Revise_by_the_co_signing_ministry_is_denied()
    {
        var request = Draft();
        var digest = request.Current.Digest;

        Assert.Throws<AccessDeniedException>(() => request.Revise(Ministry.VWS, "bert@vws", Regular(title: "Door VWS herschreven")));

        Assert.Equal(digest, request.Pending!.Digest);
        Assert.Equal("anna@szw", request.Pending.DraftedBy);
    }

    [Fact]
    public void Revise_of_a_declined_draft_by_the_co_signing_ministry_is_denied()
    {
        var request = Draft();
        request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Nee.");

        Assert.Throws<AccessDeniedException>(() => request.Revise(Ministry.VWS, "bert@vws", Regular(title: "Door VWS herschreven")));

        Assert.Equal(RequestState.Declined, request.State);
    }

    [Fact]
    public void Revise_of_a_released_request_without_pending_amendment_is_a_rule_violation()
    {
        var request = ReleasedV1();

        Assert.Throws<RuleViolationException>(() => request.Revise(Ministry.SZW, "anna@szw", Amendment()));

        Assert.Single(request.Versions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n")]
    public void Decline_without_reason_is_invalid(string? reason)
    {
        var request = Draft();

        var ex = Assert.Throws<ValidationFailedException>(() => request.DeclineCoSigning(Ministry.VWS, "bert@vws", reason!));

        AssertFields(ex, "reason");
        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
        Assert.Equal(VersionStatus.Pending, request.Versions[0].Status);
    }

    [Fact]
    public void Decline_with_a_too_long_reason_is_invalid()
    {
        var request = Draft();

        var ex = Assert.Throws<ValidationFailedException>(() =>
            request.DeclineCoSigning(Ministry.VWS, "bert@vws", new string('x', RequestLimits.MaxReasonLength + 1)));

        AssertFields(ex, "reason");
    }

    [Fact]
    public void Decline_by_the_drafting_ministry_is_denied()
    {
        var request = Draft();

        Assert.Throws<AccessDeniedException>(() => request.DeclineCoSigning(Ministry.SZW, "anna@szw", "Nee."));

        Assert.Equal(RequestState.AwaitingCoSignature, request.State);
    }

    [Fact]
    public void Decline_when_nothing_awaits_co_signature_is_a_rule_violation()
    {
        var request = ReleasedV1();

        Assert.Throws<RuleViolationException>(() => request.DeclineCoSigning(Ministry.VWS, "bert@vws", "Nee."));

        Assert.Equal(VersionStatus.Released, request.Versions[0].Status);
    }

    [Theory]
    [InlineData(Ministry.SZW)]
    [InlineData(Ministry.VWS)]
    public void Draft_with_the_drafting_ministry_as_co_signer_is_invalid(Ministry ministry)
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            JointRequest.Draft(RequestId, ministry, "someone", ministry, Regular(), DraftedAt));

        AssertFields(ex, "co_signing_ministry");
    }

    [Fact]
    public void Link_to_itself_is_invalid()
    {
        var request = Draft();

        var ex = Assert.Throws<ValidationFailedException>(() => request.Link(RequestId, null, null, "anna@szw", DraftedAt));

        AssertFields(ex, "related_request_id");
        Assert.Empty(request.Links);
    }

    [Fact]
    public void Same_related_request_linked_twice_already_exists()
    {
        var request = ReleasedV1();
        request.Link(OtherRequestId, null, null, "anna@szw", ReleasedAt);
        request.ClearEvents();

        Assert.Throws<AlreadyExistsException>(() => request.Link(OtherRequestId, null, "Nogmaals", "bert@vws", SecondReleaseAt));

        Assert.Single(request.Links);
        Assert.Empty(request.Events);
    }

    [Fact]
    public void Same_external_reference_linked_twice_already_exists()
    {
        var request = Draft();
        request.Link(null, "Kamerstuk 35334-123", null, "anna@szw", DraftedAt);

        Assert.Throws<AlreadyExistsException>(() => request.Link(null, "Kamerstuk 35334-123", null, "anna@szw", DraftedAt));

        Assert.Single(request.Links);
    }
}
