using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Migrations;

// dotnet run --project tools/Mit.Platform.Migrations -- add <Name>
//   scaffolds migration <Name> into every service's Data/Migrations/Postgres and Data/Migrations/Sqlite.
// dotnet run --project tools/Mit.Platform.Migrations -- script <Service> <Postgres|Sqlite> <From> <To>
//   prints the SQL that takes a database from migration <From> to <To> ("0" is the empty database); with <To> before
//   <From> it is the roll-back (the migrations' Down steps). Needs no database.
switch (args)
{
    case ["add", var name] when !string.IsNullOrWhiteSpace(name):
        Add(name);
        return 0;
    case ["script", var service, var providerName, var from, var to] when Enum.TryParse<StoreProvider>(providerName, ignoreCase: true, out var store):
        var set = MigrationSet.All.SingleOrDefault(s => s.Service.Equals(service, StringComparison.OrdinalIgnoreCase) && s.Provider == store);
        if (set is null)
        {
            Console.Error.WriteLine($"No store {service}/{store}; stores: {string.Join(", ", MigrationSet.All)}");
            return 2;
        }
        using (var db = set.Create(set.DesignTimeConnectionString))
        {
            Console.Write(db.GetService<IMigrator>().GenerateScript(from, to, MigrationsSqlGenerationOptions.Default));
        }
        return 0;
    default:
        Console.Error.WriteLine("""
            usage: dotnet run --project tools/Mit.Platform.Migrations -- add <MigrationName>
                   dotnet run --project tools/Mit.Platform.Migrations -- script <Service> <Postgres|Sqlite> <FromMigration> <ToMigration>
            """);
        return 2;
}

static void Add(string name)
{
    var root = RepositoryRoot();
    foreach (var set in MigrationSet.All)
    {
        using var db = set.Create(set.DesignTimeConnectionString);
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
        ProviderDesignTimeServices(set.Provider).ConfigureDesignTimeServices(services);
        using var provider = services.BuildServiceProvider();
        var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(name, set.Context.Assembly.GetName().Name!, set.Folder.Replace('/', '.'));
        var project = Path.Combine(root, "services", set.Service);
        var files = scaffolder.Save(project, migration, Path.Combine(project, set.Folder));
        Console.WriteLine($"{set}: {Path.GetRelativePath(root, files.MigrationFile!)}");
    }
}

// The provider's own design-time services (type mappings, annotations), named by an attribute on its assembly.
static IDesignTimeServices ProviderDesignTimeServices(StoreProvider provider)
{
    var assembly = provider == StoreProvider.Postgres
        ? typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly
        : typeof(SqliteDbContextOptionsBuilderExtensions).Assembly;
    var attribute = assembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>()
        ?? throw new InvalidOperationException($"{assembly.GetName().Name} names no design-time services.");
    return (IDesignTimeServices)Activator.CreateInstance(assembly.GetType(attribute.TypeName, throwOnError: true)!)!;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Mit.Platform.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run from inside the repository (no Mit.Platform.sln above the current directory).");
}
