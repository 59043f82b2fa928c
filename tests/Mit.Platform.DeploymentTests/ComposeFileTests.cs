using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Mit.Platform.DeploymentTests;

/// <summary>docker-compose.yml resolved once by `config`, with a generated env file holding every required secret.</summary>
public sealed class ResolvedCompose : IDisposable
{
    public ResolvedCompose()
    {
        Values = ComposeVariables.DummyValues();
        EnvFile = new TempEnvFile(Values);
    }

    public Dictionary<string, string> Values { get; }

    public TempEnvFile EnvFile { get; }

    private ComposeModel? _model;

    /// <summary>Resolved on first use, so a missing compose command fails the tests with the install hint.</summary>
    public ComposeModel Model => _model ??= ComposeCli.Require().ConfigModel(EnvFile.FilePath);

    public void Dispose() => EnvFile.Dispose();
}

public sealed class ComposeFileTests(ResolvedCompose compose) : IClassFixture<ResolvedCompose>
{
    /// <summary>Infrastructure services: not built from this repository.</summary>
    private static readonly string[] Infrastructure = ["rabbitmq", "redis", "postgres"];

    /// <summary>The only services allowed to publish ports, and which container ports they may publish.</summary>
    private static readonly Dictionary<string, int[]> PublishedPorts = new(StringComparer.Ordinal)
    {
        ["gateway"] = [8080, 8081],
        ["rabbitmq"] = [15672],
    };

    private ComposeModel Model => compose.Model;

    [Fact]
    public void Config_passes_with_every_required_secret_in_the_env_file()
    {
        var cli = ComposeCli.Require();
        var result = cli.Config(compose.EnvFile.FilePath, "--quiet");
        Assert.True(result.ExitCode == 0, $"{cli.Description} config failed ({result.ExitCode}):\n{result.Output}");
        Assert.Equivalent(
            new[] { "rabbitmq", "redis", "postgres", "identity", "advice-requests", "committees", "briefings", "publication", "gateway" },
            Model.Services.Keys, strict: false);
    }

