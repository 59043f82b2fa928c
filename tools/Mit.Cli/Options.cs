using System.Globalization;

namespace Mit.Cli;

/// <summary>A wrong command line: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A failure to report plainly (not signed in, nothing to co-sign): printed without the usage, exit code 1.</summary>
internal class CliException(string message) : Exception(message);

/// <summary>The values and flags of one parsed command line (System.CommandLine parses; see CliApp).</summary>
internal sealed class Options
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <summary>The options System.CommandLine parsed (it has already refused unknown names and missing values).</summary>
    public static Options From(IEnumerable<(string Name, IReadOnlyList<string> Values)> values, IEnumerable<string> flags)
    {
        var options = new Options();
        foreach (var (name, list) in values.Where(v => v.Values.Count > 0))
        {
            options._values[name] = [.. list];
        }
        foreach (var flag in flags)
        {
            options._flags.Add(flag);
        }
        return options;
    }

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>A single-valued option, or null when absent.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var list)
        ? list.Count == 1 ? list[0] : throw new UsageException($"--{name} is given more than once.")
        : null;

    public string Required(string name) => Value(name) ?? throw new UsageException($"Missing option --{name}.");

    /// <summary>A repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public int? Int(string name) => Value(name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--{name} must be a whole number, not '{text}'.")
        : null;

    public long? Long(string name) => Value(name) is { } text
        ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--{name} must be a whole number, not '{text}'.")
        : null;
}
