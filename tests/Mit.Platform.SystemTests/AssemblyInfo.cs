// Each collection starts its own cluster of servers and processes; on two cores they run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
