using System.Text;

namespace Mit.Platform.BuildingBlocks.Domain;

/// <summary>How much a text field may carry besides printable characters.</summary>
public enum TextKind
{
    /// <summary>Titles, names, references, ids, tags: one line, no bidi controls, no zero-width characters.</summary>
    SingleLine,
    /// <summary>Prose (a question, a reason, a note): tab and line breaks allowed, and bidi marks for quoted right-to-left text.</summary>
    MultiLine,
}

/// <summary>
/// The one text rule of the platform: NFC, no control characters (tab and line breaks only in prose), no bidi
/// overrides or zero-width characters in single-line text, no XML-invalid noncharacters. What stored text may have
/// slipped past it (older rows) is made safe for rendering by <see cref="ForXml"/>.
/// </summary>
public static class TextRules
{
    /// <summary>Normalises <paramref name="value"/> to NFC; the description of the first problem, or null when it is acceptable.</summary>
    public static string? Check(ref string value, TextKind kind)
    {
        if (value.Length == 0)
        {
            return null;
        }
        try
        {
            if (!value.IsNormalized(NormalizationForm.FormC))
            {
                value = value.Normalize(NormalizationForm.FormC);
            }
        }
        catch (ArgumentException)
        {
            // Lone surrogates: both IsNormalized and Normalize refuse them.
            return "is not valid Unicode text";
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return "is not valid Unicode text";
            }
            if (IsControl(c) && !(kind == TextKind.MultiLine && c is '\t' or '\n' or '\r'))
            {
                return kind == TextKind.MultiLine
                    ? $"contains the control character U+{(int)c:X4} (only tab and line breaks are allowed)"
                    : $"contains the control character U+{(int)c:X4} (one line of text, no tabs or line breaks)";
            }
            if (c is '\uFFFE' or '\uFFFF')
            {
                return $"contains the noncharacter U+{(int)c:X4}";
            }
            if (kind == TextKind.SingleLine && IsInvisibleFormat(c))
            {
                return $"contains the invisible formatting character U+{(int)c:X4} (bidi override, zero-width or line separator)";
            }
        }
        return null;
    }

    /// <summary>C0, DEL and C1.</summary>
    public static bool IsControl(char c) => c < '\u0020' || c is >= '\u007F' and <= '\u009F';

    /// <summary>Bidi embeddings, overrides, isolates and marks; zero-width space, joiners, word joiner, BOM; line/paragraph separators.</summary>
    public static bool IsInvisibleFormat(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C'
            or >= '\u200B' and <= '\u200D' or '\u2060' or '\uFEFF' or '\u2028' or '\u2029';

    /// <summary>
    /// Text as XML 1.0 can carry it: characters XML forbids (controls but tab and line breaks, lone surrogates,
    /// U+FFFE/U+FFFF) become U+FFFD, so a renderer never fails on what is already stored.
    /// </summary>
    public static string ForXml(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = true;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (c < '\u0020' && c is not '\t' and not '\n' and not '\r'))
            {
                ok = false;
            }
            if (!ok && builder is null)
            {
                builder = new StringBuilder(value.Length).Append(value, 0, i);
            }
            builder?.Append(ok ? c : '\uFFFD');
        }
        return builder?.ToString() ?? value;
    }
}
