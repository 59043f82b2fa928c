using Google.Protobuf.WellKnownTypes;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Builders for requests, so each test states only what it is about.</summary>
internal static class Requests
{
    public static string Key() => Guid.NewGuid().ToString("n");

    public static RequestContent Content(string question = "Which measures for travellers from the affected region are proportionate?")
    {
        var content = new RequestContent
        {
            Title = "Measures for travellers",
            Question = question,
            Urgency = Urgency.Urgent,
        };
        content.Measures.Add(new ProposedMeasure { Name = "Face masks on flights", Description = "Mandatory on direct flights" });
        content.Measures.Add(new ProposedMeasure { Name = "Pre-departure test", Description = "Negative test before boarding" });
        content.Attachments.Add(new Attachment { Name = "situation-report.pdf", MediaType = "application/pdf", SizeBytes = 123_456, Sha256 = new string('a', 64) });
        return content;
    }

    public static DraftRequestRequest Draft(RequestContent? content = null, Ministry coSigner = Ministry.Vws) => new()
    {
        IdempotencyKey = Key(),
        Content = content ?? Content(),
        CoSigningMinistry = coSigner,
    };

    public static CoSignRequest CoSign(AdviceRequest request)
    {
        var version = request.Pending ?? request.Current;
        return new CoSignRequest { IdempotencyKey = Key(), RequestId = request.Id, Version = version.Number, Digest = version.Digest };
    }

    public static Timestamp InDays(int days) => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(days));
}
