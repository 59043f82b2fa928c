using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using static Mit.Platform.UnitTests.Requests.TestData;

namespace Mit.Platform.UnitTests.Requests;

/// <summary>RequestContent.Create: every rule reports InvalidArgument with the precise field name.</summary>
public class RequestContentValidationTests
{
    private static ValidationFailedException Invalid(
        string? title = Title,
        string? question = Question,
        IEnumerable<Measure>? measures = null,
        IEnumerable<AttachmentRef>? attachments = null,
        Urgency? urgency = Urgency.Regular,
        DateTimeOffset? deadline = null,
        bool noDeadline = false,
        string field = "content") =>
        Assert.Throws<ValidationFailedException>(() => RequestContent.Create(title, question, measures ?? Measures(),
            attachments ?? Attachments(), urgency, noDeadline ? null : deadline ?? RegularDeadline, DraftedAt, field));

    private static AttachmentRef[] OneAttachment(string name = "nota.pdf", string mediaType = "application/pdf", long size = 1, string? sha256 = null) =>
        [new(name, mediaType, size, sha256 ?? ShaA)];

    [Fact]
    public void Valid_input_gives_normalised_content()
    {
        var content = RequestContent.Create("  Titel \r\n", "Regel 1\r\nRegel 2\rRegel 3  ",
            [new(" Heffing ", " Uitleg\r\n ")],
            [new(" nota.pdf ", " application/pdf ", 10, "  " + ShaA.ToUpperInvariant() + " ")],
            Urgency.Regular, new DateTimeOffset(2030, 4, 1, 19, 0, 0, 999, TimeSpan.FromHours(2)), DraftedAt);

        Assert.Equal("Titel", content.Title);
        Assert.Equal("Regel 1\nRegel 2\nRegel 3", content.Question);
        Assert.Equal(new Measure("Heffing", "Uitleg"), Assert.Single(content.Measures));
        Assert.Equal(new AttachmentRef("nota.pdf", "application/pdf", 10, ShaA), Assert.Single(content.Attachments));
        Assert.Equal(Urgency.Regular, content.Urgency);
        Assert.Equal(new DateTimeOffset(2030, 4, 1, 17, 0, 0, TimeSpan.Zero), content.Deadline);
        Assert.Equal(TimeSpan.Zero, content.Deadline!.Value.Offset);
    }

