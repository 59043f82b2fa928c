using System.Text.RegularExpressions;

namespace Mit.Platform.BuildingBlocks.Domain;

/// <summary>
/// A media type as RFC 6838 writes it: type "/" subtype, each a restricted-name (a letter or digit, then up to 126 of
/// letters, digits and ! # $ &amp; - ^ _ . +), optionally followed by parameters (RFC 9110: "; name=value", value a
/// token or a quoted string). At most 255 characters.
/// </summary>
public static partial class MediaTypes
{
    public const int MaxLength = 255;

    public static bool IsValid(string? value) => value is { Length: > 0 and <= MaxLength } && Grammar().IsMatch(value);

    [GeneratedRegex("""^[A-Za-z0-9][A-Za-z0-9!#$&\-^_.+]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&\-^_.+]{0,126}(\s*;\s*[A-Za-z0-9!#$%&'*+\-.^_`|~]+=([A-Za-z0-9!#$%&'*+\-.^_`|~]+|"([\x20-\x21\x23-\x5B\x5D-\x7E]|\\[\x20-\x7E])*"))*$""", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
