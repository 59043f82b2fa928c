using Grpc.Core;
using Microsoft.Extensions.Localization;

namespace Mit.Platform.Portal.Platform;

/// <summary>
/// Follows a server stream for as long as a page lives: opens it (the caller's <c>open</c> resumes from what the page
/// already has, so nothing is missed), hands each message to the page, and after a broken connection opens it again
/// with growing pauses (0.25 s up to 10 s). A refusal that a retry cannot change ends the following and is shown.
/// </summary>
public static class LiveStream
{
    /// <summary>Kinds of <see cref="Problem"/> a reconnect would only repeat.</summary>
    private static readonly HashSet<string> Final = ["denied", "session", "invalid", "notfound", "precondition"];

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    /// <param name="name">What is followed, as the log names it (e.g. "MIT desk").</param>
    /// <param name="changed">Told when the stream is live, broken (retrying) or refused for good.</param>
    public static async Task FollowAsync<T>(
        string name,
        Func<CancellationToken, Task<AsyncServerStreamingCall<T>>> open,
        Func<T, Task> received,
        Func<LiveState, Task> changed,
        ILogger log,
        IStringLocalizer texts,
        CancellationToken stop)
    {
        var pause = FirstPause;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var call = await open(stop);
                await call.ResponseHeadersAsync;
                pause = FirstPause;
                await changed(LiveState.Connected);
                while (await call.ResponseStream.MoveNext(stop))
                {
                    await received(call.ResponseStream.Current);
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                var problem = Problem.From(e, texts);
                log.LogWarning("Live stream of the {Stream} interrupted ({Kind}, {Problem}): {Message}", name, e.GetType().Name, problem.Kind, e.Message);
                if (Final.Contains(problem.Kind))
                {
                    await changed(new LiveState(false, problem));
                    return;
                }
                await changed(LiveState.Reconnecting);
                await Task.Delay(pause, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, pause.Ticks * 2));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Where a followed stream stands: live, reconnecting (no refusal), or refused for good.</summary>
public sealed record LiveState(bool IsLive, Problem? Refusal)
{
    public static readonly LiveState Connected = new(true, null);
    public static readonly LiveState Reconnecting = new(false, null);
}
