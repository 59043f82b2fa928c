using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.BuildingBlocks.Security;

public static class AuthenticationExtensions
{
    /// <summary>The policy that admits only tokens issued for this API (its audience).</summary>
    public static string ApiPolicy(string api) => "api:" + api;

    /// <summary>
    /// Validates access tokens from the identity service: issuer, signature (published keys), lifetime, token type
    /// at+jwt (an ID token is refused) and a platform audience; each service's endpoints then require their own
    /// audience (<see cref="ApiPolicy"/>). Every endpoint needs an authenticated caller unless it says otherwise.
    /// </summary>
    public static void AddPlatformAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.Validate(); // fail closed: no issuer, no start
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    options.MetadataAddress, new IdentityKeysRetriever(), new HttpDocumentRetriever { RequireHttps = options.RequireHttpsMetadata })
                {
                    // A removed key stops working at the next refresh; an unknown key id triggers one at most every 30 s.
                    AutomaticRefreshInterval = TimeSpan.FromMinutes(10),
                    RefreshInterval = TimeSpan.FromSeconds(30),
                };
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer.TrimEnd('/') + "/",
                    ValidIssuers = [options.Issuer.TrimEnd('/') + "/", options.Issuer.TrimEnd('/')],
                    ValidAudiences = PlatformApis.All,
                    ValidTypes = ["at+jwt"],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateIssuerSigningKey = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = PlatformClaims.Name,
                    RoleClaimType = PlatformClaims.Role,
                };
                // A gRPC client reads a bare HTTP 401 as "Bad gRPC response"; answer with the gRPC status itself.
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
                };
            });
        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var api in PlatformApis.All)
        {
            authorization.AddPolicy(ApiPolicy(api), p => p.RequireAuthenticatedUser().AddRequirements(new AudienceRequirement(api)));
        }
        builder.Services.AddSingleton<IAuthorizationHandler, AudienceHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
    }
}

/// <summary>The token must be issued for this API.</summary>
public sealed record AudienceRequirement(string Api) : IAuthorizationRequirement;

internal sealed class AudienceHandler : AuthorizationHandler<AudienceRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AudienceRequirement requirement)
    {
        if (context.User.FindAll("aud").Any(c => c.Value == requirement.Api))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Refusals of gRPC calls as gRPC statuses: a token for another service is Unauthenticated here.</summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<AudienceRequirement>().Any() == true
            && GrpcStatusResponse.TryWrite(context, 16, "This token was not issued for this service."))
        {
            return Task.CompletedTask;
        }
        if (authorizeResult.Forbidden && GrpcStatusResponse.TryWrite(context, 7, "Not allowed for this caller."))
        {
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
