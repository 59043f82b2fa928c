using MassTransit;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.Committees.Messaging;

/// <summary>
/// Bumps the membership epoch of the committee that changed. The replica that made the change bumped it already;
/// this covers a bump that failed then (Redis unreachable at that moment). A repeated bump is harmless.
/// </summary>
public sealed class MembershipChangedConsumer(MembershipAnswers membership) : IConsumer<CommitteeMembershipChanged>
{
    public Task Consume(ConsumeContext<CommitteeMembershipChanged> context) =>
        membership.InvalidateAsync(Enum.Parse<Committee>(context.Message.Committee));
}
