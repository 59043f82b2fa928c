using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mit.Platform.Testing;

/// <summary>Small readiness probes that need no client library.</summary>
internal static class TcpProbe
{
    public static async Task<bool> CanConnectAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return true;
    }

    /// <summary>True once Redis answers PING with +PONG (it answers -LOADING while still loading).</summary>
    public static async Task<bool> RedisPingAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
