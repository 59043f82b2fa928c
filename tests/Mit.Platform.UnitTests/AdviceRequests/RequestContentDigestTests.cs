using System.Security.Cryptography;
using System.Text;
using Mit.Platform.AdviceRequests.Domain;
using static Mit.Platform.UnitTests.Requests.TestData;

namespace Mit.Platform.UnitTests.Requests;

/// <summary>
/// The digest is canonical: the same content, however assembled, gives the same digest;
/// any change of content gives another.
/// </summary>
public class RequestContentDigestTests
{
    private static readonly DateTimeOffset Deadline = new(2030, 4, 1, 17, 0, 0, TimeSpan.Zero);

    private static RequestContent Build(
        string title = "Titel",
        string question = "Wat kost \u00e9\u00e9n maatregel?\nGraag cijfers.",
        Measure[]? measures = null,
        AttachmentRef[]? attachments = null,
        Urgency urgency = Urgency.Regular,
        DateTimeOffset? deadline = null,
        bool noDeadline = false) =>
        RequestContent.Create(title, question,
            measures ?? [new("M1", "D1"), new("M2", "D2")],
            attachments ?? [new("a.pdf", "application/pdf", 1, ShaA), new("b.pdf", "application/pdf", 2, ShaB)],
            urgency, noDeadline ? null : deadline ?? Deadline, DraftedAt);

    [Fact]
    public void Digest_is_64_lower_case_hex_characters()
    {
        Assert.Matches("^[0-9a-f]{64}$", Build().Digest());
        Assert.Matches("^[0-9a-f]{64}$", RequestContent.Create("T", "Q", [], [], Urgency.Urgent, null, DraftedAt).Digest());
    }

    [Fact]
    public void Digest_of_a_known_content_is_stable()
    {
        var content = Build();

        Assert.Equal(content.Digest(), content.Digest());
        Assert.Equal(content.Digest(), Build().Digest());
    }

