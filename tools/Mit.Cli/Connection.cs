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
    private readonly Func<string> _token;

    private Connection(GrpcChannel channel, Func<string> token)
    {
        _channel = channel;
        _token = token;
        Requests = new AdviceRequests.AdviceRequestsClient(channel);
        Desks = new CommitteeDesks.CommitteeDesksClient(channel);
    }

    public AdviceRequests.AdviceRequestsClient Requests { get; }
    public CommitteeDesks.CommitteeDesksClient Desks { get; }

    public static Connection Open(Options options)
    {
        var token = TokenSource(options);
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
    /// A persona's token is minted afresh per call, so a long-running watch outlives the 15-minute lifetime.
    /// </summary>
    public Metadata Headers() => new() { { "authorization", $"Bearer {_token()}" } };

    public void Dispose() => _channel.Dispose();

    private static Func<string> TokenSource(Options options)
    {
        var token = options.Value("token");
        var persona = options.Value("as");
        if (token is not null && persona is not null)
        {
            throw new UsageException("Give --as PERSONA or --token TOKEN, not both.");
        }
        if (token is not null)
        {
            return () => token;
        }
        if (persona is null)
        {
            throw new UsageException(
                $"Say who calls: --as PERSONA (a demo token is minted with the development key) or --token TOKEN. Personas: {string.Join(", ", Personas.All.Select(p => p.Key))}.");
        }
        var who = Personas.Find(persona);
        var key = DevKey.Load(options.Value("key-file"));
        return () => Personas.Mint(who, key);
    }
}
