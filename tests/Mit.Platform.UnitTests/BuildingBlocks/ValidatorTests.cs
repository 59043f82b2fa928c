using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.UnitTests.Errors;

public class ValidatorTests
{
    [Fact]
    public void Without_violations_nothing_is_thrown()
    {
        var v = new Validator().Require(true, "a", "ok").Require(true, "b", "ok");

        Assert.False(v.HasErrors);
        Assert.Null(Record.Exception(v.ThrowIfInvalid));
    }

    [Fact]
    public void Require_returns_the_same_validator()
    {
        var v = new Validator();

        Assert.Same(v, v.Require(false, "a", "bad"));
    }

    [Fact]
    public void All_violations_are_collected_and_thrown_as_one_exception_in_order()
    {
        var v = new Validator()
            .Require(false, "content.title", "is required")
            .Require(true, "content.question", "fine")
            .Require(false, "content.attachments[0].sha256", "must be 64 hexadecimal characters")
            .Require(false, "content.title", "must be at most 300 characters");

        Assert.True(v.HasErrors);
        var ex = Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid);
        Assert.Equal(
            [
                new FieldViolation("content.title", "is required"),
                new FieldViolation("content.attachments[0].sha256", "must be 64 hexadecimal characters"),
                new FieldViolation("content.title", "must be at most 300 characters"),
            ],
            ex.Violations);
        Assert.Equal(
            "Invalid request: content.title: is required; content.attachments[0].sha256: must be 64 hexadecimal characters; content.title: must be at most 300 characters",
            ex.Message);
    }

    [Fact]
    public void The_thrown_violations_are_a_snapshot()
    {
        var v = new Validator().Require(false, "a", "bad");
        var ex = Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid);

        v.Require(false, "b", "bad too");

        Assert.Single(ex.Violations);
        Assert.Equal(2, Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid).Violations.Count);
    }
}
