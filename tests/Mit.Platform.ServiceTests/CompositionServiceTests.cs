using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The composition rules through the gateway with real tokens: each refusal with its precise status (and field), and
/// the composition exactly as it was before. Only fresh subjects are seated, in seats without a vote today.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CompositionServiceTests(PlatformFixture platform)
{
    private readonly CommitteeComposition.CommitteeCompositionClient _minister = platform.Committees(Persona.SzwMinister);
    private readonly CommitteeComposition.CommitteeCompositionClient _mitChair = platform.Committees(Persona.MitChair);

    private Task<V1.Composition> Mit(string asOf = "") => platform.CompositionOf(Committee.Mit, asOf);

    /// <summary>The MIT in force on the date, or null when none is.</summary>
    private async Task<V1.Composition?> MitOn(string date)
    {
        try
        {
            return await Mit(date);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private Task<RpcException> RefusedAndMitUnchanged(Func<Task> call, StatusCode code, string? field = null) =>
        Composition.RefusedWithoutChange(() => Mit(), call, code, field);

    private Task<CheckMembershipResponse> Check(string subject, params SeatKind[] seats)
    {
        var request = new CheckMembershipRequest { Subject = subject, Committee = Committee.Mit };
        request.Seats.AddRange(seats);
        return _mitChair.CheckMembershipAsync(request).ResponseAsync;
    }

    [Fact]
    public async Task A_second_chair_in_overlapping_dates_is_FailedPrecondition_and_changes_nothing()
    {
        var today = (await Mit()).AsOf;

        await RefusedAndMitUnchanged(() => _minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.Chair, today)).ResponseAsync,
            StatusCode.FailedPrecondition);
    }

    [Theory]
    [InlineData(SeatKind.ExpertMember, ExpertInstitution.Unspecified, false, "institution")]
    [InlineData(SeatKind.Member, ExpertInstitution.Pbl, false, "institution")]
    [InlineData(SeatKind.Secretariat, ExpertInstitution.Unspecified, true, "agenda_member")]
    public async Task A_seat_that_contradicts_its_kind_is_InvalidArgument_on_the_field_and_changes_nothing(
        SeatKind seat, ExpertInstitution institution, bool agendaMember, string field)
    {
        var request = Composition.Appointment(Committee.Mit, seat, (await Mit()).AsOf, institution: institution);
        request.AgendaMember = agendaMember;

        await RefusedAndMitUnchanged(() => _minister.AppointAsync(request).ResponseAsync, StatusCode.InvalidArgument, field);
    }

    [Fact]
    public async Task A_term_outside_the_establishment_decree_is_InvalidArgument_on_from_or_until()
    {
        var decree = (await Mit()).Committee;

        await RefusedAndMitUnchanged(() => _minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.Secretariat,
            Composition.Plus(decree.TermStart, -1))).ResponseAsync, StatusCode.InvalidArgument, "from");
        await RefusedAndMitUnchanged(() => _minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.Secretariat,
            decree.TermStart, until: Composition.Plus(decree.TermEnd, 1))).ResponseAsync, StatusCode.InvalidArgument, "until");
    }

    [Fact]
    public async Task One_person_holding_a_second_seat_at_the_same_time_is_FailedPrecondition()
    {
        var today = (await Mit()).AsOf;
        var seat = await platform.AppointSecretariat(today);

        await RefusedAndMitUnchanged(() => _minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.Substitute, today, seat.Subject,
            institution: ExpertInstitution.Scp)).ResponseAsync, StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task Ending_an_appointment_twice_is_FailedPrecondition_and_keeps_the_first_end()
    {
        var today = (await Mit()).AsOf;
        var seat = await platform.AppointSecretariat(today);
        var ended = await _minister.EndAppointmentAsync(Composition.Ending(seat, today));
        Assert.True(ended.Ended);
        Assert.Equal(today, ended.Until);

        await RefusedAndMitUnchanged(() => _minister.EndAppointmentAsync(Composition.Ending(seat, today)).ResponseAsync, StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task An_end_before_the_appointment_began_is_InvalidArgument_on_last_day_and_changes_nothing()
    {
        var today = (await Mit()).AsOf;
        var seat = await platform.AppointSecretariat(today);

        await RefusedAndMitUnchanged(() => _minister.EndAppointmentAsync(Composition.Ending(seat, Composition.Plus(today, -1))).ResponseAsync,
            StatusCode.InvalidArgument, "last_day");
    }

    [Fact]
    public async Task Expert_members_and_secretariat_sit_without_a_vote_and_chair_and_members_with_one()
    {
        var now = await Mit();
        var expert = await _minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.ExpertMember, now.AsOf, institution: ExpertInstitution.Pbl));
        var secretariat = await platform.AppointSecretariat(now.AsOf);
        // A member only on the decree's last day, so that today the demo MIT still has its two votes.
        var member = await _minister.AppointAsync(Composition.Appointment(Committee.Mit, SeatKind.Member, now.Committee.TermEnd));

        Assert.False(expert.HasVote);
        Assert.False(secretariat.HasVote);
        Assert.True(member.HasVote);
        var seats = (await Mit()).Seats.ToDictionary(s => s.Subject);
        Assert.False(seats[expert.Subject].HasVote);
        Assert.Equal(ExpertInstitution.Pbl, seats[expert.Subject].Institution);
        Assert.False(seats[secretariat.Subject].HasVote);
        Assert.False(seats[Composition.Subject(Persona.MitExpert)].HasVote);
        Assert.True(seats[Composition.Subject(Persona.MitChair)].HasVote);
        Assert.True(seats[Composition.Subject(Persona.MitMember)].HasVote);
        Assert.Equal(SeatKind.Chair, (await Mit()).Seats[0].Kind);
        Assert.True((await Mit(now.Committee.TermEnd)).Seats.Single(s => s.Subject == member.Subject).HasVote);
    }

    [Fact]
    public async Task The_composition_as_of_an_earlier_date_shows_who_sat_then_after_the_appointment_ended()
    {
        var today = (await Mit()).AsOf;
        var seat = await platform.AppointSecretariat(Composition.Plus(today, -10));
        await _minister.EndAppointmentAsync(Composition.Ending(seat, Composition.Plus(today, -3)));

        var then = (await Mit(Composition.Plus(today, -5))).Seats.Single(s => s.Subject == seat.Subject);
        Assert.Equal(Composition.Plus(today, -10), then.From);
        Assert.Equal(Composition.Plus(today, -3), then.Until);
        Assert.True(then.Ended);
        Assert.Contains((await Mit(Composition.Plus(today, -3))).Seats, s => s.Subject == seat.Subject);
        Assert.DoesNotContain((await Mit(Composition.Plus(today, -2))).Seats, s => s.Subject == seat.Subject);
        Assert.DoesNotContain((await Mit(Composition.Plus(today, -11))).Seats, s => s.Subject == seat.Subject);
        Assert.DoesNotContain((await Mit()).Seats, s => s.Subject == seat.Subject);
    }

    [Fact]
    public async Task Establishing_a_committee_that_overlaps_the_one_in_office_is_FailedPrecondition()
    {
        var now = await Mit();
        var establish = new EstablishCommitteeRequest
        {
            IdempotencyKey = Requests.Key(),
            Committee = Committee.Mit,
            DecreeReference = "Overlapping decree",
            TermStart = Composition.Plus(now.Committee.TermEnd, -10),
            TermEnd = Composition.Plus(now.Committee.TermEnd, 300),
        };

        // Nothing established: today's MIT, and whatever MIT (if any) is in force at the end of the proposed term, as before.
        await Composition.RefusedWithoutChange(async () => (await Mit(), await MitOn(establish.TermEnd)),
            () => _minister.EstablishCommitteeAsync(establish).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Equal(now.Committee, (await Mit(establish.TermStart)).Committee);
    }

    [Fact]
    public async Task CheckMembership_answers_whether_and_in_which_seat_a_subject_sits()
    {
        var member = await Check(Composition.Subject(Persona.MitMember));
        Assert.True(member.Member);
        Assert.Equal(SeatKind.Member, member.Seat);
        Assert.True(member.HasVote);
        Assert.Equal((await Mit()).Committee.CommitteeId, member.CommitteeId);

        var expert = await Check(Composition.Subject(Persona.MitExpert));
        Assert.True(expert.Member);
        Assert.Equal(SeatKind.ExpertMember, expert.Seat);
        Assert.False(expert.HasVote);

        Assert.True((await Check(Composition.Subject(Persona.MitMember), SeatKind.Chair, SeatKind.Member)).Member);
        Assert.False((await Check(Composition.Subject(Persona.MitMember), SeatKind.ExpertMember)).Member);
        Assert.False((await Check(Composition.Subject(Persona.OmtMember))).Member);
        var stranger = await Check(Composition.Fresh("stranger"));
        Assert.Equal(new CheckMembershipResponse { Member = false }, stranger);
    }

    [Fact]
    public async Task CheckMembership_is_false_right_after_the_appointment_ends()
    {
        var today = (await Mit()).AsOf;
        var seat = await platform.AppointSecretariat(Composition.Plus(today, -3));
        Assert.True((await Check(seat.Subject)).Member);
        Assert.True((await Check(seat.Subject)).Member);

        await _minister.EndAppointmentAsync(Composition.Ending(seat, Composition.Plus(today, -1)));

        Assert.False((await Check(seat.Subject)).Member);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_appoints_once_and_returns_the_same_seat()
    {
        var request = Composition.Appointment(Committee.Mit, SeatKind.Secretariat, (await Mit()).AsOf);

        var first = await _minister.AppointAsync(request);
        var after = await Mit();
        var second = await _minister.AppointAsync(request);

        Assert.Equal(first, second);
        Assert.Equal(after, await Mit());
        Assert.Single(after.Seats, s => s.Subject == request.Subject);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_FailedPrecondition_and_changes_nothing()
    {
        var request = Composition.Appointment(Committee.Mit, SeatKind.Secretariat, (await Mit()).AsOf);
        await _minister.AppointAsync(request);
        var other = request.Clone();
        other.Subject = Composition.Fresh("other");

        await RefusedAndMitUnchanged(() => _minister.AppointAsync(other).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.DoesNotContain((await Mit()).Seats, s => s.Subject == other.Subject);
    }
}
