using System.Collections.Concurrent;
using Mit.Platform.Committees.Domain;

namespace Mit.Platform.Committees.Messaging;

/// <summary>Wakes this process's desk watchers when a desk got a new entry.</summary>
public sealed class DeskNotifier
{
    private readonly ConcurrentDictionary<Committee, TaskCompletionSource> _next = new();

    /// <summary>Completes at the next entry on this desk. Take it before reading, so nothing slips in between.</summary>
    public Task NextChange(Committee committee) =>
        _next.GetOrAdd(committee, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(Committee committee)
    {
        if (_next.TryRemove(committee, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
