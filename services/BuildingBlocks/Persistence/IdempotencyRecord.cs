namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>The first answer to a mutating call, kept under the caller's idempotency key.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>caller subject + method + client key.</summary>
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public required byte[] Response { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
