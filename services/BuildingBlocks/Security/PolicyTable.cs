using Grpc.Core;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// A service's named authorization policies (e.g. "DraftJointRequest", "ReadDesk:MIT"), each a rule over the caller's
/// roles and organisation, checked in Api/ before any work. Rules about a particular record (the co-signer must be
/// the other ministry) are the domain's.
/// </summary>
public sealed class PolicyTable(IReadOnlyDictionary<string, Func<Caller, bool>> rules)
{
    public IEnumerable<string> Names => rules.Keys;

    public bool Allows(Caller caller, string policy) =>
        rules.TryGetValue(policy, out var rule) ? rule(caller) : throw new InvalidOperationException($"Unknown policy {policy}.");

    /// <summary>The caller, if the policy admits them; PermissionDenied otherwise.</summary>
    public Caller Require(ServerCallContext context, string policy)
    {
        var caller = Caller.From(context);
        return Allows(caller, policy) ? caller : throw new AccessDeniedException($"Not allowed: {policy}.");
    }
}
