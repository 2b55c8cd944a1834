using System.Text;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// The MQTT topic an event is published to, from a template such as <c>twinlab/{twinId}/{type}</c>.
/// </summary>
/// <remarks>
/// Placeholders: <c>{twinId}</c> (the twin the event is about), <c>{type}</c> (the CloudEvents type), <c>{subject}</c>,
/// <c>{id}</c>, <c>{source}</c>, <c>{branch}</c> and <c>{model}</c> (the twin's model, <c>dataschema</c>). A value that is
/// missing (a model event has no twin) becomes <c>_</c>. Inside a value, the characters MQTT gives a meaning to —
/// <c>/</c> (level separator), <c>+</c> and <c>#</c> (wildcards) — and <c>%</c> are percent-encoded, so one value is always
/// exactly one topic level and a subscriber's wildcards keep working.
/// </remarks>
public static class TopicTemplate
{
    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["twinId", "type", "subject", "id", "source", "branch", "model"];

    /// <summary>Why <paramref name="template"/> is not a usable topic template, or <c>null</c>.</summary>
    public static string? Problem(string? template)
    {
        if (string.IsNullOrWhiteSpace(template)) return "topic is required for an mqtt endpoint, e.g. twinlab/{twinId}/{type}.";
        if (template.Length > 1024) return "topic must be at most 1024 characters.";
        if (template.Contains('\0')) return "topic must not contain a NUL character.";
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                if (end < 0) return $"topic: '{{' at position {i + 1} is not closed by '}}'.";
                var name = template[(i + 1)..end];
                if (!Placeholders.Contains(name))
                    return $"topic: unknown placeholder '{{{name}}}' at position {i + 1}; use {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}.";
                i = end;
                continue;
            }
            if (template[i] == '}') return $"topic: '}}' at position {i + 1} has no matching '{{'.";
            if (template[i] is '+' or '#') return $"topic: '{template[i]}' at position {i + 1} is an MQTT wildcard, which a published topic must not contain.";
            literal.Append(template[i]);
        }
        return null;
    }

    /// <summary>The topic of <paramref name="e"/> under <paramref name="template"/> (assumed valid, see <see cref="Problem"/>).</summary>
    public static string Render(string template, TwinLabEvent e)
    {
        var topic = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                topic.Append(template[i]);
                continue;
            }
            var end = template.IndexOf('}', i);
            var value = template[(i + 1)..end] switch
            {
                "twinId" => e.TwinId,
                "type" => e.Type,
                "subject" => e.Subject,
                "id" => e.Id,
                "source" => e.Source,
                "branch" => e.Branch,
                "model" => e.DataSchema,
                _ => null,
            };
            AppendLevel(topic, value);
            i = end;
        }
        return topic.ToString();
    }

    private static void AppendLevel(StringBuilder topic, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            topic.Append('_');
            return;
        }
        foreach (var c in value)
        {
            switch (c)
            {
                case '/': topic.Append("%2F"); break;
                case '+': topic.Append("%2B"); break;
                case '#': topic.Append("%23"); break;
                case '%': topic.Append("%25"); break;
                case '\0': topic.Append("%00"); break;
                default: topic.Append(c); break;
            }
        }
    }
}
