using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Mit.Benchmarks;

/// <summary>Whether a figure has a value.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FigureStatus>))]
public enum FigureStatus
{
    Measured,
    /// <summary>It should have been measured but was not (its leg failed): the run exits with 1.</summary>
    NotMeasured,
    /// <summary>What it measures does not exist yet; not a failure.</summary>
    NotBuiltYet,
}

/// <summary>
/// One row of the table: a number with its unit, the goal it is tracked against (if any) and whether it met it.
/// A missed goal is information, never an error.
/// </summary>
public sealed record Figure(string Benchmark, string Name, double? Value, string Unit, string? Goal, bool? Pass, FigureStatus Status)
{
    /// <summary>The same figure on the all-in-one host (SQLite, in-memory bus), where it applies; null where it does not.</summary>
    public Figure? AllInOne { get; init; }

    /// <summary>This figure or its all-in-one column could not be measured.</summary>
    public bool Incomplete => Status == FigureStatus.NotMeasured || AllInOne?.Status == FigureStatus.NotMeasured;

    public static Figure Of(string benchmark, string name, double value, string unit, string? goal = null, Func<double, bool>? meets = null) =>
        double.IsFinite(value)
            ? new(benchmark, name, value, unit, goal, meets?.Invoke(value), FigureStatus.Measured)
            : Missing(benchmark, name, unit, goal);

    public static Figure Missing(string benchmark, string name, string unit, string? goal = null) =>
        new(benchmark, name, null, unit, goal, null, FigureStatus.NotMeasured);

    public static Figure NotBuilt(string benchmark, string name, string? goal = null) =>
        new(benchmark, name, null, "", goal, null, FigureStatus.NotBuiltYet);
}

/// <summary>Where the figures were measured; the load average records how busy the shared machine was.</summary>
public sealed record Machine(int Cores, string Memory, string LoadAverageAtStart, string LoadAverageAtEnd, string Os, string Runtime)
{
    internal static string LoadAverage() => Read("/proc/loadavg") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    internal static Machine Describe(string loadAtStart) => new(
        Environment.ProcessorCount, MemTotal(), loadAtStart, LoadAverage(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    /// <summary>The short commit, and whether the working tree differed from it (others may be editing it).</summary>
    internal static string Commit()
    {
        var root = RepositoryRoot();
        var head = Git(root, "rev-parse", "--short", "HEAD");
        if (string.IsNullOrEmpty(head))
        {
            return "unknown";
        }
        return string.IsNullOrEmpty(Git(root, "status", "--porcelain")) ? head : head + " (with uncommitted changes)";
    }

    private static string MemTotal()
    {
        var total = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = total?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var value, "kB"] ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
        return kb > 0 ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB") : "unknown";
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mit.Platform.sln")))
            {
                return dir.FullName;
            }
        }
        return Environment.CurrentDirectory;
    }

    private static string? Git(string directory, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git", args)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            return git.WaitForExit(10_000) && git.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}

/// <summary>Each benchmark's raw numbers; null where it was not measured (or not selected).</summary>
public sealed record BenchmarkResults(
    FanOutResult? P1FanOut,
    FanOutResult? P1FanOutAllInOne,
    GatewayOverheadResult? P2GatewayOverhead,
    ThroughputResult? P3Throughput,
    ThroughputResult? P3ThroughputAllInOne,
    ConfirmCostResult? P4ConfirmCost,
    AccessCheckResult? P5AccessCheck,
    CalibrationResult? P6Calibration,
    AllInOneResult? P7AllInOne,
    DeskPagesResult? P8DeskPages,
    PublicListResult? P9PublicList);

/// <summary>Everything of one run: the table's rows, what could not be measured, and each benchmark's raw numbers.</summary>
public sealed record BenchmarkRun(
    string Mode,
    string DateUtc,
    string Commit,
    Machine Machine,
    bool BusyAtStart,
    double WallClockSeconds,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<string> Problems,
    IReadOnlyDictionary<string, string> LoadAverageBefore,
    BenchmarkResults Results)
{
    /// <summary>Released requests that did not reach both desks exactly once, over P1 and P3 on both hosts.</summary>
    public int LostReleases => new[] { Results.P1FanOut, Results.P1FanOutAllInOne }.Sum(r => r?.Delivery.Lost ?? 0)
        + new[] { Results.P3Throughput, Results.P3ThroughputAllInOne }.Sum(r => r?.Delivery.Lost ?? 0);

    /// <summary>0: everything measured (goals met or not); 1: something could not be measured.</summary>
    public int ExitCode => Problems.Count == 0 && Figures.All(f => !f.Incomplete) ? 0 : 1;
}
