using Grpc.Net.Client;

namespace Mit.Platform.Portal.Platform;

/// <summary>One HTTP/2 channel to the gateway for the whole portal; each call carries its user's own token.</summary>
public sealed class GatewayChannel(PortalOptions options) : IDisposable
{
    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(options.Gateway, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = 8 * 1024 * 1024,
    });

    public void Dispose() => Channel.Dispose();
}
