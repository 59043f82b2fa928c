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
        // Both desks report on the same request at nearly the same moment: one at a time avoids write conflicts on it.
        builder.AddConsumer<DeskStatusConsumer>(Topology.DeskStatusQueue, concurrentMessageLimit: 1);
    }

    public static void MapAdviceRequests(this WebApplication app) =>
        app.MapGrpcService<AdviceRequestsApi>().RequireAuthorization(AuthenticationExtensions.ApiPolicy(PlatformApis.AdviceRequests));
}
