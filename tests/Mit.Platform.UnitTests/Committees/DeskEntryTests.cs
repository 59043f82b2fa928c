using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.UnitTests.Desks;

public class DeskEntryTests
{
    private static readonly string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset At = new(2030, 3, 5, 15, 0, 0, TimeSpan.Zero);

    private static DeskEntry Entry(DeskEntryKind kind = DeskEntryKind.Released) => new()
    {
        Committee = Committee.MIT,
        Position = 7,
        Kind = kind,
        RequestId = Guid.Parse("6f1c2a57-0d0e-4c7a-9a51-3b7c0f6e2d11"),
        Version = 1,
        Digest = kind == DeskEntryKind.Released ? Digest : "",
        Title = "Stikstofmaatregelen",
        ReceivedAt = new DateTimeOffset(2030, 3, 5, 14, 30, 2, TimeSpan.Zero),
    };

    [Fact]
    public void A_release_received_on_both_desks_raises_one_arrival_with_both_receipts()
    {
        var release = new JointAdviceRequestReleased(Guid.Parse("6f1c2a57-0d0e-4c7a-9a51-3b7c0f6e2d11"), 2, Digest, "Stikstofmaatregelen", false,
            At.AddMinutes(-1), At.AddDays(14), "SZW", "VWS");

        var entries = DeskEntry.Received(release, [(Committee.MIT, 5), (Committee.OMT, 3)], At);

        Assert.Equal([(Committee.MIT, 5L, DeskEntryKind.Released, 2, Digest, At), (Committee.OMT, 3L, DeskEntryKind.Released, 2, Digest, At)],
            entries.Select(e => (e.Committee, e.Position, e.Kind, e.Version, e.Digest, e.ReceivedAt)));
        var raised = Assert.Single(entries[0].RaisedEvents);
        var arrival = Assert.IsType<DeskItemsReceived>(raised.Event);
        Assert.Equal((release.RequestId, 2, At), (arrival.RequestId, arrival.Version, raised.At));
        Assert.Equal([new DeskReceipt("MIT", Digest, At), new DeskReceipt("OMT", Digest, At)], arrival.Receipts);
        Assert.Empty(entries[1].RaisedEvents);
    }

    [Fact]
    public void Acknowledging_raises_the_receipt_with_the_digest_as_said()
    {
        var entry = Entry();
        var other = new string('f', 64);

        entry.Acknowledge(other, "secretaris@mit", At);

        Assert.Equal([new RaisedEvent(new DeskReceiptAcknowledged(entry.RequestId, 1, "MIT", other, "secretaris@mit", At), At)], entry.RaisedEvents);
        entry.ClearRaisedEvents();
        Assert.Empty(entry.RaisedEvents);
    }

    [Fact]
    public void Acknowledge_records_digest_by_and_at()
    {
        var entry = Entry();

        entry.Acknowledge(Digest, "secretaris@mit", At);

        Assert.Equal(Digest, entry.AcknowledgedDigest);
        Assert.Equal("secretaris@mit", entry.AcknowledgedBy);
        Assert.Equal(At, entry.AcknowledgedAt);
        Assert.True(entry.DigestMatches);
    }

    [Fact]
    public void An_entry_not_yet_acknowledged_does_not_report_a_mismatch()
    {
        var entry = Entry();

        Assert.Null(entry.AcknowledgedDigest);
        Assert.True(entry.DigestMatches);
    }

    [Fact]
    public void Acknowledging_another_digest_is_recorded_as_said_and_does_not_match()
    {
        var entry = Entry();
        var other = new string('f', 64);

        entry.Acknowledge(other, "secretaris@mit", At);

        Assert.Equal(other, entry.AcknowledgedDigest);
        Assert.False(entry.DigestMatches);
    }

    [Fact]
    public void A_later_acknowledgement_replaces_the_earlier_one()
    {
        var entry = Entry();
        entry.Acknowledge(new string('f', 64), "secretaris@mit", At);

        entry.Acknowledge(Digest, "voorzitter@mit", At.AddHours(1));

        Assert.Equal("voorzitter@mit", entry.AcknowledgedBy);
        Assert.Equal(At.AddHours(1), entry.AcknowledgedAt);
        Assert.True(entry.DigestMatches);
    }

    [Fact]
    public void Acknowledging_a_linked_entry_is_a_rule_violation()
    {
        var entry = Entry(DeskEntryKind.Linked);

        Assert.Throws<RuleViolationException>(() => entry.Acknowledge(Digest, "secretaris@mit", At));

        Assert.Null(entry.AcknowledgedDigest);
        Assert.Null(entry.AcknowledgedBy);
        Assert.Null(entry.AcknowledgedAt);
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("  0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void ValidDigest_normalises_case_and_whitespace(string input) =>
        Assert.Equal(Digest, DeskEntry.ValidDigest(input, "digest"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")] // 63
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")] // 65
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")] // not hex
    [InlineData("0123456789abcdef0123456789abcdef 123456789abcdef0123456789abcdef")] // inner space
    public void ValidDigest_rejects_bad_input_with_the_field_name(string? input)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => DeskEntry.ValidDigest(input, "acknowledgement.digest"));

        Assert.Equal("acknowledgement.digest", Assert.Single(ex.Violations).Field);
    }
}
