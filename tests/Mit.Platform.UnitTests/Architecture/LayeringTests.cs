using System.Text.RegularExpressions;

namespace Mit.Platform.UnitTests.Architecture;

/// <summary>
/// The folders of a service depend downwards only: Api/ maps and authorises on top of everything; Data/ and Messaging/
/// never reach up into it; Domain/ holds rules that know no store, message or API. Read from the sources, so a new file
/// is checked the day it is added.
/// </summary>
public sealed partial class LayeringTests
{
    [Fact]
    public void No_Data_or_Messaging_file_of_any_service_uses_an_Api_namespace()
    {
        var files = SourcesIn("Data", "Messaging");

        Assert.NotEmpty(files);
        Assert.Empty(files.Where(f => ApiReference().IsMatch(File.ReadAllText(f))).Select(Relative));
    }

    [Fact]
    public void No_Domain_file_of_any_service_uses_the_Api_Data_Messaging_or_outbound_namespaces()
    {
        var files = SourcesIn("Domain");

        Assert.NotEmpty(files);
        Assert.Empty(files.Where(f => OuterLayerReference().IsMatch(File.ReadAllText(f))).Select(Relative));
    }

    // "using Mit.Platform.X.Api;", "Mit.Platform.X.Api.Thing", or "Api.Thing" from inside Mit.Platform.X.
    [GeneratedRegex(@"\bMit\.Platform\.\w+\.Api\b|(?<![\w.])Api\.\w")]
    private static partial Regex ApiReference();

    [GeneratedRegex(@"\bMit\.Platform\.\w+\.(Api|Data|Messaging|Outbound)\b|(?<![\w.])(Api|Data|Messaging|Outbound)\.\w")]
    private static partial Regex OuterLayerReference();

    private static List<string> SourcesIn(params string[] folders) =>
        [.. Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "services"))
            .SelectMany(service => folders.Select(folder => Path.Combine(service, folder)))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))];

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot(), path);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mit.Platform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Mit.Platform.sln above {AppContext.BaseDirectory}: the tests run from the repository's build output.");
    }
}
