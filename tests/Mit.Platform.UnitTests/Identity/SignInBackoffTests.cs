using Mit.Platform.Identity.Domain;

namespace Mit.Platform.UnitTests.Identity;

public sealed class SignInBackoffTests
{
    [Fact]
    public void The_first_failures_are_free_then_the_lock_doubles_up_to_fifteen_minutes()
    {
        Assert.Equal(TimeSpan.Zero, SignInBackoff.LockFor(SignInBackoff.FreeFailures - 1));
        Assert.Equal(TimeSpan.FromSeconds(30), SignInBackoff.LockFor(SignInBackoff.FreeFailures));
        Assert.Equal(TimeSpan.FromSeconds(60), SignInBackoff.LockFor(SignInBackoff.FreeFailures + 1));
        Assert.Equal(TimeSpan.FromSeconds(480), SignInBackoff.LockFor(SignInBackoff.FreeFailures + 4));
        Assert.Equal(TimeSpan.FromMinutes(15), SignInBackoff.LockFor(SignInBackoff.FreeFailures + 6));
        Assert.Equal(TimeSpan.FromMinutes(15), SignInBackoff.LockFor(int.MaxValue));
    }
}
