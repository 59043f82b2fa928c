using Microsoft.Extensions.Options;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Access;
using Mit.Platform.Briefings.Api;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Data.Migrations;
using Mit.Platform.Briefings.Domain;
using Mit.Platform.Briefings.Messaging;
using Mit.Platform.Briefings.Outbound;
using Mit.Platform.Contracts;

namespace Mit.Platform.Briefings;

/// <summary>Registers the service, alone or inside the all-in-one host.</summary>
public static class BriefingsModule
{
    public static void AddBriefings(this WebApplicationBuilder builder)
    {
        builder.AddPlatformDbContext<BriefingsDbContext, PostgresBriefingsDbContext, SqliteBriefingsDbContext>("Briefings");
        builder.AddEpochCache();
        builder.AddLiveSignals();
        builder.Services.AddStoreGauge(AuditChainHead.Name, "{record}", "Sequence number of the audit chain's head",
            sp => AuditChainHead.Read(sp.GetRequiredService<BriefingsDbContext>()));
        builder.Services.Configure<BriefingsOptions>(builder.Configuration.GetSection(BriefingsOptions.Section));
        // Fail closed at start: no master key, no service.
        var cipher = new BriefingCipher(MasterKey(builder.Configuration, builder.Environment));
        builder.Services.AddSingleton(cipher);
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<ServiceToken>();
        builder.Services.AddUpstreamClients();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<RequestDirectory>();
        builder.Services.AddScoped<SharingWriter>();
        builder.Services.AddScoped<BriefingReads>();
        builder.Services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<BriefingsDbContext>();
            var upstream = sp.GetRequiredService<Upstream>();
            return new AccessGate(sp.GetRequiredService<EpochCache>(),
                db.SharingSnapshotAsync,
                upstream.IsMemberAsync, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddHostedService<SharingExpirySweep>();
        builder.AddBatchedConsumer<BriefingsInboxConsumer, BriefingsInboxWriter>(Topology.BriefingsInboxQueue);
    }

    public static void MapBriefings(this WebApplication app) =>
        app.MapGrpcService<BriefingsApi>().RequireAuthorization(AuthenticationExtensions.ApiPolicy(PlatformApis.Briefings));

    /// <summary>
    /// Briefings:MasterKey (base64, 32 bytes). In Development only, a key file (Briefings:MasterKeyFile) is used, and
    /// created if absent, so the all-in-one host runs out of the box; Production refuses to start without a key.
    /// </summary>
    public static byte[] MasterKey(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(BriefingsOptions.Section).Get<BriefingsOptions>() ?? new BriefingsOptions();
        var encoded = options.MasterKey;
        if (string.IsNullOrWhiteSpace(encoded) && environment.IsDevelopment() && options.MasterKeyFile is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
                File.WriteAllText(file, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(BriefingCipher.KeyBytes)));
            }
            encoded = File.ReadAllText(file).Trim();
        }
        if (string.IsNullOrWhiteSpace(encoded))
        {
            throw new InvalidOperationException("Briefings:MasterKey (base64 of 32 random bytes) must be set; the briefings service refuses to start without it.");
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Briefings:MasterKey is not valid base64.");
        }
        return key.Length == BriefingCipher.KeyBytes ? key
            : throw new InvalidOperationException($"Briefings:MasterKey must be {BriefingCipher.KeyBytes} bytes, not {key.Length}.");
    }
}
