using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Api;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Data.Migrations;
using Mit.Platform.Committees.Messaging;
using Mit.Platform.Contracts;

namespace Mit.Platform.Committees;

/// <summary>Registers the service, alone or inside the all-in-one host.</summary>
public static class CommitteesModule
{
    public static void AddCommittees(this WebApplicationBuilder builder)
    {
        builder.AddPlatformDbContext<CommitteesDbContext, PostgresCommitteesDbContext, SqliteCommitteesDbContext>("Committees");
        builder.AddLiveSignals();
        builder.AddEpochCache();
        builder.Services.AddScoped<MembershipAnswers>();
        builder.Services.AddSingleton<AdviceReveals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AdviceReveals>());
        builder.Services.AddSingleton<StandbyOverdueSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StandbyOverdueSweep>());
        builder.Services.AddStoreGauge(DeskLag.Name, "s", "Seconds from the latest request's release to its arrival on the desk",
            sp => DeskLag.Read(sp.GetRequiredService<CommitteesDbContext>()));
        if (builder.Configuration.GetValue("Committees:SeedDemoComposition", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddHostedService<DemoComposition>();
        }
        builder.AddConsumer<MembershipChangedConsumer>(Topology.CommitteesMembershipQueue);
        // Both desks from one queue, in batches: one transaction per batch at a time in this process.
        builder.AddBatchedConsumer<DeskConsumer, DeskBatchWriter>(Topology.DesksQueue);
    }

    public static void MapCommittees(this WebApplication app)
    {
        var policy = AuthenticationExtensions.ApiPolicy(PlatformApis.Committees);
        app.MapGrpcService<CommitteeDesksApi>().RequireAuthorization(policy);
        app.MapGrpcService<CommitteeCompositionApi>().RequireAuthorization(policy);
        app.MapGrpcService<StandbyApi>().RequireAuthorization(policy);
        if (app.Environment.IsDevelopment() && app.Services.GetService<BuildingBlocks.Hosting.DevelopmentClock>() is not null)
        {
            // Never in Production: there is no clock to move, and the RPC does not exist (Unimplemented).
            app.MapGrpcService<DevelopmentClockApi>().RequireAuthorization(policy);
        }
    }
}
