using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TwinLab.Sync.Mapping;

/// <summary>
/// A JSON path of the simple kind a mapping needs: <c>$</c>, then <c>.name</c>, <c>['name with spaces']</c> or
/// <c>[index]</c> steps (<c>$.readings.temp</c>, <c>$['SYS(mmHg)']</c>, <c>$.sensors[0].value</c>). Inside a rule's
/// <c>forEach</c>, <c>@</c> starts at the current element instead of the message.
/// </summary>
internal sealed class JsonPath
{
    private readonly Step[] _steps;

    private readonly record struct Step(string? Name, int Index);

    private JsonPath(string text, bool relative, Step[] steps)
    {
        Text = text;
        IsRelative = relative;
        _steps = steps;
    }

    /// <summary>Starts at <c>@</c> (the current <c>forEach</c> element) rather than <c>$</c> (the message).</summary>
    public bool IsRelative { get; }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Reads a path; the message says what is wrong and where.</summary>
    public static bool TryParse(string text, out JsonPath? path, out string? problem)
    {
        path = null;
        problem = null;
        if (text.Length == 0 || (text[0] != '$' && text[0] != '@'))
        {
            problem = $"'{text}' is not a JSON path: it must start with '$' (such as $.readings.temp), or '@' inside forEach";
            return false;
        }
        var steps = new List<Step>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[') i++;
                if (i == start)
                {
                    problem = $"'{text}': empty name after '.' at position {start}";
                    return false;
                }
                steps.Add(new Step(text[start..i], -1));
            }
            else if (text[i] == '[')
            {
                i++;
                if (i < text.Length && (text[i] == '\'' || text[i] == '"'))
                {
                    var quote = text[i++];
                    var name = new StringBuilder();
                    while (i < text.Length && text[i] != quote)
                    {
                        if (text[i] == '\\' && i + 1 < text.Length) i++;
                        name.Append(text[i++]);
                    }
                    if (i + 1 >= text.Length || text[i + 1] != ']')
                    {
                        problem = $"'{text}': unterminated [{quote}...{quote}]";
                        return false;
                    }
                    i += 2;
                    steps.Add(new Step(name.ToString(), -1));
                }
                else
                {
                    var start = i;
                    while (i < text.Length && text[i] != ']') i++;
                    if (i >= text.Length || !int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        problem = $"'{text}': [..] must hold an index (0, 1, ...) or a quoted name such as ['SYS(mmHg)']";
                        return false;
                    }
                    i++;
                    steps.Add(new Step(null, index));
                }
            }
            else
            {
                problem = $"'{text}': unexpected '{text[i]}' at position {i}; steps are .name, ['name'] or [index]";
                return false;
            }
        }
        path = new JsonPath(text, text[0] == '@', [.. steps]);
        return true;
    }

    /// <summary>The value at this path, or <c>false</c> when a step is missing or the value is JSON null.</summary>
    /// <param name="root">The message (<c>$</c>).</param>
    /// <param name="current">The current <c>forEach</c> element (<c>@</c>); the message outside <c>forEach</c>.</param>
    /// <param name="value">The value found.</param>
    public bool TryEvaluate(JsonElement root, JsonElement current, out JsonElement value)
    {
        value = IsRelative ? current : root;
        foreach (var step in _steps)
        {
            if (step.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value)) return false;
            }
            else
            {
                if (value.ValueKind != JsonValueKind.Array || step.Index >= value.GetArrayLength()) return false;
                value = value[step.Index];
            }
        }
        return value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
