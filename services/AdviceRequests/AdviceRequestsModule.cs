using Mit.Platform.AdviceRequests.Api;
using Mit.Platform.AdviceRequests.Data;
using Mit.Platform.AdviceRequests.Data.Migrations;
using Mit.Platform.AdviceRequests.Messaging;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Contracts;

namespace Mit.Platform.AdviceRequests;

/// <summary>Registers the service, alone or inside the all-in-one host.</summary>
public static class AdviceRequestsModule
{
    public static void AddAdviceRequests(this WebApplicationBuilder builder)
    {
        builder.AddPlatformDbContext<AdviceRequestsDbContext, PostgresAdviceRequestsDbContext, SqliteAdviceRequestsDbContext>("AdviceRequests");
        // In batches, one at a time in this process: each request changed by a batch is written once.
        builder.AddBatchedConsumer<DeskStatusConsumer, DeskStatusBatchWriter>(Topology.DeskStatusQueue);
    }

    public static void MapAdviceRequests(this WebApplication app) =>
        app.MapGrpcService<AdviceRequestsApi>().RequireAuthorization(AuthenticationExtensions.ApiPolicy(PlatformApis.AdviceRequests));
}
