using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Contracts;
using Mit.Platform.Publication.Api;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Data.Migrations;
using Mit.Platform.Publication.Domain;
using Mit.Platform.Publication.Messaging;

namespace Mit.Platform.Publication;

/// <summary>Registers the service, alone or inside the all-in-one host.</summary>
public static class PublicationModule
{
    public static void AddPublication(this WebApplicationBuilder builder)
    {
        builder.AddPlatformDbContext<PublicationDbContext, PostgresPublicationDbContext, SqlitePublicationDbContext>("Publication");
        // The public record is also JSON over HTTP (google.api.http options in publication.proto); errors carry the
        // field violations (google.rpc.BadRequest) as in gRPC.
        // Not through AddGrpc() again: that would bring back grpc-dotnet's lenient binder, which AddPlatformDefaults
        // replaced with the one that answers InvalidArgument to bytes that are not protobuf.
        new GrpcServices(builder.Services).AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor));
        // One consumer for the one queue, one batch at a time: the two committees' adoptions of one request never conflict.
        builder.AddBatchedConsumer<PublicationInboxConsumer, PublicationInboxWriter>(Topology.PublicationInboxQueue);
        builder.Services.AddSingleton(new CabinetResponseTerm(builder.Configuration.GetValue(CabinetResponseTerm.ConfigurationKey, CabinetResponseTerm.DefaultMonths)));
        builder.Services.AddSingleton<CabinetResponseOverdueSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CabinetResponseOverdueSweep>());
    }

    private sealed class GrpcServices(IServiceCollection services) : IGrpcServerBuilder
    {
        public IServiceCollection Services => services;
    }

    public static void MapPublication(this WebApplication app)
    {
        app.MapGrpcService<PublicationApi>().RequireAuthorization(AuthenticationExtensions.ApiPolicy(PlatformApis.Publication));
        // The only anonymous API of the platform: published documents only rate-limited per client address here as at the gateway.
        app.MapGrpcService<PublicRecordsApi>().AllowAnonymous().RequireRateLimiting(PublicRateLimit.Policy);
        app.MapGet(AtomFeed.Path, AtomFeed.Render).AllowAnonymous().RequireRateLimiting(PublicRateLimit.Policy);
    }
}
