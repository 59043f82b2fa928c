namespace Mit.Platform.Testing;

/// <summary>
/// Last-resort cleanup: if the test process exits without disposing a server (crash in a test,
/// fixture never disposed), kill its child processes and remove its data directory on ProcessExit.
/// </summary>
internal static class ExitCleanup
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<object, Action> Pending = [];
    private static bool hooked;

    public static void Register(object owner, Action cleanup)
    {
        lock (Gate)
        {
            if (!hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();
                hooked = true;
            }

            Pending[owner] = cleanup;
        }
    }

    public static void Unregister(object owner)
    {
        lock (Gate)
        {
            Pending.Remove(owner);
        }
    }

    private static void RunAll()
    {
        Action[] actions;
        lock (Gate)
        {
            actions = [.. Pending.Values];
            Pending.Clear();
        }

        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch
            {
                // Best effort while the process is going away.
            }
        }
    }
}