    [Fact]
    public void Digest_is_the_sha256_of_the_documented_canonical_form()
    {
        // Fixed key order, no insignificant whitespace, attachments by name, sizes as strings, deadline to the second in UTC.
        const string canonical =
            "{\"attachments\":["
            + "{\"media_type\":\"application/pdf\",\"name\":\"a.pdf\",\"sha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size_bytes\":\"1\"},"
            + "{\"media_type\":\"application/pdf\",\"name\":\"b.pdf\",\"sha256\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"size_bytes\":\"2\"}],"
            + "\"deadline\":\"2030-04-01T17:00:00Z\","
            + "\"measures\":[{\"description\":\"D1\",\"name\":\"M1\"},{\"description\":\"D2\",\"name\":\"M2\"}],"
            + "\"question\":\"Wat kost \u00e9\u00e9n maatregel?\\nGraag cijfers.\","
            + "\"title\":\"Titel\","
            + "\"urgency\":\"regular\","
            + "\"v\":\"mit.platform.joint-request.v1\"}";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, Build().Digest());
        // Pinned (computed outside .NET): a change of the canonical form would change every digest ever co-signed.
        Assert.Equal("bb9f834d29e5cbba275fe33d840ffe0977fe846614b010a09cba65017ecddd81", Build().Digest());
    }

    [Fact]
    public void Urgent_without_deadline_is_canonicalised_with_an_empty_deadline()
    {
        const string canonical =
            "{\"attachments\":[],\"deadline\":\"\",\"measures\":[],\"question\":\"Q\",\"title\":\"T\",\"urgency\":\"urgent\",\"v\":\"mit.platform.joint-request.v1\"}";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, RequestContent.Create("T", "Q", [], [], Urgency.Urgent, null, DraftedAt).Digest());
    }

    [Fact]
    public void Attachment_order_does_not_change_the_digest()
    {
        var ab = Build(attachments: [new("a.pdf", "application/pdf", 1, ShaA), new("b.pdf", "application/pdf", 2, ShaB)]);
        var ba = Build(attachments: [new("b.pdf", "application/pdf", 2, ShaB), new("a.pdf", "application/pdf", 1, ShaA)]);

        Assert.Equal(ab.Digest(), ba.Digest());
    }

    [Fact]
    public void CRLF_and_CR_line_ends_give_the_same_digest_as_LF()
    {
        var lf = Build(question: "Regel 1\nRegel 2\nRegel 3", measures: [new("M1", "Uitleg\nmeer")]);
        var crlf = Build(question: "Regel 1\r\nRegel 2\r\nRegel 3", measures: [new("M1", "Uitleg\r\nmeer")]);
        var cr = Build(question: "Regel 1\rRegel 2\rRegel 3", measures: [new("M1", "Uitleg\rmeer")]);

        Assert.Equal(lf.Digest(), crlf.Digest());
        Assert.Equal(lf.Digest(), cr.Digest());
    }

    [Fact]
    public void Leading_and_trailing_whitespace_does_not_change_the_digest()
    {
        var plain = Build();
        var padded = Build(
            title: "  Titel\t",
            question: "\n Wat kost \u00e9\u00e9n maatregel?\nGraag cijfers. \r\n",
            measures: [new(" M1 ", "D1  "), new("M2\n", "\tD2")],
            attachments: [new(" a.pdf", "application/pdf ", 1, " " + ShaA), new("b.pdf ", " application/pdf", 2, ShaB + "\n")]);

        Assert.Equal(plain.Digest(), padded.Digest());
    }

    [Fact]
    public void Upper_case_attachment_hash_gives_the_same_digest()
    {
        var upper = Build(attachments: [new("a.pdf", "application/pdf", 1, ShaA.ToUpperInvariant()), new("b.pdf", "application/pdf", 2, ShaB.ToUpperInvariant())]);

        Assert.Equal(Build().Digest(), upper.Digest());
    }

    [Fact]
    public void Composed_and_decomposed_e_acute_in_the_title_give_the_same_digest()
    {
        var composed = Build(title: "Caf\u00e9-advies");      // é as U+00E9
        var decomposed = Build(title: "Cafe\u0301-advies");   // e + U+0301 COMBINING ACUTE ACCENT

        Assert.Equal("Caf\u00e9-advies", composed.Title);
        Assert.Equal(composed.Title, decomposed.Title);
        Assert.Equal(composed.Digest(), decomposed.Digest());
    }

    [Fact]
    public void Composed_and_decomposed_e_acute_in_the_question_give_the_same_digest()
    {
        var composed = Build(question: "Wat kost \u00e9\u00e9n maatregel?");
        var decomposed = Build(question: "Wat kost e\u0301e\u0301n maatregel?");

        Assert.Equal(composed.Digest(), decomposed.Digest());
    }

    [Fact]
    public void Deadline_with_sub_second_precision_gives_the_same_digest()
    {
        var whole = Build(deadline: new DateTimeOffset(2030, 4, 1, 17, 0, 0, TimeSpan.Zero));
        var fraction = Build(deadline: new DateTimeOffset(2030, 4, 1, 17, 0, 0, 999, TimeSpan.Zero).AddTicks(9_999));

        Assert.Equal(whole.Deadline, fraction.Deadline);
        Assert.Equal(whole.Digest(), fraction.Digest());
    }

    [Fact]
    public void Deadline_in_another_offset_at_the_same_instant_gives_the_same_digest()
    {
        var utc = Build(deadline: new DateTimeOffset(2030, 4, 1, 17, 0, 0, TimeSpan.Zero));
        var amsterdam = Build(deadline: new DateTimeOffset(2030, 4, 1, 19, 0, 0, 250, TimeSpan.FromHours(2)));
        var newYork = Build(deadline: new DateTimeOffset(2030, 4, 1, 13, 0, 0, TimeSpan.FromHours(-4)));

        Assert.Equal(utc.Digest(), amsterdam.Digest());
        Assert.Equal(utc.Digest(), newYork.Digest());
    }

    public static TheoryData<string> Changes =>
    [
        "title", "title case", "question", "question inner whitespace", "measure name", "measure description", "measure order",
        "measure added", "measure removed", "attachment name", "attachment media type", "attachment size", "attachment sha256",
        "attachment removed", "urgency", "deadline one second later",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Any_change_of_content_changes_the_digest(string change)
    {
        var changed = change switch
        {
            "title" => Build(title: "Titel 2"),
            "title case" => Build(title: "titel"),
            "question" => Build(question: "Wat kost \u00e9\u00e9n maatregel?\nGraag cijfers!"),
            "question inner whitespace" => Build(question: "Wat kost \u00e9\u00e9n  maatregel?\nGraag cijfers."),
            "measure name" => Build(measures: [new("M1b", "D1"), new("M2", "D2")]),
            "measure description" => Build(measures: [new("M1", "D1b"), new("M2", "D2")]),
            "measure order" => Build(measures: [new("M2", "D2"), new("M1", "D1")]),
            "measure added" => Build(measures: [new("M1", "D1"), new("M2", "D2"), new("M3", "")]),
            "measure removed" => Build(measures: [new("M1", "D1")]),
            "attachment name" => Build(attachments: [new("a2.pdf", "application/pdf", 1, ShaA), new("b.pdf", "application/pdf", 2, ShaB)]),
            "attachment media type" => Build(attachments: [new("a.pdf", "application/x-pdf", 1, ShaA), new("b.pdf", "application/pdf", 2, ShaB)]),
            "attachment size" => Build(attachments: [new("a.pdf", "application/pdf", 3, ShaA), new("b.pdf", "application/pdf", 2, ShaB)]),
            "attachment sha256" => Build(attachments: [new("a.pdf", "application/pdf", 1, new string('b', 64)), new("b.pdf", "application/pdf", 2, ShaB)]),
            "attachment removed" => Build(attachments: [new("a.pdf", "application/pdf", 1, ShaA)]),
            "urgency" => Build(urgency: Urgency.Urgent),
            "deadline one second later" => Build(deadline: Deadline.AddSeconds(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };

        Assert.NotEqual(Build().Digest(), changed.Digest());
    }

    [Fact]
    public void Urgent_with_and_without_deadline_differ_from_each_other()
    {
        var withDeadline = Build(urgency: Urgency.Urgent);
        var without = Build(urgency: Urgency.Urgent, noDeadline: true);

        Assert.NotEqual(withDeadline.Digest(), without.Digest());
    }
}
