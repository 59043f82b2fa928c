using Google.Protobuf.WellKnownTypes;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Domain;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Briefings.Api;

internal static class Mapping
{
    public static V1.BriefingInfo ToProto(this BriefingRow b, bool withheld)
    {
        var info = new V1.BriefingInfo
        {
            BriefingId = b.Id.ToString(),
            RequestId = b.RequestId.ToString(),
            Position = b.Position,
            Withheld = withheld,
        };
        if (withheld)
        {
            return info;
        }
        info.Title = b.Title;
        info.Classification = System.Enum.Parse<V1.Classification>(b.Classification);
        info.MediaType = b.MediaType;
        info.Version = b.Version;
        info.SizeBytes = b.SizeBytes;
        info.AddedBy = b.AddedBy;
        info.AddedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(b.AddedAtTicks, TimeSpan.Zero));
        info.SupersedesBriefingId = b.SupersedesId?.ToString() ?? "";
        return info;
    }

    /// <summary>A withheld entry that still shows its title, when the proposal allows titles before consent.</summary>
    public static V1.BriefingInfo Notice(this BriefingRow b, bool showTitle)
    {
        var info = b.ToProto(withheld: true);
        if (showTitle)
        {
            info.Title = b.Title;
        }
        return info;
    }

    public static V1.Sharing ToProto(this Sharing? s, Guid requestId)
    {
        var message = new V1.Sharing { RequestId = requestId.ToString(), State = V1.SharingState.None };
        if (s is null)
        {
            return message;
        }
        message.State = s.State.ToProto();
        message.Audience = s.Audience is { } a ? (V1.SharingAudience)(int)a : V1.SharingAudience.Unspecified;
        message.ShowTitles = s.ShowTitles;
        message.ProposedBy = s.ProposedBy ?? "";
        message.DecidedBy = s.DecidedBy ?? "";
        message.Epoch = s.Epoch;
        if (s.Until is { } until)
        {
            message.Until = Timestamp.FromDateTimeOffset(until);
        }
        foreach (var step in s.History)
        {
            var h = new V1.SharingStep
            {
                State = step.State.ToProto(),
                By = step.By,
                At = Timestamp.FromDateTimeOffset(step.At),
                Reason = step.Reason ?? "",
                Audience = step.Audience is { } sa ? (V1.SharingAudience)(int)sa : V1.SharingAudience.Unspecified,
            };
            if (step.Until is { } u)
            {
                h.Until = Timestamp.FromDateTimeOffset(u);
            }
            message.History.Add(h);
        }
        return message;
    }

    public static V1.SharingState ToProto(this SharingState state) => state switch
    {
        SharingState.None => V1.SharingState.None,
        SharingState.Proposed => V1.SharingState.Proposed,
        SharingState.Consented => V1.SharingState.Consented,
        SharingState.Refused => V1.SharingState.Refused,
        SharingState.Revoked => V1.SharingState.Revoked,
        _ => V1.SharingState.Expired,
    };

    public static V1.AuditRecord ToProto(this AuditRecordRow r) => new()
    {
        Sequence = r.Sequence,
        At = Timestamp.FromDateTimeOffset(new DateTimeOffset(r.AtTicks, TimeSpan.Zero)),
        Actor = r.Actor,
        ActorRoles = r.ActorRoles,
        Action = r.Action,
        RequestId = r.RequestId,
        BriefingId = r.BriefingId,
        Outcome = r.Outcome,
        Detail = r.Detail,
        WatermarkId = r.WatermarkId,
        PreviousHash = r.PreviousHash,
        Hash = r.Hash,
    };
}
