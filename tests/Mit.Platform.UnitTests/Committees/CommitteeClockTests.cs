using Mit.Platform.Committees.Domain;

namespace Mit.Platform.UnitTests.Committees;

public class CommitteeClockTests
{
    [Theory]
    [InlineData("2031-01-14T22:59:59Z", "2031-01-14")] // winter: UTC+1
    [InlineData("2031-01-14T23:00:00Z", "2031-01-15")]
    [InlineData("2031-07-14T21:59:59Z", "2031-07-14")] // summer: UTC+2
    [InlineData("2031-07-14T22:00:00Z", "2031-07-15")]
    public void A_UTC_instant_falls_on_its_Dutch_calendar_day(string instant, string day) =>
        Assert.Equal(DateOnly.Parse(day), CommitteeClock.Today(DateTimeOffset.Parse(instant)));

    [Fact]
    public void The_offset_an_instant_is_written_in_does_not_change_its_day()
    {
        var utc = new DateTimeOffset(2031, 3, 1, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(CommitteeClock.Today(utc), CommitteeClock.Today(utc.ToOffset(TimeSpan.FromHours(-5))));
        Assert.Equal(new DateOnly(2031, 3, 2), CommitteeClock.Today(utc.ToOffset(TimeSpan.FromHours(1))));
    }
}
