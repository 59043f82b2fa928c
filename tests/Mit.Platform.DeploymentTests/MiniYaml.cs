using System.Globalization;
using System.Text;

namespace Mit.Platform.DeploymentTests;

/// <summary>
/// Reads the block-style YAML that `docker-compose config` (1.x, PyYAML) prints — no YAML package is pinned.
/// Nodes become <see cref="Dictionary{TKey,TValue}"/> (mappings, key order kept), <see cref="List{T}"/> (sequences)
/// and strings (every scalar, unresolved: "5672", "true"; null for an empty plain value, "~" and "null").
/// Supported: nested and indentless block sequences, plain scalars (also folded over several lines), single- and
/// double-quoted scalars (also over several lines), literal and folded block scalars, empty flow collections and flat
/// flow sequences. Anything else (anchors, aliases, tags, nested flow collections, tabs in indentation) is refused
/// with a <see cref="FormatException"/> naming the line, never guessed.
/// </summary>
public static class MiniYaml
{
    public static object? Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var reader = new Reader(lines);
        reader.SkipInsignificant();
        if (reader.AtEnd)
        {
            return null;
        }
        var node = reader.ParseNode(reader.Column(reader.Index), parentIndent: -1);
        reader.SkipInsignificant();
        if (!reader.AtEnd)
        {
            throw reader.Error(reader.Index, "unexpected content after the document");
        }
        return node;
    }

    private sealed class Reader(List<string> lines)
    {
        public int Index { get; private set; }

        public bool AtEnd => Index >= lines.Count;

        public FormatException Error(int line, string message) =>
            new($"YAML line {line + 1}: {message}: \"{(line < lines.Count ? lines[line] : "<end>")}\"");

        public int Column(int line)
        {
            var text = lines[line];
            var column = 0;
            while (column < text.Length && text[column] == ' ')
            {
                column++;
            }
            if (column < text.Length && text[column] == '\t')
            {
                throw Error(line, "tab in indentation");
            }
            return column;
        }

        private static bool IsBlank(string line) => line.Trim().Length == 0;

        private bool IsInsignificant(int line)
        {
            var trimmed = lines[line].Trim();
            return trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed == "---" || trimmed == "...";
        }

        public void SkipInsignificant()
        {
            while (!AtEnd && IsInsignificant(Index))
            {
                Index++;
            }
        }

        private static bool IsSequenceItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

        /// <summary>A node whose first line is at <paramref name="indent"/>.</summary>
        public object? ParseNode(int indent, int parentIndent)
        {
            SkipInsignificant();
            var content = lines[Index][indent..];
            if (IsSequenceItem(content))
            {
                return ParseSequence(indent);
            }
            if (FindMappingColon(content) >= 0)
            {
                return ParseMapping(indent);
            }
            // A scalar on a line of its own (e.g. after "- " was replaced, or a document that is one scalar).
            var start = Index;
            Index++;
            return ParseScalar(content, start, parentIndent);
        }

        private List<object?> ParseSequence(int indent)
        {
            var items = new List<object?>();
            while (true)
            {
                SkipInsignificant();
                if (AtEnd || Column(Index) != indent || !IsSequenceItem(lines[Index][indent..]))
                {
                    break;
                }
                var line = Index;
                var rest = lines[line][(indent + 1)..];
                if (rest.Trim().Length == 0)
                {
                    // "-" alone: the item is the block below, indented further.
                    Index++;
                    SkipInsignificant();
                    items.Add(!AtEnd && Column(Index) > indent ? ParseNode(Column(Index), indent) : null);
                    continue;
                }
                // "- x": the item starts at the column of x; read it as a node there by blanking the dash.
                var itemColumn = indent + 1 + (rest.Length - rest.TrimStart(' ').Length);
                lines[line] = new string(' ', itemColumn) + lines[line][itemColumn..];
                items.Add(ParseNode(itemColumn, indent));
            }
            return items;
        }

        private Dictionary<string, object?> ParseMapping(int indent)
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipInsignificant();
                if (AtEnd)
                {
                    break;
                }
                var column = Column(Index);
                if (column < indent)
                {
                    break;
                }
                if (column > indent)
                {
                    throw Error(Index, "unexpected indentation");
                }
                var content = lines[Index][indent..];
                if (IsSequenceItem(content))
                {
                    break; // belongs to an enclosing indentless sequence
                }
                var colon = FindMappingColon(content);
                if (colon < 0)
                {
                    throw Error(Index, "expected \"key: value\"");
                }
                var keyLine = Index;
                var key = KeyText(content[..colon].Trim(), keyLine);
                var rest = content[(colon + 1)..].Trim();
                Index++;
                object? value;
                if (rest.Length == 0 || rest.StartsWith('#'))
                {
                    SkipInsignificant();
                    if (!AtEnd && Column(Index) > indent)
                    {
                        value = ParseNode(Column(Index), indent);
                    }
                    else if (!AtEnd && Column(Index) == indent && IsSequenceItem(lines[Index][indent..]))
                    {
                        value = ParseSequence(indent); // indentless sequence, as PyYAML prints them
                    }
                    else
                    {
                        value = null;
                    }
                }
                else
                {
                    value = ParseScalar(rest, keyLine, indent);
                }
                if (!map.TryAdd(key, value))
                {
                    throw Error(keyLine, $"duplicate key \"{key}\"");
                }
            }
            return map;
        }

        private string KeyText(string key, int line)
        {
            if (key.StartsWith('\'') || key.StartsWith('"'))
            {
                return ParseQuoted(key, line);
            }
            if (key.StartsWith('?') || key.StartsWith('&') || key.StartsWith('*') || key.StartsWith('!'))
            {
                throw Error(line, "complex keys, anchors, aliases and tags are not supported");
            }
            return key;
        }

        /// <summary>Index of the ':' that ends a mapping key on this line, or -1 when the line is not a mapping entry.</summary>
        private static int FindMappingColon(string content)
        {
            var start = 0;
            if (content.StartsWith('\'') || content.StartsWith('"'))
            {
                var quote = content[0];
                var i = 1;
                while (i < content.Length)
                {
                    if (quote == '\'' && content[i] == '\'' && i + 1 < content.Length && content[i + 1] == '\'')
                    {
                        i += 2;
                        continue;
                    }
                    if (quote == '"' && content[i] == '\\')
                    {
                        i += 2;
                        continue;
                    }
                    if (content[i] == quote)
                    {
                        break;
                    }
                    i++;
                }
                if (i >= content.Length)
                {
                    return -1; // a quoted scalar that goes on over more lines
                }
                start = i + 1;
                var after = content[start..].TrimStart(' ');
                return after.StartsWith(':') && (after.Length == 1 || after[1] == ' ')
                    ? content.Length - after.Length
                    : -1;
            }
            if (content.StartsWith('[') || content.StartsWith('{') || content.StartsWith('|') || content.StartsWith('>'))
            {
                return -1;
            }
            for (var i = start; i < content.Length; i++)
            {
                if (content[i] == '#' && i > 0 && content[i - 1] == ' ')
                {
                    return -1;
                }
                if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>
        /// A scalar that starts with <paramref name="first"/> on line <paramref name="line"/>; its continuation lines
        /// (if any) follow at <see cref="Index"/> and are indented deeper than <paramref name="parentIndent"/>.
        /// </summary>
        private object? ParseScalar(string first, int line, int parentIndent)
        {
            first = first.TrimEnd();
            if (first.StartsWith('&') || first.StartsWith('*') || first.StartsWith('!'))
            {
                throw Error(line, "anchors, aliases and tags are not supported");
            }
            if (first.StartsWith('"') || first.StartsWith('\''))
            {
                return ParseQuoted(first, line);
            }
            if (first.StartsWith('|') || first.StartsWith('>'))
            {
                return ParseBlockScalar(first, line, parentIndent);
            }
            if (first.StartsWith('[') || first.StartsWith('{'))
            {
                return ParseFlow(first, line);
            }
            // Plain: continuation lines deeper than the parent, folded like quoted ones.
            var parts = new List<string> { StripComment(first) };
            while (!AtEnd)
            {
                var text = lines[Index];
                if (IsBlank(text))
                {
                    // Only a continuation if a deeper non-blank line follows.
                    var next = Index;
                    while (next < lines.Count && IsBlank(lines[next]))
                    {
                        next++;
                    }
                    if (next >= lines.Count || Column(next) <= parentIndent)
                    {
                        break;
                    }
                    parts.Add("");
                    Index++;
                    continue;
                }
                if (Column(Index) <= parentIndent || text.Trim().StartsWith('#'))
                {
                    break;
                }
                parts.Add(StripComment(text.Trim()));
                Index++;
            }
            if (parts.Any(p => p.Contains(": ", StringComparison.Ordinal) || p.EndsWith(':')))
            {
                throw Error(line, "a plain scalar cannot hold \": \" (mapping values are not allowed here)");
            }
            var value = Fold(parts);
            return value is "" or "~" or "null" or "Null" or "NULL" ? null : value;
        }

        private static string StripComment(string text)
        {
            var hash = text.IndexOf(" #", StringComparison.Ordinal);
            return (hash >= 0 ? text[..hash] : text).Trim();
        }

        /// <summary>Line folding of flow scalars: one break is a space, each empty line a newline.</summary>
        private static string Fold(List<string> parts)
        {
            var result = new StringBuilder(parts[0]);
            var pendingNewlines = 0;
            for (var i = 1; i < parts.Count; i++)
            {
                if (parts[i].Length == 0)
                {
                    pendingNewlines++;
                    continue;
                }
                result.Append(pendingNewlines > 0 ? new string('\n', pendingNewlines) : " ");
                result.Append(parts[i]);
                pendingNewlines = 0;
            }
            if (pendingNewlines > 0)
            {
                result.Append('\n', pendingNewlines);
            }
            return result.ToString();
        }

        private string ParseQuoted(string first, int line)
        {
            var quote = first[0];
            // Collect raw lines until the closing quote.
            var raw = new List<string> { first[1..] };
            while (true)
            {
                var closing = FindClosingQuote(raw[^1], quote);
                if (closing >= 0)
                {
                    var trailing = raw[^1][(closing + 1)..].Trim();
                    if (trailing.Length > 0 && !trailing.StartsWith('#'))
                    {
                        throw Error(Index - 1, "text after a closing quote");
                    }
                    raw[^1] = raw[^1][..closing];
                    break;
                }
                if (AtEnd)
                {
                    throw Error(line, "unterminated quoted scalar");
                }
                raw.Add(lines[Index]);
                Index++;
            }
            // Fold: trim around breaks; an escaped break (double quotes, trailing '\') joins without a space.
            var result = new StringBuilder();
            var pendingNewlines = 0;
            var joinWithoutSpace = false;
            for (var i = 0; i < raw.Count; i++)
            {
                var part = raw[i];
                if (i > 0)
                {
                    part = part.TrimStart(' ', '\t');
                }
                if (i < raw.Count - 1)
                {
                    part = part.TrimEnd(' ', '\t');
                }
                if (i > 0)
                {
                    if (part.Length == 0 && i < raw.Count - 1)
                    {
                        pendingNewlines++;
                        continue;
                    }
                    if (pendingNewlines > 0)
                    {
                        result.Append('\n', pendingNewlines);
                    }
                    else if (!joinWithoutSpace)
                    {
                        result.Append(' ');
                    }
                    pendingNewlines = 0;
                }
                joinWithoutSpace = false;
                if (quote == '"' && i < raw.Count - 1 && EndsWithEscapedBreak(part))
                {
                    part = part[..^1];
                    joinWithoutSpace = true;
                }
                result.Append(quote == '\'' ? part.Replace("''", "'", StringComparison.Ordinal) : Unescape(part, line));
            }
            return result.ToString();
        }

        private static bool EndsWithEscapedBreak(string part)
        {
            var backslashes = 0;
            for (var i = part.Length - 1; i >= 0 && part[i] == '\\'; i--)
            {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private static int FindClosingQuote(string text, char quote)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (quote == '\'' && text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }
                    return i;
                }
                if (quote == '"')
                {
                    if (text[i] == '\\')
                    {
                        i++;
                        continue;
                    }
                    if (text[i] == '"')
                    {
                        return i;
                    }
                }
            }
            return -1;
        }

        private string Unescape(string text, int line)
        {
            var result = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '\\')
                {
                    result.Append(text[i]);
                    continue;
                }
                if (++i >= text.Length)
                {
                    throw Error(line, "dangling escape");
                }
                switch (text[i])
                {
                    case 'n': result.Append('\n'); break;
                    case 't': result.Append('\t'); break;
                    case 'r': result.Append('\r'); break;
                    case '0': result.Append('\0'); break;
                    case ' ': result.Append(' '); break;
                    case '"': result.Append('"'); break;
                    case '/': result.Append('/'); break;
                    case '\\': result.Append('\\'); break;
                    case 'e': result.Append('\u001b'); break;
                    case 'N': result.Append('\u0085'); break;
                    case '_': result.Append('\u00a0'); break;
                    case 'L': result.Append('\u2028'); break;
                    case 'P': result.Append('\u2029'); break;
                    case 'x': result.Append(Hex(text, ref i, 2, line)); break;
                    case 'u': result.Append(Hex(text, ref i, 4, line)); break;
                    case 'U': result.Append(Hex(text, ref i, 8, line)); break;
                    default: throw Error(line, $"unknown escape \\{text[i]}");
                }
            }
            return result.ToString();
        }

        private string Hex(string text, ref int i, int digits, int line)
        {
            if (i + digits >= text.Length)
            {
                throw Error(line, "short hex escape");
            }
            var code = int.Parse(text.AsSpan(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            i += digits;
            return char.ConvertFromUtf32(code);
        }

        private string ParseBlockScalar(string header, int line, int parentIndent)
        {
            var literal = header[0] == '|';
            var chomping = 'c';
            int? explicitIndent = null;
            foreach (var c in StripComment(header)[1..])
            {
                if (c is '-' or '+')
                {
                    chomping = c;
                }
                else if (char.IsAsciiDigit(c))
                {
                    explicitIndent = Math.Max(parentIndent, 0) + (c - '0');
                }
                else
                {
                    throw Error(line, "bad block scalar header");
                }
            }
            var body = new List<string>();
            int? indent = explicitIndent;
            while (!AtEnd)
            {
                var text = lines[Index];
                if (IsBlank(text))
                {
                    body.Add("");
                    Index++;
                    continue;
                }
                var column = Column(Index);
                indent ??= column;
                if (column < indent || column <= parentIndent)
                {
                    break;
                }
                body.Add(text[indent.Value..]);
                Index++;
            }
            // Trailing blank lines belong to the chomping, not the content (and may belong to what follows).
            var trailing = 0;
            while (body.Count > 0 && body[^1].Length == 0)
            {
                body.RemoveAt(body.Count - 1);
                trailing++;
            }
            string content;
            if (literal)
            {
                content = string.Join('\n', body);
            }
            else
            {
                // One break between text lines is a space; each empty line is a newline (the break before it goes);
                // lines indented further keep their breaks.
                var folded = new StringBuilder(body[0]);
                var emptyLines = 0;
                for (var i = 1; i < body.Count; i++)
                {
                    if (body[i].Length == 0)
                    {
                        emptyLines++;
                        continue;
                    }
                    var previous = body[i - 1 - emptyLines];
                    folded.Append(emptyLines > 0 ? new string('\n', emptyLines)
                        : previous.StartsWith(' ') || body[i].StartsWith(' ') ? "\n" : " ");
                    folded.Append(body[i]);
                    emptyLines = 0;
                }
                content = folded.ToString();
            }
            if (body.Count == 0)
            {
                return chomping == '+' ? new string('\n', trailing) : "";
            }
            return chomping switch
            {
                '-' => content,
                '+' => content + new string('\n', trailing + 1),
                _ => content + "\n",
            };
        }

        /// <summary>Flow collections on one line: empty ones, and flat sequences of scalars ([a, 'b', "c"]).</summary>
        private object ParseFlow(string text, int line)
        {
            var flow = StripComment(text);
            if (flow == "{}")
            {
                return new Dictionary<string, object?>(StringComparer.Ordinal);
            }
            if (!flow.StartsWith('[') || !flow.EndsWith(']'))
            {
                throw Error(line, "flow mappings and flow collections over several lines are not supported");
            }
            var items = new List<object?>();
            var inner = flow[1..^1];
            if (inner.Trim().Length == 0)
            {
                return items;
            }
            var start = 0;
            char? quote = null;
            for (var i = 0; i <= inner.Length; i++)
            {
                if (i < inner.Length && quote is not null)
                {
                    if (inner[i] == '\\' && quote == '"')
                    {
                        i++;
                    }
                    else if (inner[i] == quote)
                    {
                        quote = null;
                    }
                    continue;
                }
                if (i < inner.Length && inner[i] is '"' or '\'')
                {
                    quote = inner[i];
                    continue;
                }
                if (i < inner.Length && inner[i] is '[' or '{')
                {
                    throw Error(line, "nested flow collections are not supported");
                }
                if (i == inner.Length || inner[i] == ',')
                {
                    var item = inner[start..i].Trim();
                    items.Add(item.StartsWith('"') || item.StartsWith('\'') ? ParseQuoted(item, line)
                        : item is "" or "~" or "null" ? null : item);
                    start = i + 1;
                }
            }
            return items;
        }
    }
}
