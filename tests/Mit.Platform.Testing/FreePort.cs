using System.Net;
using System.Net.Sockets;

namespace Mit.Platform.Testing;

/// <summary>Picks free TCP ports on the loopback interface for servers started by the fixtures.</summary>
public static class FreePort
{
    // Ports already handed out by this process: the OS may hand the same ephemeral port
    // out twice in a row once the probe listener is closed, and a server needs several distinct ones.
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    /// <summary>Returns a loopback TCP port that was free a moment ago and was not returned before by this process.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
