using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Cli;

/// <summary>A fictional demo user: who the CLI calls as when given --as NAME.</summary>
internal sealed record Persona(string Key, string Subject, string Name, string Organisation, string Role);

internal static class Personas
{
    // Issuer and audience of the all-in-one host (deploy/AllInOne/AllInOneHost.cs).
    private const string Issuer = "mit-platform";
    private const string Audience = "mit-platform";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static readonly IReadOnlyList<Persona> All =
    [
        new("szw-requester", "demo-szw-requester", "Policy officer SZW (demo)", "SZW", PlatformRoles.Requester),
        new("vws-requester", "demo-vws-requester", "Policy officer VWS (demo)", "VWS", PlatformRoles.Requester),
        new("mit-secretariat", "demo-mit-secretariat", "MIT secretariat (demo)", "SCP", PlatformRoles.MitSecretariat),
        new("mit-chair", "demo-mit-chair", "MIT chair (demo)", "SCP", PlatformRoles.MitChair),
        new("omt-secretary", "demo-omt-secretary", "OMT secretary (demo)", "RIVM", PlatformRoles.OmtSecretary),
        new("omt-chair", "demo-omt-chair", "OMT chair (demo)", "RIVM", PlatformRoles.OmtChair),
    ];

    public static Persona Find(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"Unknown persona '{key}'. Known: {string.Join(", ", All.Select(p => p.Key))}.");

    /// <summary>Signs like the services expect: the AuthOptions key is the key file's text, used as UTF-8 bytes.</summary>
    public static string Mint(Persona persona, string signingKey)
    {
        var options = new AuthOptions { Issuer = Issuer, Audience = Audience, SigningKey = signingKey };
        return TokenMinter.Mint(options, persona.Subject, persona.Name, persona.Organisation, [persona.Role], Lifetime);
    }
}

/// <summary>Finds the development signing key the all-in-one host writes when it runs in Development.</summary>
internal static class DevKey
{
    public const string EnvironmentVariable = "MIT_DEV_KEY_FILE";
    private static readonly string RelativePath = Path.Combine("deploy", "AllInOne", "data", "dev-signing-key");

    public static string Load(string? keyFile)
    {
        var path = keyFile ?? NonEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? Find();
        if (path is null)
        {
            throw new CliException($"""
                No development signing key found ({RelativePath} in {Environment.CurrentDirectory} or a folder above).
                To get one, either:
                  - start the platform in Development from the repository root, which writes the key:
                      dotnet run --project deploy/AllInOne
                  - point to the key: --key-file PATH, or the environment variable {EnvironmentVariable}
                  - or pass a token you already have: --token TOKEN
                """);
        }
        if (!File.Exists(path))
        {
            throw new CliException($"The key file {path} does not exist.");
        }
        var key = File.ReadAllText(path).Trim();
        if (System.Text.Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new CliException($"The key file {path} is empty or shorter than 32 bytes; it is not the platform's development key.");
        }
        return key;
    }

    // Walk up so the CLI works from any folder inside the repository.
    private static string? Find()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
