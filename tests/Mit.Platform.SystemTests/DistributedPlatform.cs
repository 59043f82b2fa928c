using Mit.Platform.Testing;

namespace Mit.Platform.SystemTests;

/// <summary>The loopback cluster as an xunit collection fixture, with the personas the system tests call as.</summary>
public class DistributedPlatform : IAsyncLifetime
{
    private readonly int _replicas;
    private readonly int? _briefingsReplicas;

    public DistributedPlatform() : this(1)
    {
    }

    protected DistributedPlatform(int replicas, int? briefingsReplicas = null)
    {
        _replicas = replicas;
        _briefingsReplicas = briefingsReplicas;
    }

    public LoopbackCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await LoopbackCluster.StartAsync(replicas: _replicas, briefingsReplicas: _briefingsReplicas);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    public ServiceProcess Committees => Cluster.Committees;
    public string AdviceRequestsDatabase => Cluster.AdviceRequestsDatabase;

    public V1.AdviceRequests.AdviceRequestsClient Szw => new(Cluster.As("szw-requester"));
    public V1.AdviceRequests.AdviceRequestsClient Vws => new(Cluster.As("vws-requester"));
    public V1.CommitteeDesks.CommitteeDesksClient MitDesk => new(Cluster.As("mit-secretariat"));
    public V1.CommitteeDesks.CommitteeDesksClient OmtDesk => new(Cluster.As("omt-secretary"));
}

/// <summary>Two replicas of AdviceRequests and of Committees behind the gateway, with the Redis backplane.</summary>
public sealed class ReplicatedPlatform() : DistributedPlatform(2);

/// <summary>One process of each service but two of Briefings (revocation must hold on both), for the fault tests.</summary>
public sealed class FaultPlatform() : DistributedPlatform(1, briefingsReplicas: 2);

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultPlatform>
{
    public const string Name = "faults";
}

[CollectionDefinition(Name)]
public sealed class DistributedCollection : ICollectionFixture<DistributedPlatform>
{
    public const string Name = "distributed";
}

[CollectionDefinition(Name)]
public sealed class ReplicatedCollection : ICollectionFixture<ReplicatedPlatform>
{
    public const string Name = "replicated";
}
