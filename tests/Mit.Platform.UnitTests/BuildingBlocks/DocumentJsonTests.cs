using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.UnitTests.BuildingBlocks;

public class DocumentJsonTests
{
    private sealed record Stamped(DateTimeOffset At, DateTimeOffset? Until);

    [Fact]
    public void Instants_are_written_in_UTC()
    {
        var dutch = new DateTimeOffset(2031, 1, 15, 16, 30, 0, TimeSpan.FromHours(1));

        var json = DocumentJson.Serialize(new Stamped(dutch, dutch));

        Assert.Equal("""{"At":"2031-01-15T15:30:00+00:00","Until":"2031-01-15T15:30:00+00:00"}""", json);
    }

    [Fact]
    public void A_document_stored_with_a_local_offset_reads_as_the_same_instant_in_UTC()
    {
        var read = DocumentJson.Deserialize<Stamped>("""{"At":"2031-01-15T16:30:00+01:00","Until":"2031-07-15T16:30:00+02:00"}""");

        Assert.Equal(new DateTimeOffset(2031, 1, 15, 15, 30, 0, TimeSpan.Zero), read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(new DateTimeOffset(2031, 7, 15, 14, 30, 0, TimeSpan.Zero), read.Until);
        Assert.Equal(TimeSpan.Zero, read.Until!.Value.Offset);
    }
}
