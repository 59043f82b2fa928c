namespace Mit.Platform.AllInOne;

internal static class DemoHelp
{
    public static void Print(AllInOneHost host)
    {
        Console.WriteLine($"""

            MIT Platform (all-in-one) is running.
              gateway (gRPC, h2c): {host.GatewayAddress}
              data folder:         {host.DataDirectory}

            """);
        if (File.Exists(Path.Combine(host.DataDirectory, "dev-signing-key")))
        {
            Console.WriteLine($"""
                Development: demo tokens are signed with the key in {Path.Combine(host.DataDirectory, "dev-signing-key")}.
                Mint one for a persona (szw-requester, vws-requester, mit-secretariat, omt-secretary, ...):
                  dotnet run --project tools/Mit.Cli -- token --persona szw-requester
                or let the CLI mint it for each call: dotnet run --project tools/Mit.Cli -- --help

                """);
        }
    }
}
