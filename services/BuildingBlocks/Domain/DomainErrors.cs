namespace Mit.Platform.BuildingBlocks.Domain;

// The rule failures every Domain/ may raise; Grpc/ErrorMapping turns each into one precise gRPC status.

public sealed record FieldViolation(string Field, string Description);

/// <summary>Input that can never be right (InvalidArgument, with the fields at fault).</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldViolation> violations)
    : Exception("Invalid request: " + string.Join("; ", Cap(violations).Select(v => $"{v.Field}: {v.Description}")))
{
    /// <summary>Violations reported in one error; the rest are counted, so an error stays a few KB whatever was sent.</summary>
    public const int MaxReported = 10;

    /// <summary>Characters of one violation's field or description in an error.</summary>
    public const int MaxChars = 120;

    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    /// <summary>What an error carries: the first <see cref="MaxReported"/> violations, shortened, and a count of the rest.</summary>
    public IReadOnlyList<FieldViolation> Reported => Cap(Violations);

    private static IReadOnlyList<FieldViolation> Cap(IReadOnlyList<FieldViolation> all)
    {
        var reported = all.Take(MaxReported).Select(v => new FieldViolation(Shorten(v.Field), Shorten(v.Description))).ToList();
        if (all.Count > MaxReported)
        {
            reported.Add(new FieldViolation("", $"and {all.Count - MaxReported} more violations not listed"));
        }
        return reported;
    }

    private static string Shorten(string text) => text.Length <= MaxChars ? text : text[..MaxChars] + "…";
}

/// <summary>An illegal state change (FailedPrecondition).</summary>
public sealed class RuleViolationException(string message) : Exception(message);

/// <summary>The caller may not do this (PermissionDenied).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>No such thing, or not visible to this caller (NotFound).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>It exists already (AlreadyExists).</summary>
public sealed class AlreadyExistsException(string message) : Exception(message);

/// <summary>Something the answer depends on cannot be reached or written now; nothing was served (Unavailable).</summary>
public sealed class UnavailableException(string message) : Exception(message);

/// <summary>Collects field violations so a request reports all of them at once.</summary>
public sealed class Validator
{
    private readonly List<FieldViolation> _violations = [];

    public Validator Require(bool condition, string field, string description)
    {
        if (!condition)
        {
            _violations.Add(new FieldViolation(field, description));
        }
        return this;
    }

    public bool HasErrors => _violations.Count > 0;

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw new ValidationFailedException(_violations.ToArray());
        }
    }
}
