using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Migrations;

// dotnet run --project tools/Mit.Platform.Migrations -- add <Name>
//   scaffolds migration <Name> into every service's Data/Migrations/Postgres and Data/Migrations/Sqlite.
if (args is not ["add", var name] || string.IsNullOrWhiteSpace(name))
{
    Console.Error.WriteLine("usage: dotnet run --project tools/Mit.Platform.Migrations -- add <MigrationName>");
    return 2;
}
var root = RepositoryRoot();
foreach (var set in MigrationSets())
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
return 0;

static IEnumerable<MigrationSet> MigrationSets() => MigrationSet.All;

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
