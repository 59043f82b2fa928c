using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Security;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mit.Platform.BuildingBlocks.Hosting;

public static class HostingExtensions
{
    /// <summary>Default request size for a gRPC message; larger ones are refused with ResourceExhausted.</summary>
    public const int DefaultMaxMessageBytes = 1024 * 1024;

    /// <summary>What every service process has: auth, gRPC with the one error mapping, health, traces.</summary>
    public static void AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        DevelopmentClock.AddPlatformClock(builder);
        builder.AddPlatformAuthentication();

        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorMappingInterceptor>();
            // Inside the error mapping, so its refusals become InvalidArgument with field violations.
            o.Interceptors.Add<RequestGuardInterceptor>();
            o.MaxReceiveMessageSize = builder.Configuration.GetValue("Grpc:MaxReceiveMessageBytes", DefaultMaxMessageBytes);
            o.EnableDetailedErrors = false;
        });
        // Bind methods with a parser that answers InvalidArgument, not Unknown, to a body that is not protobuf.
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(StrictProtobufMethodProvider<>));
        builder.Services.AddGrpcReflection();
        // The public record's limit also here, for whoever reaches a service without the gateway (PublicRateLimit).
        builder.Services.AddRateLimiter(o => o.AddPublicRecordsPolicy(builder.Configuration));
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddHealthChecks();

        // Traces across gateway → service → broker, when there is a collector to send them to; without one, recording
        // every call and message would only cost CPU.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("MassTransit").AddOtlpExporter());
        }
    }

    /// <summary>Auth middleware, reflection, gRPC health and the HTTP live/ready probes.</summary>
    public static void MapPlatformDefaults(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // After routing (which knows the gRPC method) and the token check, before grpc-dotnet reads the body.
        app.UseMiddleware<GrpcFramingGuard>(app.Configuration.GetValue("Grpc:MaxReceiveMessageBytes", DefaultMaxMessageBytes));
        // Reflection lists every method and message to whoever asks: a development aid, not for Production.
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue("Grpc:EnableReflection", false))
        {
            app.MapGrpcReflectionService();
        }
        // Probes say nothing but up/down; the gateway does not route them.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}
