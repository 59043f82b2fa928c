using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.BuildingBlocks.Security;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Bearer-token validation (issuer, audience, signature, lifetime) and a fallback policy that makes
    /// every endpoint require an authenticated caller unless it explicitly allows anonymous access.
    /// </summary>
    public static void AddPlatformAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = options.Key(); // fail closed: no key, no start
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.RequireHttpsMetadata = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = key,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateIssuerSigningKey = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = PlatformClaims.Name,
                    RoleClaimType = PlatformClaims.Role,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                };
                // A gRPC client reads a bare HTTP 401/403 as "Bad gRPC response"; answer with the gRPC status itself.
                jwt.Events = new JwtBearerEvents
                {
                    OnChallenge = context =>
                    {
                        if (GrpcStatusResponse.TryWrite(context.HttpContext, 16, "A valid bearer token for this platform is required."))
                        {
                            context.HandleResponse();
                        }
                        return Task.CompletedTask;
                    },
                    OnForbidden = context =>
                    {
                        GrpcStatusResponse.TryWrite(context.HttpContext, 7, "Not allowed for this caller.");
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
