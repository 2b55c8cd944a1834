using System.Text;
using System.Text.Json;

namespace TwinLab.Sync.Mapping;

/// <summary>
/// A text built from literal parts, topic captures and payload values: <c>"{device}"</c>, <c>"bp-{$.patientId}"</c>,
/// <c>"{site}/{@.id}"</c>. <c>{{</c> and <c>}}</c> stand for braces. A bare JSON path (<c>$.deviceId</c>) is a template of
/// that one value.
/// </summary>
internal sealed class Template
{
    private readonly Part[] _parts;

    private readonly record struct Part(string? Literal, string? Capture, JsonPath? Path);

    private Template(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Reads a template; captures must be among <paramref name="captures"/> (the rule's topic captures).</summary>
    public static bool TryParse(string text, IReadOnlyCollection<string> captures, out Template? template, out string? problem)
    {
        template = null;
        problem = null;
        if (text.Length > 0 && (text[0] == '$' || text[0] == '@') && !text.Contains('{'))
        {
            if (!JsonPath.TryParse(text, out var path, out problem)) return false;
            template = new Template(text, [new Part(null, null, path)]);
            return true;
        }
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '{' && i + 1 < text.Length && text[i + 1] == '{' || ch == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append(ch);
                i++;
                continue;
            }
            if (ch == '}')
            {
                problem = $"'{text}': unmatched '}}' at position {i} (write '}}}}' for a literal brace)";
                return false;
            }
            if (ch != '{')
            {
                literal.Append(ch);
                continue;
            }
            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                problem = $"'{text}': '{{' at position {i} is not closed";
                return false;
            }
            var inner = text[(i + 1)..end].Trim();
            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null));
                literal.Clear();
            }
            if (inner.Length > 0 && (inner[0] == '$' || inner[0] == '@'))
            {
                if (!JsonPath.TryParse(inner, out var path, out problem)) return false;
                parts.Add(new Part(null, null, path));
            }
            else if (captures.Contains(inner))
                parts.Add(new Part(null, inner, null));
            else
            {
                var where = text == "{" + inner + "}" ? "" : $" in '{text}'";
                problem = captures.Count == 0
                    ? $"'{{{inner}}}'{where} is neither a JSON path ($...) nor a capture; the rule's topic has no {{captures}}"
                    : $"'{{{inner}}}'{where} is neither a JSON path ($...) nor a capture of the rule's topic ({string.Join(", ", captures.Select(c => "{" + c + "}"))})";
                return false;
            }
            i = end;
        }
        if (literal.Length > 0 || parts.Count == 0) parts.Add(new Part(literal.ToString(), null, null));
        template = new Template(text, [.. parts]);
        return true;
    }

    /// <summary>The text; throws a <see cref="MappingException"/> naming <paramref name="field"/> when a value is missing.</summary>
    public string Render(in MappingContext context, string field)
    {
        if (TryRender(context, out var text, out var missing, out var problem)) return text;
        throw missing is not null ? context.Missing(field, missing) : context.Error(field, problem!);
    }

    /// <summary>The text, or <c>false</c> when a value is missing or not a single value.</summary>
    public bool TryRender(in MappingContext context, out string text) => TryRender(context, out text, out _, out _);

    private bool TryRender(in MappingContext context, out string text, out JsonPath? missing, out string? problem)
    {
        missing = null;
        problem = null;
        text = "";
        if (_parts.Length == 1)
        {
            // The common shapes ("{device}", "$.id", "room-1") without building a string.
            var part = _parts[0];
            if (part.Literal is { } only)
            {
                text = only;
                return true;
            }
            if (part.Capture is { } name)
            {
                context.TryCapture(name, out text);
                return true;
            }
        }
        var result = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Literal is { } literal) result.Append(literal);
            else if (part.Capture is { } capture)
            {
                context.TryCapture(capture, out var value);
                result.Append(value);
            }
            else if (!context.TryEvaluate(part.Path!, out var value))
            {
                missing = part.Path;
                return false;
            }
            else if (!TryText(value, out var s))
            {
                problem = $"{part.Path!.Text} is {Describe(value)}, not a single value";
                return false;
            }
            else result.Append(s);
        }
        text = result.ToString();
        return true;
    }

    /// <summary>A JSON value as text: strings as they are, numbers as written, booleans as true/false.</summary>
    public static bool TryText(JsonElement value, out string text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString()!;
                return true;
            case JsonValueKind.Number:
                text = value.GetRawText();
                return true;
            case JsonValueKind.True:
                text = "true";
                return true;
            case JsonValueKind.False:
                text = "false";
                return true;
            default:
                text = "";
                return false;
        }
    }

    /// <summary>"an object", "an array", "the string 'x'", "the number 3"... for error messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the text '{Shorten(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "null",
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    /// <inheritdoc/>
    public override string ToString() => Text;
}
