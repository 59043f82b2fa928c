using System.Security.Cryptography;

namespace Mit.Platform.SystemTests;

/// <summary>What the publication system tests share.</summary>
internal static class Publications
{
    public static string Key() => Guid.NewGuid().ToString("n");

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Polls until the condition holds (NotFound and Unavailable count as "not yet"); a wait, not a speed check.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.Unavailable)
            {
                // Not there yet, or the process is restarting.
            }
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting for: " + what);
            }
            await Task.Delay(100);
        }
    }
}
