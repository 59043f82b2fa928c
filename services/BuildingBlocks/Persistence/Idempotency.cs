using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.BuildingBlocks.Persistence;

public static class Idempotency
{
    public const int MaxKeyLength = 128;

    /// <summary>Looked up by every mutating call: compiled once.</summary>
    private static readonly CompiledList<PlatformDbContext, string, IdempotencyRecord> ByKey = new((db, key) =>
        db.IdempotencyRecords.AsNoTracking().Where(r => r.Key == key));

    /// <summary>
    /// Runs a mutating call once per (caller, method, key). The change, its outbox events and the stored
    /// answer are saved together; a retry gets the first answer; the same key with another request is refused.
    /// </summary>
    public static async Task<TResponse> RunOnceAsync<TResponse>(this PlatformDbContext db, Caller caller, string method,
        string idempotencyKey, IMessage request, TimeProvider time, Func<Task<TResponse>> change, CancellationToken ct)
        where TResponse : IMessage<TResponse>, new()
    {
        new Validator()
            .Require(!string.IsNullOrWhiteSpace(idempotencyKey), "idempotency_key", "is required for every mutating call")
            .Require(idempotencyKey.Length <= MaxKeyLength, "idempotency_key", $"must be at most {MaxKeyLength} characters")
            .ThrowIfInvalid();

        var key = $"{caller.Subject}|{method}|{idempotencyKey}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray()));

        // A concurrent writer on the same record makes the save fail on its revision: start over on fresh state.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(db, key, hash, time, change, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<TResponse> RunAsync<TResponse>(PlatformDbContext db, string key, string hash, TimeProvider time,
        Func<Task<TResponse>> change, CancellationToken ct) where TResponse : IMessage<TResponse>, new()
    {
        var earlier = (await ByKey.ToListAsync(db, key, ct)).SingleOrDefault();
        if (earlier is not null)
        {
            return Replay<TResponse>(earlier, hash);
        }

        var response = await change();
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Key = key,
            RequestHash = hash,
            Response = response.ToByteArray(),
            CreatedAt = time.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return response;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // A concurrent retry with the same key won the race: answer what it stored, write nothing of ours.
            db.ChangeTracker.Clear();
            var winner = (await ByKey.ToListAsync(db, key, ct)).SingleOrDefault();
            if (winner is null)
            {
                throw;
            }
            return Replay<TResponse>(winner, hash);
        }
    }

    private static TResponse Replay<TResponse>(IdempotencyRecord record, string hash) where TResponse : IMessage<TResponse>, new()
    {
        if (record.RequestHash != hash)
        {
            throw new RuleViolationException("This idempotency key was already used for a different request; use a new key.");
        }
        return new MessageParser<TResponse>(() => new TResponse()).ParseFrom(record.Response);
    }
}
