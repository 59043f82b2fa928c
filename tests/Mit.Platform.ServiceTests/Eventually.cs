namespace Mit.Platform.ServiceTests;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description after the bound (a wait, not a speed check).</summary>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> condition, string description, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for: {description}");
            }
            await Task.Delay(50);
        }
    }
}
