using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Security;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mit.Platform.BuildingBlocks.Hosting;

public static class HostingExtensions
{
    /// <summary>Default request size for a gRPC message; larger ones are refused with ResourceExhausted.</summary>
    public const int DefaultMaxMessageBytes = 1024 * 1024;

    /// <summary>
    /// What every host has — the services, identity, the gateway and the portal: one TimeProvider (the machine's
    /// clock unless the host registered another, such as the services' development clock), and traces and metrics
    /// when there is a collector (OTEL_EXPORTER_OTLP_ENDPOINT); without one, recording would only cost CPU.
    /// </summary>
    public static void AddHostDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            // Traces across gateway → service → broker.
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("MassTransit").AddOtlpExporter())
            // Request rates and durations (every gRPC call is an HTTP request with its method as route), the bus,
            // outgoing calls, the runtime, and the platform's own gauges.
            .WithMetrics(m => m.AddAspNetCoreInstrumentation()
                .AddMeter("MassTransit", "System.Net.Http", "System.Runtime", PlatformMetrics.MeterName)
                .AddOtlpExporter());
    }

    /// <summary>What every service process has: the host defaults, the development clock, auth, gRPC with the one error mapping, health.</summary>
    public static void AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        DevelopmentClock.AddPlatformClock(builder);
        builder.AddHostDefaults();
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
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddHealthChecks();

    }

    /// <summary>Auth middleware, reflection, gRPC health and the HTTP live/ready probes.</summary>
    public static void MapPlatformDefaults(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
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
