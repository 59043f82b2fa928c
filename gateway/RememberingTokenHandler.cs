using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mit.Platform.Gateway;

/// <summary>
/// The gateway's token check, remembered. Validating a token (parsing, the RSA signature, issuer, audience, type,
/// lifetime) was about a tenth of the gateway's CPU per forwarded call; a client sends the same token on every call.
/// A token that passed the full validation is accepted again, for the same string, until it expires or for at most
/// <see cref="MaxAge"/>, whichever is sooner. Only successes are remembered, keyed by the whole token (the very bytes
/// whose signature was verified); anything else is validated in full every time. The services validate every token
/// themselves regardless, so nothing is admitted that a service would not admit.
/// </summary>
public sealed class RememberingTokenHandler(TimeProvider time) : JsonWebTokenHandler, IDisposable
{
    /// <summary>Shorter than the signing keys' refresh (10 minutes): a removed key stops a remembered token within this.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Distinct tokens remembered at most; beyond it the least recently used go (each entry holds one token's claims).</summary>
    private const int Capacity = 10_000;

    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>
    /// The claims of <paramref name="token"/> if that very string passed the full validation and is still remembered
    /// (not expired, not older than <see cref="MaxAge"/>); otherwise null, and the token must be validated in full. A copy
    /// per call: a request's claims may be changed by whoever handles it, never another request's.
    /// </summary>
    public ClaimsIdentity? Recall(string token) => TryRecall(token, out var remembered) ? remembered.Result.ClaimsIdentity.Clone() : null;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (TryRecall(token, out var remembered))
        {
            return new TokenValidationResult { IsValid = true, ClaimsIdentity = remembered.Result.ClaimsIdentity.Clone(), SecurityToken = remembered.Result.SecurityToken,
                TokenType = remembered.Result.TokenType, Issuer = remembered.Result.Issuer };
        }
        var now = time.GetUtcNow();
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc));
            var until = expires < now + MaxAge ? expires : now + MaxAge;
            if (until > now)
            {
                _validated.Set(token, new Remembered(result, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = until - now });
            }
        }
        return result;
    }

    private bool TryRecall(string token, [NotNullWhen(true)] out Remembered? remembered) =>
        _validated.TryGetValue(token, out remembered) && remembered!.Until > time.GetUtcNow();

    /// <summary>The gateway's handler lives as long as the gateway; tests dispose theirs.</summary>
    public void Dispose() => _validated.Dispose();

    private sealed record Remembered(TokenValidationResult Result, DateTimeOffset Until);
}
