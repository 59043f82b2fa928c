using Google.Protobuf.WellKnownTypes;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.AdviceRequests.Api;

/// <summary>proto ↔ domain, nothing else.</summary>
internal static class Mapping
{
    public static RequestContent ToDomain(this V1.RequestContent? content, DateTimeOffset now, string field = "content")
    {
        if (content is null)
        {
            throw new ValidationFailedException([new FieldViolation(field, "is required")]);
        }
        Urgency? urgency = content.Urgency switch
        {
            V1.Urgency.Urgent => Urgency.Urgent,
            V1.Urgency.Regular => Urgency.Regular,
            _ => null,
        };
        return RequestContent.Create(content.Title, content.Question,
            content.Measures.Select(m => new Measure(m.Name, m.Description)),
            content.Attachments.Select(a => new AttachmentRef(a.Name, a.MediaType, a.SizeBytes, a.Sha256)),
            urgency, Timestamps.Moment(content.Deadline, field + ".deadline", now, Timestamps.MaxAhead), now, field);
    }

    public static Ministry? ToDomain(this V1.Ministry ministry) => ministry switch
    {
        V1.Ministry.Szw => Ministry.SZW,
        V1.Ministry.Vws => Ministry.VWS,
        _ => null,
    };

    public static V1.Ministry ToProto(this Ministry ministry) => ministry == Ministry.SZW ? V1.Ministry.Szw : V1.Ministry.Vws;

    public static V1.Committee ToProto(this Committee committee) => committee == Committee.MIT ? V1.Committee.Mit : V1.Committee.Omt;

    public static V1.AdviceRequest ToProto(this JointRequest r, DateTimeOffset now, bool includeUnreleased)
    {
        var message = new V1.AdviceRequest
        {
            Id = r.Id.ToString(),
            State = r.State switch
            {
                RequestState.AwaitingCoSignature => V1.RequestState.AwaitingCoSignature,
                RequestState.Declined => V1.RequestState.Declined,
                RequestState.Released => V1.RequestState.Released,
                _ => V1.RequestState.Withdrawn,
            },
            DraftingMinistry = r.DraftingMinistry.ToProto(),
            CoSigningMinistry = r.CoSigningMinistry.ToProto(),
            ReleasedVersion = r.Released?.Number ?? 0,
            Current = r.Current.ToProto(),
            Overdue = r.IsOverdue(now),
            DigestAlarm = r.DigestAlarm,
            WithdrawReason = r.WithdrawReason ?? "",
        };
        if (includeUnreleased && r.Pending is { } pending && pending != r.Current)
        {
            message.Pending = pending.ToProto();
        }
        if (r.Deadline is { } deadline)
        {
            message.Deadline = Timestamp.FromDateTimeOffset(deadline);
        }
        message.Committees.AddRange(r.Committees.Select(c => c.ToProto(r.Released)));
        message.Related.AddRange(r.Links.Select(l => new V1.RelatedLink
        {
            RelatedRequestId = l.RelatedRequestId?.ToString() ?? "",
            ExternalReference = l.ExternalReference ?? "",
            Note = l.Note ?? "",
            LinkedBy = l.LinkedBy,
            LinkedAt = Timestamp.FromDateTimeOffset(l.LinkedAt),
        }));
        return message;
    }

    private static V1.RequestVersion ToProto(this RequestVersion v)
    {
        var message = new V1.RequestVersion
        {
            Number = v.Number,
            Content = v.Content.ToProto(),
            Digest = v.Digest,
            DraftingMinistry = v.DraftingMinistry.ToProto(),
            DraftedBy = v.DraftedBy,
            CoSignedBy = v.CoSignedBy ?? "",
            DeclineReason = v.DeclineReason ?? "",
        };
        if (v.ReleasedAt is { } released)
        {
            message.ReleasedAt = Timestamp.FromDateTimeOffset(released);
        }
        if (v.Deadline is { } deadline)
        {
            message.Deadline = Timestamp.FromDateTimeOffset(deadline);
        }
        return message;
    }

    private static V1.RequestContent ToProto(this RequestContent c)
    {
        var message = new V1.RequestContent
        {
            Title = c.Title,
            Question = c.Question,
            Urgency = c.Urgency == Urgency.Urgent ? V1.Urgency.Urgent : V1.Urgency.Regular,
        };
        if (c.Deadline is { } deadline)
        {
            message.Deadline = Timestamp.FromDateTimeOffset(deadline);
        }
        message.Measures.AddRange(c.Measures.Select(m => new V1.ProposedMeasure { Name = m.Name, Description = m.Description }));
        message.Attachments.AddRange(c.Attachments.Select(a => new V1.Attachment { Name = a.Name, MediaType = a.MediaType, SizeBytes = a.SizeBytes, Sha256 = a.Sha256 }));
        return message;
    }

    private static V1.CommitteeStatus ToProto(this CommitteeStatus s, RequestVersion? released)
    {
        var message = new V1.CommitteeStatus
        {
            Committee = s.Committee.ToProto(),
            Version = s.Version,
            ReceivedDigest = s.ReceivedDigest ?? "",
            AcknowledgedDigest = s.AcknowledgedDigest ?? "",
            AcknowledgedBy = s.AcknowledgedBy ?? "",
            DigestMismatch = released is not null && s.Version == released.Number
                && ((s.ReceivedDigest ?? released.Digest) != released.Digest || (s.AcknowledgedDigest ?? released.Digest) != released.Digest),
        };
        if (s.ReceivedAt is { } received)
        {
            message.ReceivedAt = Timestamp.FromDateTimeOffset(received);
        }
        if (s.AcknowledgedAt is { } acknowledged)
        {
            message.AcknowledgedAt = Timestamp.FromDateTimeOffset(acknowledged);
        }
        return message;
    }
}
