using System.Text.Json;
using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.UnitTests.Composition;

/// <summary>Fixed dates and role-named, fictional people; no test reads the clock.</summary>
internal static class TestCommittee
{
    public static readonly Guid MitId = Guid.Parse("a1000000-0000-4000-8000-000000000001");
    public static readonly Guid OmtId = Guid.Parse("a2000000-0000-4000-8000-000000000002");
    public static readonly Guid RequestId = Guid.Parse("6f1c2a57-0d0e-4c7a-9a51-3b7c0f6e2d11");
    public static readonly Guid OtherRequestId = Guid.Parse("0b8d7e3c-52a4-4f0e-8c1d-9e6a4b3f7a22");

    public static readonly DateOnly TermStart = new(2030, 9, 1);
    public static readonly DateOnly TermEnd = new(2032, 8, 31);
    public static readonly DateTimeOffset DecidedAt = new(2030, 8, 19, 10, 0, 0, TimeSpan.FromHours(2));

    /// <summary>A meeting day well inside the term.</summary>
    public static readonly DateOnly MeetingDay = new(2031, 1, 15);
    public static readonly DateTimeOffset AdoptedAt = new(2031, 1, 15, 16, 30, 0, TimeSpan.FromHours(1));

    public static readonly string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // Subjects: roles, not people.
    public const string Chair = "mit-chair";
    public static readonly string[] Members = ["mit-member-1", "mit-member-2", "mit-member-3", "mit-member-4"];
    public const string Secretariat = "mit-secretariat-1";
    public const string CpbSubstitute = "cpb-substitute";

    public static string ExpertSubject(ExpertInstitution institution) => $"{institution.ToString().ToLowerInvariant()}-expert";

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-4000-8000-{n:D12}");

    // Appointment ids in the full MIT.
    public static readonly Guid ChairSeat = Id(1);
    public static Guid MemberSeat(int i) => Id(10 + i);
    public static Guid ExpertSeat(ExpertInstitution institution) => Id(20 + (int)institution);
    public static readonly Guid SecretariatSeat = Id(30);
    public static readonly Guid SubstituteSeat = Id(40);

    public static NewAppointment Seat(string subject, SeatKind seat, DateOnly? from = null) =>
        new(subject, $"{subject} (fictional)", seat, from ?? TermStart);

    public static Committee EmptyMit(QuorumRule? quorum = null) =>
        Committee.Establish(MitId, CommitteeKind.MIT, "Instellingsbesluit Commissie MIT (test)", TermStart, TermEnd, DecidedAt, quorum);

    /// <summary>
    /// Chair and four members (five votes), the five expert seats (CPB and PBL as agenda members), one secretariat
    /// seat and a substitute for the CPB seat. Events cleared.
    /// </summary>
    public static Committee FullMit(QuorumRule? quorum = null)
    {
        var mit = EmptyMit(quorum);
        mit.Appoint(ChairSeat, Seat(Chair, SeatKind.Chair));
        for (var i = 0; i < Members.Length; i++)
        {
            mit.Appoint(MemberSeat(i), Seat(Members[i], SeatKind.Member));
        }
        foreach (var institution in Seats.AllExpertInstitutions)
        {
            mit.Appoint(ExpertSeat(institution), Seat(ExpertSubject(institution), SeatKind.ExpertMember) with
            {
                Institution = institution,
                AgendaMember = institution is ExpertInstitution.CPB or ExpertInstitution.PBL,
            });
        }
        mit.Appoint(SecretariatSeat, Seat(Secretariat, SeatKind.Secretariat));
        mit.Appoint(SubstituteSeat, Seat(CpbSubstitute, SeatKind.Substitute) with { Institution = ExpertInstitution.CPB });
        mit.ClearEvents();
        return mit;
    }

    public const string OmtChair = "rivm-cib-director";
    public const string OmtSecretary = "lci-head";
    public static readonly string[] OmtMembers = ["omt-member-1", "omt-member-2"];
    public const string InvitedExpert = "omt-invited-expert";

    public static Committee FullOmt()
    {
        var omt = Committee.Establish(OmtId, CommitteeKind.OMT, "Samenstelling OMT (test)", TermStart, TermEnd, DecidedAt);
        omt.Appoint(Id(101), Seat(OmtChair, SeatKind.Chair));
        omt.Appoint(Id(102), Seat(OmtSecretary, SeatKind.Secretary));
        omt.Appoint(Id(103), Seat(OmtMembers[0], SeatKind.Member));
        omt.Appoint(Id(104), Seat(OmtMembers[1], SeatKind.Member));
        omt.Appoint(Id(105), Seat(InvitedExpert, SeatKind.InvitedExpert) with { Topic = "modelling" });
        omt.ClearEvents();
        return omt;
    }

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The whole persisted state, to show that a refusal changed nothing.</summary>
    public static string State(object aggregate) => JsonSerializer.Serialize(aggregate, aggregate.GetType(), Json);

    public static T RoundTrip<T>(T aggregate) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(aggregate, Json), Json)!;
}

internal static class Expect
{
    /// <summary>Asserts a ValidationFailedException naming exactly these fields.</summary>
    public static ValidationFailedException Invalid(Action act, params string[] fields)
    {
        var ex = Assert.Throws<ValidationFailedException>(act);
        Assert.Equal(fields.Order(StringComparer.Ordinal), ex.Violations.Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
        return ex;
    }

    /// <summary>Runs a refused call and asserts the aggregate's state and events did not change.</summary>
    public static TException Unchanged<TException>(object aggregate, Func<IReadOnlyList<object>> events, Action act) where TException : Exception
    {
        var before = TestCommittee.State(aggregate);
        var eventCount = events().Count;
        var ex = Assert.Throws<TException>(act);
        Assert.Equal(before, TestCommittee.State(aggregate));
        Assert.Equal(eventCount, events().Count);
        return ex;
    }

    public static ValidationFailedException UnchangedInvalid(object aggregate, Func<IReadOnlyList<object>> events, Action act, params string[] fields)
    {
        var before = TestCommittee.State(aggregate);
        var eventCount = events().Count;
        var ex = Invalid(act, fields);
        Assert.Equal(before, TestCommittee.State(aggregate));
        Assert.Equal(eventCount, events().Count);
        return ex;
    }
}