    [Fact]
    public void Urgent_without_deadline_and_without_measures_or_attachments_is_valid()
    {
        var content = RequestContent.Create(Title, Question, [], [], Urgency.Urgent, null, DraftedAt);

        Assert.Equal(Urgency.Urgent, content.Urgency);
        Assert.Null(content.Deadline);
        Assert.Empty(content.Measures);
        Assert.Empty(content.Attachments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \r\n\t")]
    public void Empty_title_is_invalid(string? title) =>
        AssertFields(Invalid(title: title), "content.title");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public void Empty_question_is_invalid(string? question) =>
        AssertFields(Invalid(question: question), "content.question");

    [Fact]
    public void Too_long_title_is_invalid()
    {
        Assert.Equal(RequestLimits.MaxTitleLength, RequestContent.Create(new string('t', RequestLimits.MaxTitleLength), Question, [], [], Urgency.Urgent, null, DraftedAt).Title.Length);
        AssertFields(Invalid(title: new string('t', RequestLimits.MaxTitleLength + 1)), "content.title");
    }

    [Fact]
    public void Too_long_question_is_invalid() =>
        AssertFields(Invalid(question: new string('q', RequestLimits.MaxQuestionLength + 1)), "content.question");

    [Fact]
    public void All_violations_are_reported_at_once()
    {
        var ex = Invalid(title: "", question: "", urgency: null, attachments: OneAttachment(size: 0, sha256: "abc"));

        AssertFields(ex, "content.title", "content.question", "content.urgency", "content.attachments[0].size_bytes", "content.attachments[0].sha256");
    }

    [Fact]
    public void Field_names_use_the_given_prefix()
    {
        var ex = Invalid(title: "", attachments: OneAttachment(mediaType: "pdf"), field: "amendment.content");

        AssertFields(ex, "amendment.content.title", "amendment.content.attachments[0].media_type");
    }

    [Fact]
    public void At_most_MaxMeasures_measures()
    {
        static Measure[] Many(int n) => [.. Enumerable.Range(0, n).Select(i => new Measure($"Maatregel {i}", ""))];

        Assert.Equal(RequestLimits.MaxMeasures, RequestContent.Create(Title, Question, Many(RequestLimits.MaxMeasures), [], Urgency.Urgent, null, DraftedAt).Measures.Count);
        AssertFields(Invalid(measures: Many(RequestLimits.MaxMeasures + 1)), "content.measures");
    }

    [Fact]
    public void At_most_MaxAttachments_attachments()
    {
        static AttachmentRef[] Many(int n) => [.. Enumerable.Range(0, n).Select(i => new AttachmentRef($"bijlage-{i}.pdf", "application/pdf", 1, ShaA))];

        Assert.Equal(RequestLimits.MaxAttachments, RequestContent.Create(Title, Question, [], Many(RequestLimits.MaxAttachments), Urgency.Urgent, null, DraftedAt).Attachments.Count);
        AssertFields(Invalid(attachments: Many(RequestLimits.MaxAttachments + 1)), "content.attachments");
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 63
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    [InlineData("gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // not hex
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // inner space
    public void Attachment_sha256_must_be_64_hex_characters(string sha256) =>
        AssertFields(Invalid(attachments: OneAttachment(sha256: sha256)), "content.attachments[0].sha256");

    [Fact]
    public void Attachment_field_names_carry_the_index()
    {
        var ex = Invalid(attachments: [new("a.pdf", "application/pdf", 1, ShaA), new("b.pdf", "application/pdf", 1, "xyz")]);

        AssertFields(ex, "content.attachments[1].sha256");
    }

    [Fact]
    public void Upper_case_sha256_is_accepted_and_normalised_to_lower_case()
    {
        var upper = ShaB.ToUpperInvariant();
        Assert.NotEqual(ShaB, upper);

        var content = RequestContent.Create(Title, Question, [], OneAttachment(sha256: upper), Urgency.Urgent, null, DraftedAt);

        Assert.Equal(ShaB, Assert.Single(content.Attachments).Sha256);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pdf")]
    [InlineData("/pdf")]
    [InlineData("application/")]
    [InlineData("application/ pdf")]
    public void Attachment_media_type_must_be_type_slash_subtype(string mediaType) =>
        AssertFields(Invalid(attachments: OneAttachment(mediaType: mediaType)), "content.attachments[0].media_type");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(RequestLimits.MaxAttachmentBytes + 1)]
    public void Attachment_size_must_be_positive_and_bounded(long size) =>
        AssertFields(Invalid(attachments: OneAttachment(size: size)), "content.attachments[0].size_bytes");

    [Fact]
    public void Attachment_name_is_required() =>
        AssertFields(Invalid(attachments: OneAttachment(name: "  ")), "content.attachments[0].name");

    [Fact]
    public void Attachment_names_must_be_unique() =>
        AssertFields(Invalid(attachments: [new("nota.pdf", "application/pdf", 1, ShaA), new(" nota.pdf", "application/pdf", 2, ShaB)]), "content.attachments");

    [Fact]
    public void Measure_names_must_be_unique_ignoring_case_and_surrounding_whitespace() =>
        AssertFields(Invalid(measures: [new("Heffing", "een"), new(" heffing ", "twee")]), "content.measures");

    [Fact]
    public void Measure_name_is_required() =>
        AssertFields(Invalid(measures: [new(" ", "Zonder naam")]), "content.measures[0].name");

    [Fact]
    public void Measure_description_is_bounded() =>
        AssertFields(Invalid(measures: [new("Heffing", new string('d', RequestLimits.MaxDescriptionLength + 1))]), "content.measures[0].description");

    [Fact]
    public void Regular_request_without_deadline_is_invalid() =>
        AssertFields(Invalid(urgency: Urgency.Regular, noDeadline: true), "content.deadline");

    [Theory]
    [InlineData(-86_400)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Deadline_not_in_the_future_is_invalid(int secondsFromNow) =>
        AssertFields(Invalid(deadline: DraftedAt.AddSeconds(secondsFromNow)), "content.deadline");

    [Fact]
    public void Urgent_deadline_in_the_past_is_invalid() =>
        AssertFields(Invalid(urgency: Urgency.Urgent, deadline: DraftedAt.AddHours(-1)), "content.deadline");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Missing_urgency_is_invalid(bool withDeadline) =>
        AssertFields(Invalid(urgency: null, noDeadline: !withDeadline), "content.urgency");
}
