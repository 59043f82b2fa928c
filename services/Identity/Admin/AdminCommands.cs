using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Identity.Api;
using Mit.Platform.Identity.Domain;

namespace Mit.Platform.Identity.Admin;

/// <summary>
/// Operator commands, run against the same configuration as the service:
///   users add --user-name NAME --display-name "Full name" --org SZW --role requester [--role ...]   (password on stdin)
///   keys new   (prints a new PEM signing key and a new encryption key for configuration)
/// </summary>
public static class AdminCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case ["keys", "new"]:
                Console.WriteLine("Identity__SigningKeys__0:");
                Console.WriteLine(Credentials.NewSigningKeyPem());
                Console.WriteLine("Identity__EncryptionKey: " + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
                return 0;
            case ["users", "add", .. var options]:
                return await AddUserAsync(options);
            default:
                await Console.Error.WriteLineAsync("usage: identity users add --user-name N --display-name D --org ORG --role R [--role R2] < password\n       identity keys new");
                return 2;
        }
    }

    private static async Task<int> AddUserAsync(string[] options)
    {
        string? Value(string name) => options.SkipWhile(o => o != name).Skip(1).FirstOrDefault();
        var roles = options.Select((o, i) => (o, i)).Where(x => x.o == "--role" && x.i + 1 < options.Length).Select(x => options[x.i + 1]).ToList();
        var password = (await Console.In.ReadLineAsync())?.Trim() ?? "";

        var builder = WebApplication.CreateBuilder([]);
        builder.AddIdentityServer();
        await using var app = builder.Build();
        await app.StartAsync(); // creates the schema; no requests are served before the command ends
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var user = PlatformUser.Create(Value("--user-name") ?? "", Value("--display-name") ?? "", Value("--org") ?? "", roles);
            await scope.ServiceProvider.GetRequiredService<Users>().AddAsync(user, password, CancellationToken.None);
            Console.WriteLine($"added {user.UserName} (subject {user.Subject}): {string.Join(", ", user.Roles)} at {user.Organisation}");
            return 0;
        }
        catch (ValidationFailedException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (AlreadyExistsException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
