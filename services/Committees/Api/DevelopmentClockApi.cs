using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Data;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Committees.Api;

/// <summary>Development only (mapped only there): an operator reads and advances the host's clock.</summary>
public sealed class DevelopmentClockApi(CommitteesDbContext db, DevelopmentClock clock) : V1.DevelopmentClock.DevelopmentClockBase
{
    private const string Operate = nameof(Operate);

    private static readonly PolicyTable Table = new(new Dictionary<string, Func<Caller, bool>>
    {
        [Operate] = c => c.HasRole(PlatformRoles.Operator),
    });

    public override Task<V1.ClockState> GetClock(V1.GetClockRequest request, ServerCallContext context)
    {
        Table.Require(context, Operate);
        return Task.FromResult(State());
    }

    public override Task<V1.ClockState> AdvanceClock(V1.AdvanceClockRequest request, ServerCallContext context)
    {
        var caller = Table.Require(context, Operate);
        var by = request.AdvanceBy?.ToTimeSpan() ?? TimeSpan.Zero;
        new Validator()
            .Require(by > TimeSpan.Zero && by <= DevelopmentClock.MaxAdvance, "advance_by", $"is required: more than zero, at most {DevelopmentClock.MaxAdvance.TotalDays} days (the clock never goes back)")
            .ThrowIfInvalid();
        // Once per idempotency key: a retry returns the first answer and does not advance again.
        return db.RunOnceAsync(caller, nameof(AdvanceClock), request.IdempotencyKey, request, clock, () =>
        {
            clock.Advance(by);
            return Task.FromResult(State());
        }, context.CancellationToken);
    }

    private V1.ClockState State() => new() { Now = Timestamp.FromDateTimeOffset(clock.GetUtcNow()), Offset = Duration.FromTimeSpan(clock.Offset) };
}
