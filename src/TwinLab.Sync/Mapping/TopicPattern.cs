namespace TwinLab.Sync.Mapping;

/// <summary>
/// An MQTT topic filter with named captures: levels are separated by <c>/</c>; <c>+</c> matches one level, <c>#</c>
/// (last) the rest, <c>{name}</c> one level and keeps it as a capture, and any other level must match exactly.
/// <c>plant/{site}/{device}/telemetry</c> matches <c>plant/leeds/press-4/telemetry</c> with site = leeds, device = press-4.
/// </summary>
internal sealed class TopicPattern
{
    private readonly Level[] _levels;

    private enum LevelKind { Literal, Single, Capture, Rest }

    private readonly record struct Level(LevelKind Kind, string Text);

    private TopicPattern(string text, Level[] levels, IReadOnlyList<string> captures)
    {
        Text = text;
        _levels = levels;
        Captures = captures;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The capture names, in order.</summary>
    public IReadOnlyList<string> Captures { get; }

    /// <summary>Reads a pattern; the message says what is wrong.</summary>
    public static bool TryParse(string text, out TopicPattern? pattern, out string? problem)
    {
        pattern = null;
        problem = null;
        if (text.Length == 0)
        {
            problem = "is empty; leave 'topic' out to match every topic";
            return false;
        }
        var parts = text.Split('/');
        var levels = new Level[parts.Length];
        var captures = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part == "#")
            {
                if (i != parts.Length - 1)
                {
                    problem = $"'{text}': '#' may only be the last level";
                    return false;
                }
                levels[i] = new Level(LevelKind.Rest, part);
            }
            else if (part == "+") levels[i] = new Level(LevelKind.Single, part);
            else if (part.Length > 2 && part[0] == '{' && part[^1] == '}')
            {
                var name = part[1..^1];
                if (!IsName(name))
                {
                    problem = $"'{text}': capture '{{{name}}}' must be a name of letters, digits, '_' or '-'";
                    return false;
                }
                if (captures.Contains(name))
                {
                    problem = $"'{text}': capture '{{{name}}}' appears twice";
                    return false;
                }
                captures.Add(name);
                levels[i] = new Level(LevelKind.Capture, name);
            }
            else if (part.Contains('+') || part.Contains('#') || part.Contains('{') || part.Contains('}'))
            {
                problem = $"'{text}': level '{part}' mixes text with a wildcard; '+', '#' and '{{name}}' must fill a whole level";
                return false;
            }
            else levels[i] = new Level(LevelKind.Literal, part);
        }
        pattern = new TopicPattern(text, levels, captures);
        return true;
    }

    /// <summary>Matches a topic; on success <paramref name="captures"/> holds the captured levels (or is empty).</summary>
    public bool TryMatch(string topic, out KeyValuePair<string, string>[] captures)
    {
        captures = [];
        var result = Captures.Count == 0 ? null : new KeyValuePair<string, string>[Captures.Count];
        var c = 0;
        var position = 0;
        for (var i = 0; i < _levels.Length; i++)
        {
            var level = _levels[i];
            if (level.Kind == LevelKind.Rest)
            {
                if (result is not null) captures = result;
                return true;
            }
            if (position > topic.Length) return false;
            var end = topic.IndexOf('/', position);
            if (end < 0) end = topic.Length;
            var part = topic.AsSpan(position, end - position);
            switch (level.Kind)
            {
                case LevelKind.Literal when !part.SequenceEqual(level.Text):
                    return false;
                case LevelKind.Capture:
                    result![c++] = new(level.Text, part.ToString());
                    break;
            }
            position = end + 1;
        }
        if (position <= topic.Length) return false;
        if (result is not null) captures = result;
        return true;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-');
}
