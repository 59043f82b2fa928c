using System.Text.RegularExpressions;

namespace Mit.Platform.DeploymentTests;

/// <summary>deploy/Dockerfile, .dockerignore and the init script: what can be checked without building an image.</summary>
public sealed class DeploymentFilesTests
{
    private static readonly string Dockerfile = Repository.Read("deploy", "Dockerfile");

    private static IEnumerable<string> Instructions(string keyword) =>
        Regex.Matches(Dockerfile, $@"^\s*{keyword}\s+(?<args>.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Select(m => m.Groups["args"].Value.Trim());

    [Fact]
    public void Dockerfile_builds_on_the_sdk_and_runs_on_the_aspnet_image_with_ICU()
    {
        var from = Instructions("FROM").ToList();
        Assert.Contains(from, f => f.StartsWith("mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal));
        var runtime = from[^1];
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", runtime, StringComparison.Ordinal);
        Assert.Equal("10.0", Regex.Match(Dockerfile, @"ARG DOTNET_VERSION=(?<v>\S+)").Groups["v"].Value);
        // The services need ICU: no alpine/chiseled/distroless images, no invariant globalization.
        Assert.DoesNotContain(from, f => f.Contains("alpine", StringComparison.OrdinalIgnoreCase)
            || f.Contains("chiseled", StringComparison.OrdinalIgnoreCase) || f.Contains("distroless", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotMatch(@"(?i)GLOBALIZATION_INVARIANT\s*=\s*(1|true)|InvariantGlobalization\s*=\s*true", Dockerfile);
    }

    [Fact]
    public void Dockerfile_is_parameterised_by_PROJECT_and_APP_and_restores_with_the_central_settings()
    {
        Assert.Contains("PROJECT", Instructions("ARG"));
        Assert.Contains("APP", Instructions("ARG"));
        Assert.Contains(Instructions("RUN"), r => r.StartsWith("dotnet restore \"$PROJECT\"", StringComparison.Ordinal));
        Assert.Contains(Instructions("RUN"), r => r.StartsWith("dotnet publish \"$PROJECT\" -c Release", StringComparison.Ordinal));
        foreach (var file in new[] { "Directory.Packages.props", "Directory.Build.props", "global.json" })
        {
            Assert.Contains(file, Dockerfile, StringComparison.Ordinal);
            Assert.True(File.Exists(Repository.PathOf(file)), file);
        }
    }

    [Fact]
    public void Dockerfile_runs_as_the_images_non_root_user_with_a_health_check()
    {
        var user = Assert.Single(Instructions("USER"));
        Assert.Equal("$APP_UID", user);
        var healthcheck = Assert.Single(Instructions("HEALTHCHECK"));
        Assert.Contains("curl", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("--interval", healthcheck, StringComparison.Ordinal);
        Assert.Contains(Instructions("ENV"), e => e.Contains("ASPNETCORE_ENVIRONMENT=Production", StringComparison.Ordinal));
        Assert.Contains(Instructions("ENTRYPOINT"), e => e.StartsWith('['));
    }

    [Fact]
    public void Dockerignore_keeps_secrets_and_build_output_out_of_the_build_context()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string> { ".env", "**/bin/", "**/obj/", ".git" }, ignored);
        Assert.DoesNotContain("!.env", ignored);
        Assert.Contains(".env", Repository.Read(".gitignore").Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void Init_script_is_an_executable_bash_script_that_stops_on_errors()
    {
        var path = Repository.PathOf("deploy", "postgres", "init-databases.sh");
        var script = File.ReadAllText(path);
        Assert.StartsWith("#!/usr/bin/env bash\n", script, StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", script, StringComparison.Ordinal);
        Assert.Contains("ON_ERROR_STOP=1", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n", script, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, "deploy/postgres/init-databases.sh is not executable (chmod +x)");
        }
    }
}