    [Fact]
    public void Every_service_project_is_a_compose_service_built_from_deploy_Dockerfile_with_its_PROJECT()
    {
        var projects = ServiceProjects();
        Assert.NotEmpty(projects);
        var built = Model.Services.Values.Where(s => s.Build is not null).ToList();
        var failures = new List<string>();
        foreach (var (project, assembly) in projects)
        {
            // One compose service per project, or several: replicas (docs/operations.md, Scaling).
            var services = built.Where(s => s.BuildArgs.GetValueOrDefault("PROJECT") == project).ToList();
            if (services.Count == 0)
            {
                failures.Add($"{project}: no compose service is built with build arg PROJECT={project}");
            }
            foreach (var service in services)
            {
                if (service.Dockerfile != "deploy/Dockerfile")
                {
                    failures.Add($"{service.Name}: built with {service.Dockerfile}, not deploy/Dockerfile");
                }
                if (!SamePath(service.Build!.Text("context"), Repository.Root))
                {
                    failures.Add($"{service.Name}: build context {service.Build!.Text("context")} is not the repository root");
                }
                if (service.BuildArgs.GetValueOrDefault("APP") != assembly)
                {
                    failures.Add($"{service.Name}: build arg APP={service.BuildArgs.GetValueOrDefault("APP")}, the assembly of {project} is {assembly}");
                }
            }
        }
        // And no compose service builds a project that does not exist (a renamed or removed service).
        foreach (var service in built)
        {
            var project = service.BuildArgs.GetValueOrDefault("PROJECT");
            if (project is null || !projects.ContainsKey(project))
            {
                failures.Add($"{service.Name}: PROJECT={project} is not a service project of Mit.Platform.sln");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(Model.Services.Keys.Except(Infrastructure).Order(), built.Select(s => s.Name).Order());
    }

    [Fact]
    public void Every_compose_service_has_a_health_check()
    {
        foreach (var service in Model.Services.Values)
        {
            var check = service.Healthcheck;
            Assert.True(check is not null, $"{service.Name} has no healthcheck");
            Assert.NotEqual("true", check.Text("disable"));
            var test = check.Get("test") switch
            {
                string text => [text],
                var list => Node.List(list).Select(t => (string?)t).ToList(),
            };
            Assert.True(test.Count > 0 && test[0] is "CMD" or "CMD-SHELL" && test.Count > 1,
                $"{service.Name}: healthcheck test must be CMD or CMD-SHELL with a command, is [{string.Join(", ", test)}]");
        }
    }

    [Fact]
    public void Health_checks_of_the_dotnet_services_probe_the_right_protocol()
    {
        static string Test(ComposeService s) => string.Join(' ', Node.List(s.Healthcheck!.Get("test")).Select(t => (string?)t));
        // gRPC services listen h2c only: curl must speak HTTP/2 with prior knowledge.
        Assert.Contains("--http2-prior-knowledge", Test(Model.Services["advice-requests"]), StringComparison.Ordinal);
        Assert.Contains("--http2-prior-knowledge", Test(Model.Services["committees"]), StringComparison.Ordinal);
        Assert.Contains("--http2-prior-knowledge", Test(Model.Services["publication"]), StringComparison.Ordinal);
        Assert.Contains("/health/ready", Test(Model.Services["advice-requests"]), StringComparison.Ordinal);
        // Identity and the gateway's web endpoint are HTTP/1.1.
        Assert.DoesNotContain("--http2-prior-knowledge", Test(Model.Services["identity"]), StringComparison.Ordinal);
        Assert.Contains(":8081/health/live", Test(Model.Services["gateway"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_gateway_and_the_broker_management_UI_publish_ports()
    {
        foreach (var service in Model.Services.Values)
        {
            Assert.NotEqual("host", service.Definition.Text("network_mode"));
            var ports = service.Ports;
            if (!PublishedPorts.TryGetValue(service.Name, out var allowed))
            {
                Assert.True(ports.Count == 0, $"{service.Name} publishes {string.Join(", ", ports)}; only the gateway and the RabbitMQ management UI may");
                continue;
            }
            Assert.All(ports, p => Assert.Contains(p.Target, allowed));
        }
        Assert.Equal([8080, 8081], Model.Services["gateway"].Ports.Select(p => p.Target).Order());
        var ui = Assert.Single(Model.Services["rabbitmq"].Ports);
        Assert.Equal(15672, ui.Target);
        Assert.Equal("127.0.0.1", ui.HostIp); // the default: the broker UI on loopback only
    }

    public static TheoryData<string> RequiredVariables() => [.. ComposeVariables.Required().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(RequiredVariables))]
    public void Config_fails_when_a_required_secret_is_missing(string variable)
    {
        var cli = ComposeCli.Require();
        var values = ComposeVariables.DummyValues();
        values.Remove(variable);
        using var env = new TempEnvFile(values);
        var result = cli.Config(env.FilePath, "--quiet");
        Assert.True(result.ExitCode != 0, $"config passed without {variable}:\n{result.Output}");
        Assert.Contains(variable, result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RequiredVariables))]
    public void Config_fails_when_a_required_secret_is_empty(string variable)
    {
        var cli = ComposeCli.Require();
        var values = ComposeVariables.DummyValues();
        values[variable] = "";
        using var env = new TempEnvFile(values);
        var result = cli.Config(env.FilePath, "--quiet");
        Assert.True(result.ExitCode != 0, $"config passed with an empty {variable}:\n{result.Output}");
        Assert.Contains(variable, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secrets_and_the_public_address_are_required()
    {
        var required = ComposeVariables.Required();
        string[] secrets =
        [
            "PUBLIC_ISSUER", "IDENTITY_SIGNING_KEY", "IDENTITY_ENCRYPTION_KEY", "POSTGRES_PASSWORD", "RABBITMQ_DEFAULT_PASS",
            "REDIS_PASSWORD", "IDENTITY_DB_PASSWORD", "ADVICE_REQUESTS_DB_PASSWORD", "COMMITTEES_DB_PASSWORD",
        ];
        Assert.All(secrets, s => Assert.Contains(s, required));
    }

    [Fact]
    public void The_committed_env_example_does_not_start_anything()
    {
        // Copied unchanged, .env.example has empty secrets: config must refuse it.
        var cli = ComposeCli.Require();
        var result = cli.Config(Repository.PathOf(".env.example"), "--quiet");
        Assert.True(result.ExitCode != 0, $"config passed with the unfilled .env.example:\n{result.Output}");
    }

    [Fact]
    public void The_env_example_lists_every_variable_the_compose_file_reads()
    {
        var example = Repository.Read(".env.example");
        var listed = Regex.Matches(example, @"^(?<name>[A-Z][A-Z0-9_]*)=", RegexOptions.Multiline).Select(m => m.Groups["name"].Value).ToHashSet();
        Assert.Empty(ComposeVariables.All().Except(listed).Order());
        Assert.Empty(listed.Except(ComposeVariables.All()).Order());
        // Secrets are empty in the example: nobody runs with a published placeholder password.
        foreach (var name in ComposeVariables.Required())
        {
            Assert.Matches($"(?m)^{name}=$", example);
        }
    }

    [Theory]
    [InlineData("multi-line between double quotes")]
    [InlineData("one line with \\n between double quotes")]
    public void The_signing_key_reaches_the_identity_service_unchanged(string form)
    {
        var cli = ComposeCli.Require();
        var values = ComposeVariables.DummyValues();
        using var env = new TempEnvFile(values, (name, value) => name == "IDENTITY_SIGNING_KEY" && form.StartsWith("one line", StringComparison.Ordinal)
            ? $"{name}=\"{value.TrimEnd('\n').Replace("\n", "\\n", StringComparison.Ordinal)}\""
            : TempEnvFile.DefaultLine(name, value));
        var identity = cli.ConfigModel(env.FilePath).Services["identity"].Environment;
        Assert.Equal(TestPem.Value.TrimEnd('\n'), identity["Identity__SigningKeys__0"]?.TrimEnd('\n'));
        Assert.Equal(values["IDENTITY_ENCRYPTION_KEY"], identity["Identity__EncryptionKey"]);
    }

    [Fact]
    public void Every_dotnet_service_runs_in_Production_and_trusts_the_one_public_issuer()
    {
        var issuer = compose.Values["PUBLIC_ISSUER"];
        foreach (var service in Model.Services.Values.Where(s => s.Build is not null))
        {
            var env = service.Environment;
            Assert.Equal("Production", env.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"));
            if (service.Name == "identity")
            {
                Assert.Equal(issuer, env["Identity__Issuer"]);
                continue;
            }
            Assert.Equal(issuer, env.GetValueOrDefault("Auth__Issuer"));
            Assert.Equal("http://identity:8080", env.GetValueOrDefault("Auth__Authority"));
        }
    }

    [Fact]
    public void Services_use_PostgreSQL_and_RabbitMQ_with_the_configured_credentials()
    {
        var rabbit = Model.Services["rabbitmq"].Environment;
        foreach (var name in new[] { "advice-requests", "committees", "briefings", "publication" })
        {
            var env = Model.Services[name].Environment;
            Assert.Equal("Postgres", env["Persistence__Provider"]);
            Assert.Equal("RabbitMq", env["Messaging__Transport"]);
            Assert.Equal("rabbitmq", env["Messaging__Host"]);
            Assert.Equal(rabbit["RABBITMQ_DEFAULT_USER"], env["Messaging__Username"]);
            Assert.Equal(rabbit["RABBITMQ_DEFAULT_PASS"], env["Messaging__Password"]);
        }
        Assert.Equal("Postgres", Model.Services["identity"].Environment["Persistence__Provider"]);
        // Redis, where a service uses it: the compose server, with its password.
        var redisPassword = Node.List(Model.Services["redis"].Definition.Get("command")).Select(c => (string?)c)
            .SkipWhile(c => c != "--requirepass").Skip(1).Single();
        foreach (var service in Model.Services.Values)
        {
            if (service.Environment.GetValueOrDefault("Redis__ConnectionString") is { } redis)
            {
                Assert.StartsWith("redis:6379,", redis, StringComparison.Ordinal);
                Assert.Contains($",password={redisPassword},", redis + ",", StringComparison.Ordinal);
                Assert.Equal("service_healthy", service.DependsOn.GetValueOrDefault("redis"));
            }
        }
    }

    [Fact]
    public void Every_connection_string_names_a_database_and_login_that_init_databases_creates()
    {
        var script = Repository.Read("deploy", "postgres", "init-databases.sh");
        var created = Regex.Match(script, @"databases=\((?<names>[^)]*)\)").Groups["names"].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        Assert.Superset(new HashSet<string> { "identity", "advice_requests", "committees", "briefings", "publication" }, created);
        var postgres = Model.Services["postgres"].Environment;
        var connectionStrings = Model.Services.Values
            .SelectMany(s => s.Environment.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Select(e => (Service: s.Name, e.Value)))
            .ToList();
        Assert.Equal(5, connectionStrings.Count);
        foreach (var (service, value) in connectionStrings)
        {
            var parts = value!.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            Assert.Equal("postgres", parts["Host"]);
            var database = parts["Database"];
            Assert.Contains(database, created);
            Assert.Equal(database, parts["Username"]); // the role that owns the database
            // The password the service uses is the one init-databases.sh gives that role.
            Assert.Equal(postgres[database.ToUpperInvariant() + "_DB_PASSWORD"], parts["Password"]);
            Assert.DoesNotContain(service, Infrastructure);
        }
    }

    [Fact]
    public void Services_start_only_after_what_they_need_is_healthy()
    {
        foreach (var service in Model.Services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                Assert.True(Model.Services.ContainsKey(dependency), $"{service.Name} depends on unknown {dependency}");
                Assert.True(condition == "service_healthy", $"{service.Name} -> {dependency}: condition {condition}, expected service_healthy");
            }
        }
        Assert.Superset(new HashSet<string> { "postgres", "rabbitmq", "identity" }, Model.Services["advice-requests"].DependsOn.Keys.ToHashSet());
        Assert.Superset(new HashSet<string> { "postgres", "rabbitmq", "identity" }, Model.Services["committees"].DependsOn.Keys.ToHashSet());
        Assert.Superset(new HashSet<string> { "postgres", "rabbitmq", "identity" }, Model.Services["publication"].DependsOn.Keys.ToHashSet());
        Assert.Superset(new HashSet<string> { "postgres", "rabbitmq", "identity" }, Model.Services["briefings"].DependsOn.Keys.ToHashSet());
        Assert.Superset(new HashSet<string> { "identity", "advice-requests", "committees", "briefings", "publication", "portal" }, Model.Services["gateway"].DependsOn.Keys.ToHashSet());
    }

    [Fact]
    public void The_gateway_routes_to_compose_services_on_their_container_port()
    {
        var env = Model.Services["gateway"].Environment;
        var routes = env.Where(e => e.Key.StartsWith("Gateway__Services__", StringComparison.Ordinal)).ToList();
        Assert.Equal(["AdviceRequests", "Briefings", "Committees", "Identity", "Portal", "Publication"], routes.Select(r => r.Key["Gateway__Services__".Length..]).Order());
        foreach (var (_, addresses) in routes)
        {
            foreach (var address in addresses!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var uri = new Uri(address);
                Assert.Equal("http", uri.Scheme);
                Assert.Equal(8080, uri.Port);
                Assert.True(Model.Services.ContainsKey(uri.Host), $"gateway route {address}: no compose service {uri.Host}");
            }
        }
    }

    /// <summary>
    /// The web projects (Sdk="Microsoft.NET.Sdk.Web") under services/, gateway/ and portal/, from Mit.Platform.sln and from the
    /// file system (a project not yet in the solution counts too): path from the root, with its assembly name.
    /// </summary>
    private static Dictionary<string, string> ServiceProjects()
    {
        var fromSolution = Regex.Matches(Repository.Read("Mit.Platform.sln"), "\"(?<path>[^\"]+\\.csproj)\"")
            .Select(m => m.Groups["path"].Value.Replace('\\', '/'));
        var fromDisk = new[] { "services", "gateway", "portal" }
            .SelectMany(dir => Directory.EnumerateFiles(Repository.PathOf(dir), "*.csproj", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"));
        var projects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in fromSolution.Concat(fromDisk).Distinct(StringComparer.Ordinal))
        {
            if (!(path.StartsWith("services/", StringComparison.Ordinal) || path.StartsWith("gateway/", StringComparison.Ordinal) || path.StartsWith("portal/", StringComparison.Ordinal))
                || !File.Exists(Repository.PathOf(path)))
            {
                continue;
            }
            var project = XDocument.Load(Repository.PathOf(path)).Root!;
            if ((string?)project.Attribute("Sdk") != "Microsoft.NET.Sdk.Web")
            {
                continue;
            }
            var assembly = project.Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault()
                ?? Path.GetFileNameWithoutExtension(path);
            projects[path] = assembly;
        }
        return projects;
    }

    private static bool SamePath(string? a, string b) =>
        a is not null && Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));
}
