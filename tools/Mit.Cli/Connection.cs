using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>The gateway channel, the two clients, and the bearer token every call carries.</summary>
internal sealed class Connection : IDisposable
{
    public const string GatewayVariable = "MIT_GATEWAY";
    public const string DefaultGateway = "http://127.0.0.1:5080";

    private readonly GrpcChannel _channel;
    private readonly Func<Task<string>> _token;

    private Connection(GrpcChannel channel, Func<Task<string>> token)
    {
        _channel = channel;
        _token = token;
        Invoker = channel.CreateCallInvoker();
        Requests = new AdviceRequests.AdviceRequestsClient(channel);
        Desks = new CommitteeDesks.CommitteeDesksClient(channel);
    }

    public AdviceRequests.AdviceRequestsClient Requests { get; }
    public CommitteeDesks.CommitteeDesksClient Desks { get; }

    /// <summary>For the clients of the other services.</summary>
    public CallInvoker Invoker { get; }

    public static Connection Open(Options options, CancellationToken ct)
    {
        // Checked before anything is sent, so a wrong command line fails fast.
        var token = Authentication.TokenSource(options, ct);
        var gateway = options.Value("gateway") ?? Environment.GetEnvironmentVariable(GatewayVariable) ?? DefaultGateway;
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--gateway must be an http:// or https:// address, not '{gateway}'.");
        }
        // An http:// address makes Grpc.Net.Client speak HTTP/2 without TLS (h2c), which is what the gateway serves.
        return new Connection(GrpcChannel.ForAddress(address), token);
    }

    /// <summary>
    /// The token goes in a plain header rather than CallCredentials, which the client only sends over TLS.
    /// The token source is asked per call (watch: per reconnect) and renews a token near its end, so a
    /// long-running watch outlives the 15-minute access token lifetime.
    /// </summary>
    public async Task<Metadata> Headers() => new() { { "authorization", $"Bearer {await _token()}" } };

    public void Dispose() => _channel.Dispose();
}
