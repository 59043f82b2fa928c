using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.UnitTests.BuildingBlocks;

public sealed class TextRulesTests
{
    private static (string Value, string? Problem) Check(string value, TextKind kind)
    {
        var problem = TextRules.Check(ref value, kind);
        return (value, problem);
    }

    [Fact]
    public void Text_is_normalised_to_nfc()
    {
        Assert.Equal(("Caf\u00E9", null), Check("Cafe\u0301", TextKind.SingleLine));
    }

    [Theory]
    [InlineData("Werkprogramma\u000B2024")]
    [InlineData("nul\u0000")]
    [InlineData("c1\u0085")]
    [InlineData("del\u007F")]
    [InlineData("tab\there")]
    [InlineData("two\nlines")]
    [InlineData("txt.\u202Eexe")]
    [InlineData("isolate\u2066x")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("bom\uFEFF")]
    [InlineData("non\uFFFF")]
    public void Single_line_text_refuses_controls_line_breaks_and_invisible_formatting(string value)
    {
        Assert.NotNull(Check(value, TextKind.SingleLine).Problem);
    }

    [Fact]
    public void A_lone_surrogate_is_not_text()
    {
        // Not as InlineData: the test runner's serialisation would replace it.
        Assert.Equal("is not valid Unicode text", Check("lone" + (char)0xD800, TextKind.MultiLine).Problem);
    }

    [Theory]
    [InlineData("line one\nline two\r\n\tindented")]
    [InlineData("quoted \u202Bright-to-left\u202C text")]
    public void Prose_allows_tab_line_breaks_and_bidi_marks(string value)
    {
        Assert.Null(Check(value, TextKind.MultiLine).Problem);
    }

    [Theory]
    [InlineData("vertical\u000Btab")]
    [InlineData("nul\u0000")]
    [InlineData("c1\u009B")]
    public void Prose_refuses_other_control_characters(string value)
    {
        Assert.Contains("control character", Check(value, TextKind.MultiLine).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void For_xml_replaces_what_xml_cannot_carry_and_keeps_the_rest()
    {
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFD\t\n\U0001F600", TextRules.ForXml("a\u000Bb\u0000c\uFFFF\t\n\U0001F600"));
        Assert.Equal("", TextRules.ForXml(null));
        var clean = "nothing to replace";
        Assert.Same(clean, TextRules.ForXml(clean));
    }

    [Fact]
    public void An_error_with_thousands_of_violations_reports_a_few_and_counts_the_rest()
    {
        var violations = Enumerable.Range(0, 10_000).Select(i => new FieldViolation($"votes[{i}]", new string('x', 10_000))).ToList();
        var e = new ValidationFailedException(violations);
        Assert.Equal(ValidationFailedException.MaxReported + 1, e.Reported.Count);
        Assert.Equal($"and {10_000 - ValidationFailedException.MaxReported} more violations not listed", e.Reported[^1].Description);
        Assert.True(e.Message.Length < 4096, $"message of {e.Message.Length} characters");
        Assert.Equal(10_000, e.Violations.Count);
    }
}
