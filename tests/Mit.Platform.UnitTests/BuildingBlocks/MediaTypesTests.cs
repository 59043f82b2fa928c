using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.UnitTests.BuildingBlocks;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("application/pdf")]
    [InlineData("text/markdown")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("image/svg+xml")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("text/plain;format=\"flowed\"")]
    public void Media_types_of_the_rfc_6838_grammar_are_valid(string value) => Assert.True(MediaTypes.IsValid(value));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("a/")]
    [InlineData("/b")]
    [InlineData("a/b/c")]
    [InlineData("text/plain text")]
    [InlineData("<script>/x")]
    [InlineData("text/plain; charset")]
    [InlineData("-text/plain")]
    [InlineData("text/plain\u0000")]
    [InlineData("t\u00EBxt/plain")]
    public void Anything_else_with_a_slash_is_not(string value) => Assert.False(MediaTypes.IsValid(value));

    [Fact]
    public void A_name_longer_than_127_characters_is_not_valid() =>
        Assert.False(MediaTypes.IsValid("application/" + new string('x', 128)));
}
