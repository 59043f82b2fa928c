namespace Mit.Platform.AllInOne;

internal static class DemoHelp
{
    public static void Print(AllInOneHost host, bool development)
    {
        Console.WriteLine($"""

            MIT Platform (all-in-one) is running.
              portal (open in a browser): {host.PortalAddress}
              gateway, gRPC (h2c):        {host.GatewayAddress}
              gateway, web (sign-in etc.): {host.WebAddress}
              public record (no token):   {host.WebAddress}public/v1/documents  and  {host.WebAddress}public/v1/feed.atom
              data folder:                {host.DataDirectory}

            """);
        if (development)
        {
            Console.WriteLine($"""
                Development: demo personas exist (szw-requester, vws-requester, mit-secretariat, omt-secretary, ...),
                each with the password "{Identity.Domain.DemoPersonas.Password}". A token for one of them:
                  curl -s {host.WebAddress}connect/token -d grant_type=password -d client_id=mit-cli \
                    -d username=szw-requester -d password={Identity.Domain.DemoPersonas.Password} \
                    -d "scope=advice-requests committees publication"
                or let the command-line client sign in for you:
                  dotnet run --project tools/Mit.Cli -- list --as szw-requester

                """);
        }
    }
}
