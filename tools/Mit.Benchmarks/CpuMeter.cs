using System.Diagnostics;
using System.Globalization;

namespace Mit.Benchmarks;

/// <summary>One process (or group of replicas) whose CPU time a benchmark accounts for; its operating-system ids.</summary>
internal sealed record MeteredProcess(string Name, Func<TimeSpan> CpuTime, Func<IEnumerable<int>> ProcessIds);

/// <summary>CPU time per release of one process, or of everything else on the machine.</summary>
public sealed record CpuShare(string Name, double MsPerRelease);

/// <summary>
/// Where the machine's CPU went during a window: how busy all its cores were, and the CPU time per release of each
/// platform process, this benchmark process and the rest (PostgreSQL, RabbitMQ, Redis and anything else running).
/// It tells which resource limits a throughput: with the cores near 100 % busy, the ceiling is cores ÷ CPU per release.
/// <see cref="JitShare"/> is the share of all cores the platform's JIT (the runtime's tiered-compilation threads) took:
/// whether the window saw a running platform or one still compiling.
/// </summary>
public sealed record CpuUse(
    int Cores, double BusyShare, double MsPerRelease, double PlatformMsPerRelease, double ClientMsPerRelease, double RestMsPerRelease,
    IReadOnlyList<CpuShare> Processes, double JitShare)
{
    /// <summary>Releases per second the machine's cores would sustain at this CPU cost per release, fully busy.</summary>
    public double CeilingPerSecond => MsPerRelease > 0 ? Cores * 1000 / MsPerRelease : 0;
}

internal sealed class CpuMeter
{
    private readonly IReadOnlyList<MeteredProcess> _processes;
    private readonly (long Busy, long Total) _machine;
    private readonly TimeSpan[] _start;
    private readonly TimeSpan _self;
    private readonly Dictionary<(int Process, int Thread), long> _jit;

    private CpuMeter(IReadOnlyList<MeteredProcess> processes)
    {
        _processes = processes;
        _machine = MachineJiffies();
        _start = processes.Select(p => p.CpuTime()).ToArray();
        _self = SelfCpu();
        _jit = JitThreadJiffies(processes);
    }

    public static CpuMeter Start(IReadOnlyList<MeteredProcess> processes) => new(processes);

    public CpuUse Stop(int releases)
    {
        var (busy, total) = MachineJiffies();
        var busyMs = (busy - _machine.Busy) * 1000.0 / JiffiesPerSecond;
        var shares = new List<CpuShare>();
        var accounted = 0.0;
        for (var i = 0; i < _processes.Count; i++)
        {
            var ms = (_processes[i].CpuTime() - _start[i]).TotalMilliseconds;
            accounted += ms;
            shares.Add(new CpuShare(_processes[i].Name, ms / releases));
        }
        var self = (SelfCpu() - _self).TotalMilliseconds;
        var share = total > _machine.Total ? (double)(busy - _machine.Busy) / (total - _machine.Total) : 0;
        // A compilation thread that ended within the window takes its last share with it: this can only undercount.
        var jit = JitThreadJiffies(_processes).Sum(t => t.Value - _jit.GetValueOrDefault(t.Key));
        var jitShare = total > _machine.Total ? (double)jit / (total - _machine.Total) : 0;
        return new CpuUse(Environment.ProcessorCount, share, busyMs / releases, accounted / releases, self / releases,
            Math.Max(0, busyMs - accounted - self) / releases, shares, jitShare);
    }

    /// <summary>The .NET runtime names its JIT's background thread ".NET Tiered Compilation Worker" (15 characters kept).</summary>
    private const string JitThreadName = ".NET Tiered Com";

    /// <summary>CPU time (user + system, in jiffies) of each tiered-compilation thread of the processes, from /proc.</summary>
    private static Dictionary<(int Process, int Thread), long> JitThreadJiffies(IReadOnlyList<MeteredProcess> processes)
    {
        var threads = new Dictionary<(int, int), long>();
        foreach (var pid in processes.SelectMany(p => p.ProcessIds()))
        {
            foreach (var task in SafeDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != JitThreadName)
                    {
                        continue;
                    }
                    // stat: "tid (comm) state …"; after the comm, utime and stime are the 12th and 13th fields.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                    threads[(pid, tid)] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The thread ended while being read.
                }
            }
        }
        return threads;
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Linux's USER_HZ, the unit of /proc/stat.</summary>
    private const double JiffiesPerSecond = 100;

    /// <summary>All cores' busy and total time from the first line of /proc/stat (idle and iowait are not busy).</summary>
    private static (long Busy, long Total) MachineJiffies()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }
}
