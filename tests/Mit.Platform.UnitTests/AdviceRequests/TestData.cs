using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.UnitTests.Requests;

/// <summary>Fixed instants and well-formed content; no test reads the clock.</summary>
internal static class TestData
{
    public static readonly Guid RequestId = Guid.Parse("6f1c2a57-0d0e-4c7a-9a51-3b7c0f6e2d11");
    public static readonly Guid OtherRequestId = Guid.Parse("0b8d7e3c-52a4-4f0e-8c1d-9e6a4b3f7a22");

    /// <summary>When content is drafted (the "now" given to RequestContent.Create and JointRequest.Draft).</summary>
    public static readonly DateTimeOffset DraftedAt = new(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);

    /// <summary>When version 1 is co-signed.</summary>
    public static readonly DateTimeOffset ReleasedAt = new(2030, 3, 5, 14, 30, 0, TimeSpan.Zero);

    /// <summary>When an amendment (version 2) is co-signed.</summary>
    public static readonly DateTimeOffset SecondReleaseAt = new(2030, 3, 9, 11, 15, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset RegularDeadline = new(2030, 4, 1, 17, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AmendedDeadline = new(2030, 4, 15, 17, 0, 0, TimeSpan.Zero);

    public const string Title = "Stikstofmaatregelen landbouw";
    public const string Question = "Wat zijn de effecten op werkgelegenheid en gezondheid?\nGraag per maatregel.";

    public static readonly string ShaA = new('a', 64);
    public static readonly string ShaB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static Measure[] Measures() =>
    [
        new("Heffing", "Een heffing op stikstofuitstoot."),
        new("Subsidie", "Een subsidie voor emissiearme stallen."),
    ];

    public static AttachmentRef[] Attachments() =>
    [
        new("nota.pdf", "application/pdf", 12_345, ShaA),
        new("bijlage.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 678, ShaB),
    ];

    public static RequestContent Regular(string title = Title, string question = Question, DateTimeOffset? deadline = null) =>
        RequestContent.Create(title, question, Measures(), Attachments(), Urgency.Regular, deadline ?? RegularDeadline, DraftedAt);

    public static RequestContent Urgent(DateTimeOffset? deadline = null) =>
        RequestContent.Create(Title, Question, Measures(), Attachments(), Urgency.Urgent, deadline, DraftedAt);

    public static RequestContent Amendment() =>
        Regular(title: Title + " (gewijzigd)", deadline: AmendedDeadline);

    /// <summary>Version 1 drafted by SZW (anna), to be co-signed by VWS.</summary>
    public static JointRequest Draft(RequestContent? content = null) =>
        JointRequest.Draft(RequestId, Ministry.SZW, "anna@szw", Ministry.VWS, content ?? Regular(), DraftedAt);

    /// <summary>Version 1 drafted by SZW and co-signed by VWS (bert) at <see cref="ReleasedAt"/>.</summary>
    public static JointRequest ReleasedV1(RequestContent? content = null)
    {
        var request = Draft(content);
        request.CoSign(Ministry.VWS, "bert@vws", 1, request.Current.Digest, ReleasedAt);
        return request;
    }

    /// <summary>Version 1 released, then version 2 amended by SZW and co-signed by VWS at <see cref="SecondReleaseAt"/>.</summary>
    public static JointRequest ReleasedV2()
    {
        var request = ReleasedV1();
        request.Amend(Ministry.SZW, "anna@szw", Amendment());
        request.CoSign(Ministry.VWS, "bert@vws", 2, request.Pending!.Digest, SecondReleaseAt);
        return request;
    }

    public static void AssertFields(ValidationFailedException ex, params string[] fields) =>
        Assert.Equal(fields, ex.Violations.Select(v => v.Field).ToArray());
}
