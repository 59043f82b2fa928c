using System.Globalization;

namespace Mit.Cli;

/// <summary>A wrong command line: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A failure to report plainly (not signed in, nothing to co-sign): printed without the usage, exit code 1.</summary>
internal class CliException(string message) : Exception(message);

/// <summary>
/// The options of one command: "--name value", "--name=value" and bare flags. Each command says which names it
/// accepts, so a typo is an error instead of being silently ignored.
/// </summary>
internal sealed class Options
{
    // Accepted by every command.
    private static readonly string[] GlobalValues = ["gateway", "identity", "as", "password", "token"];
    private static readonly string[] GlobalFlags = ["json", "help"];

    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static Options Parse(IReadOnlyList<string> args, IEnumerable<string> values, IEnumerable<string> flags)
    {
        var valueNames = GlobalValues.Concat(values).ToHashSet(StringComparer.Ordinal);
        var flagNames = GlobalFlags.Concat(flags).ToHashSet(StringComparer.Ordinal);
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }
            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            if (flagNames.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"--{name} takes no value.");
                }
                options._flags.Add(name);
            }
            else if (valueNames.Contains(name))
            {
                // "--title --question Q" is a forgotten value, not a title; "--title=--x" still works.
                if (value is null && (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                {
                    throw new UsageException($"--{name} needs a value.");
                }
                value ??= args[++i];
                if (!options._values.TryGetValue(name, out var list))
                {
                    options._values[name] = list = [];
                }
                list.Add(value);
            }
            else
            {
                throw new UsageException($"Unknown option --{name}.");
            }
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
