using Mit.Platform.AdviceRequests.Domain;
using static Mit.Platform.UnitTests.Requests.TestData;

namespace Mit.Platform.UnitTests.Requests;

/// <summary>What the desks report back, and the alarm when a committee holds another digest than the released one.</summary>
public class CommitteeStatusTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2030, 3, 5, 14, 30, 2, TimeSpan.Zero);
    private static readonly DateTimeOffset AcknowledgedAt = new(2030, 3, 5, 15, 0, 0, TimeSpan.Zero);
    private static readonly string WrongDigest = new('e', 64);

    private static CommitteeStatus Status(JointRequest request, Committee committee) =>
        Assert.Single(request.Committees, c => c.Committee == committee);

    [Theory]
    [InlineData(Committee.MIT)]
    [InlineData(Committee.OMT)]
    public void Receipt_and_acknowledgement_of_the_released_digest_raise_no_alarm(Committee committee)
    {
        var request = ReleasedV1();
        var digest = request.Released!.Digest;

        request.RecordReceipt(committee, 1, digest, ReceivedAt);
        request.RecordAcknowledgement(committee, 1, digest, "secretaris", AcknowledgedAt);

        var status = Status(request, committee);
        Assert.Equal(ReceivedAt, status.ReceivedAt);
        Assert.Equal(digest, status.ReceivedDigest);
        Assert.Equal(AcknowledgedAt, status.AcknowledgedAt);
        Assert.Equal(digest, status.AcknowledgedDigest);
        Assert.Equal("secretaris", status.AcknowledgedBy);
        Assert.False(request.DigestAlarm);
    }

    [Fact]
    public void A_report_for_one_committee_leaves_the_other_untouched()
    {
        var request = ReleasedV1();

        request.RecordReceipt(Committee.MIT, 1, request.Released!.Digest, ReceivedAt);

        Assert.Null(Status(request, Committee.OMT).ReceivedAt);
        Assert.Null(Status(request, Committee.OMT).ReceivedDigest);
    }

    [Theory]
    [InlineData(Committee.MIT)]
    [InlineData(Committee.OMT)]
    public void Receipt_of_another_digest_raises_the_alarm(Committee committee)
    {
        var request = ReleasedV1();

        request.RecordReceipt(committee, 1, WrongDigest, ReceivedAt);

        Assert.Equal(WrongDigest, Status(request, committee).ReceivedDigest);
        Assert.True(request.DigestAlarm);
    }

    [Theory]
    [InlineData(Committee.MIT)]
    [InlineData(Committee.OMT)]
    public void Acknowledgement_of_another_digest_raises_the_alarm(Committee committee)
    {
        var request = ReleasedV1();
        request.RecordReceipt(committee, 1, request.Released!.Digest, ReceivedAt);
        Assert.False(request.DigestAlarm);

        request.RecordAcknowledgement(committee, 1, WrongDigest, "secretaris", AcknowledgedAt);

        Assert.Equal(WrongDigest, Status(request, committee).AcknowledgedDigest);
        Assert.True(request.DigestAlarm);
    }

    [Fact]
    public void The_first_receipt_counts()
    {
        var request = ReleasedV1();
        var digest = request.Released!.Digest;

        request.RecordReceipt(Committee.MIT, 1, digest, ReceivedAt);
        request.RecordReceipt(Committee.MIT, 1, WrongDigest, ReceivedAt.AddMinutes(5));

        Assert.Equal(ReceivedAt, Status(request, Committee.MIT).ReceivedAt);
        Assert.Equal(digest, Status(request, Committee.MIT).ReceivedDigest);
        Assert.False(request.DigestAlarm);
    }

    [Fact]
    public void Reports_before_release_are_ignored()
    {
        var request = Draft();

        request.RecordReceipt(Committee.MIT, 1, WrongDigest, ReceivedAt);
        request.RecordAcknowledgement(Committee.OMT, 1, WrongDigest, "secretaris", AcknowledgedAt);

        Assert.Empty(request.Committees);
        Assert.False(request.DigestAlarm);
    }

    [Fact]
    public void Reports_for_an_older_version_are_ignored_after_an_amendment_release()
    {
        var request = ReleasedV2();
        var v1Digest = request.Versions[0].Digest;

        request.RecordReceipt(Committee.MIT, 1, v1Digest, ReceivedAt);
        request.RecordAcknowledgement(Committee.OMT, 1, v1Digest, "secretaris", AcknowledgedAt);
        request.RecordReceipt(Committee.OMT, 1, WrongDigest, ReceivedAt);

        Assert.False(request.DigestAlarm);
        Assert.All(request.Committees, c =>
        {
            Assert.Equal(2, c.Version);
            Assert.Null(c.ReceivedDigest);
            Assert.Null(c.ReceivedAt);
            Assert.Null(c.AcknowledgedDigest);
            Assert.Null(c.AcknowledgedAt);
        });
    }

    [Fact]
    public void Reports_for_the_amendment_version_count_after_its_release()
    {
        var request = ReleasedV2();
        var v2Digest = request.Released!.Digest;

        request.RecordReceipt(Committee.MIT, 2, v2Digest, ReceivedAt);
        request.RecordAcknowledgement(Committee.OMT, 2, request.Versions[0].Digest, "secretaris", AcknowledgedAt);

        Assert.Equal(v2Digest, Status(request, Committee.MIT).ReceivedDigest);
        Assert.True(request.DigestAlarm); // OMT acknowledged the digest of version 1 for version 2
    }

    [Fact]
    public void Reports_for_a_pending_amendment_are_ignored_while_the_old_version_is_in_force()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());

        request.RecordReceipt(Committee.MIT, 2, WrongDigest, ReceivedAt);

        Assert.False(request.DigestAlarm);
        Assert.Null(Status(request, Committee.MIT).ReceivedDigest);
    }

    [Fact]
    public void An_alarm_on_the_old_version_ends_with_the_amendment_release()
    {
        var request = ReleasedV1();
        request.RecordReceipt(Committee.MIT, 1, WrongDigest, ReceivedAt);
        Assert.True(request.DigestAlarm);

        request.Amend(Ministry.SZW, "anna@szw", Amendment());
        request.CoSign(Ministry.VWS, "bert@vws", 2, request.Pending!.Digest, SecondReleaseAt);

        Assert.False(request.DigestAlarm);
    }
}
