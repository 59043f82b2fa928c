using System.Text.Json.Serialization;

namespace Mit.Platform.Committees.Domain.Composition;

/// <summary>What the minister (MIT) or RIVM-CIb (OMT) decides when seating someone.</summary>
/// <param name="Subject">The person's identity subject: the key of "one person, one seat".</param>
/// <param name="From">First day in office.</param>
public sealed record NewAppointment(string Subject, string Name, SeatKind Seat, DateOnly From)
{
    /// <summary>Last day in office; null = for as long as the establishment decree runs (extensions included).</summary>
    public DateOnly? Until { get; init; }

    /// <summary>Expert member: the institution of the seat. Substitute: the expert seat it stands in for.</summary>
    public ExpertInstitution? Institution { get; init; }

    /// <summary>Expert member who attends only when its topic is on the agenda.</summary>
    public bool AgendaMember { get; init; }

    /// <summary>Invited expert (OMT): the topic it is invited for.</summary>
    public string? Topic { get; init; }

    /// <summary>Invited expert (OMT): the request it is invited for.</summary>
    public Guid? RequestId { get; init; }
}

/// <summary>One person in one seat for a dated period. Never deleted: ending it sets the last day.</summary>
public sealed class Appointment
{
    [JsonInclude] public Guid Id { get; private set; }
    [JsonInclude] public string Subject { get; private set; } = "";
    [JsonInclude] public string Name { get; private set; } = "";
    [JsonInclude] public SeatKind Seat { get; private set; }
    [JsonInclude] public DateOnly From { get; private set; }
    [JsonInclude] public DateOnly? Until { get; private set; }
    [JsonInclude] public ExpertInstitution? Institution { get; private set; }
    [JsonInclude] public bool AgendaMember { get; private set; }
    [JsonInclude] public string? Topic { get; private set; }
    [JsonInclude] public Guid? RequestId { get; private set; }
    [JsonInclude] public bool HasVote { get; private set; }

    /// <summary>Set when the appointment was ended early by EndAppointment.</summary>
    [JsonInclude] public bool Ended { get; private set; }

    internal static Appointment Create(Guid id, string subject, string name, NewAppointment a, bool hasVote) => new()
    {
        Id = id,
        Subject = subject,
        Name = name,
        Seat = a.Seat,
        From = a.From,
        Until = a.Until,
        Institution = a.Institution,
        AgendaMember = a.AgendaMember,
        Topic = string.IsNullOrWhiteSpace(a.Topic) ? null : a.Topic.Trim(),
        RequestId = a.RequestId,
        HasVote = hasVote,
    };

    internal void End(DateOnly lastDay)
    {
        Until = lastDay;
        Ended = true;
    }
}
