using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mit.Platform.Gateway;

namespace Mit.Platform.UnitTests.Gateway;

public sealed class RememberingTokenHandlerTests
{
    private const string Issuer = "http://identity.test/";
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "k1" };

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string Token(TimeSpan lifetime) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "advice-requests",
        TokenType = "at+jwt",
        Expires = DateTime.UtcNow + lifetime,
        Claims = new Dictionary<string, object> { ["sub"] = "subject-1", ["jti"] = Guid.NewGuid().ToString("n") },
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
    });

    /// <summary>As the gateway validates: signature, issuer, audience, type and lifetime; with or without the signing key.</summary>
    private static TokenValidationParameters Parameters(bool withKey) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = "advice-requests",
        ValidTypes = ["at+jwt"],
        IssuerSigningKeys = withKey ? [Key] : [],
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task A_token_that_passed_is_accepted_again_for_at_most_MaxAge()
    {
        var clock = new Clock(DateTimeOffset.UtcNow);
        using var handler = new RememberingTokenHandler(clock);
        var token = Token(TimeSpan.FromMinutes(5));

        Assert.True((await handler.ValidateTokenAsync(token, Parameters(withKey: true))).IsValid);
        // Remembered: accepted again without checking the signature (no key to check it with).
        var again = await handler.ValidateTokenAsync(token, Parameters(withKey: false));
        Assert.True(again.IsValid);
        Assert.Equal("subject-1", again.ClaimsIdentity.FindFirst("sub")?.Value);

        clock.Now += RememberingTokenHandler.MaxAge + TimeSpan.FromSeconds(1);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(withKey: false))).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_not_accepted_past_its_own_expiry()
    {
        var clock = new Clock(DateTimeOffset.UtcNow);
        using var handler = new RememberingTokenHandler(clock);
        var token = Token(TimeSpan.FromSeconds(10));

        Assert.True((await handler.ValidateTokenAsync(token, Parameters(withKey: true))).IsValid);
        clock.Now += TimeSpan.FromSeconds(11);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(withKey: false))).IsValid);
        Assert.Null(handler.Recall(token));
    }

    /// <summary>What the gateway's pipeline asks before it skips the authentication handler for a token.</summary>
    [Fact]
    public async Task Recall_names_the_caller_only_of_a_token_that_passed_and_only_while_it_is_remembered()
    {
        var clock = new Clock(DateTimeOffset.UtcNow);
        using var handler = new RememberingTokenHandler(clock);
        var token = Token(TimeSpan.FromMinutes(5));

        Assert.Null(handler.Recall(token));
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(withKey: false))).IsValid);
        Assert.Null(handler.Recall(token));

        Assert.True((await handler.ValidateTokenAsync(token, Parameters(withKey: true))).IsValid);
        var identity = handler.Recall(token);
        Assert.NotNull(identity);
        Assert.True(identity.IsAuthenticated);
        Assert.Equal("subject-1", identity.FindFirst("sub")?.Value);
        // A copy per call: one request's changes to its claims are not another's.
        identity.AddClaim(new Claim("role", "added"));
        Assert.Null(handler.Recall(token)!.FindFirst("role"));
        // Only the very string that was validated.
        Assert.Null(handler.Recall(token[..^1]));

        clock.Now += RememberingTokenHandler.MaxAge + TimeSpan.FromSeconds(1);
        Assert.Null(handler.Recall(token));
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered_and_another_token_is_checked_in_full()
    {
        using var handler = new RememberingTokenHandler(new Clock(DateTimeOffset.UtcNow));
        var token = Token(TimeSpan.FromMinutes(5));

        Assert.False((await handler.ValidateTokenAsync(token, Parameters(withKey: false))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(withKey: false))).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(withKey: true))).IsValid);
        // Remembering one token admits no other: a second token without a checkable signature is refused.
        Assert.False((await handler.ValidateTokenAsync(Token(TimeSpan.FromMinutes(5)), Parameters(withKey: false))).IsValid);
    }
}
