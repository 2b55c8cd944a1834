using System.Globalization;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>Turns a candidate's settings into checked parameter overrides for a simulator, or a
/// <see cref="CandidateFileException"/> at the offending setting.</summary>
internal static class CandidateValidator
{
    /// <summary>Parameters the recommender sets the same for every scenario: a candidate changing them would be
    /// measured on a different day, horizon or yardstick rather than improving anything.</summary>
    public static readonly string[] Reserved =
        ["days", "start_day", "warmup_hours", "service_level_target_seconds", "email_target_hours", "satisfaction"];

    // A setting that only makes sense with its companion naming which skill it is for.
    private static readonly (string Setting, string Companion)[] Companions =
        [("extra_agents", "skill"), ("cross_train_share", "cross_train_skill")];

    public static IReadOnlyList<KeyValuePair<string, ParameterValue>> Overrides(CandidateChange candidate, SimulatorInfo info)
    {
        var path = $"candidates[{candidate.Index}].parameters";
        if (candidate.Settings.Count == 0) throw Fail(candidate, candidate.Line, candidate.Column, path, "sets no parameters");
        var overrides = new List<KeyValuePair<string, ParameterValue>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in candidate.Settings)
        {
            var field = $"{path}.{setting.Parameter}";
            if (!seen.Add(setting.Parameter)) throw Fail(candidate, setting, field, "is set twice");
            if (Reserved.Contains(setting.Parameter, StringComparer.Ordinal))
                throw Fail(candidate, setting, field,
                    "is set by the recommender, the same for every candidate (use its options: days, seed, targets)");
            var spec = info.Parameters.FirstOrDefault(p => p.Name == setting.Parameter);
            if (spec is null)
            {
                var allowed = info.Parameters.Select(p => p.Name).Where(n => !Reserved.Contains(n)).ToArray();
                throw Fail(candidate, setting, field,
                    $"simulator '{info.Name}' has no parameter '{setting.Parameter}'{Suggestion.Hint(setting.Parameter, allowed)}; it has: {string.Join(", ", allowed)}");
            }
            var value = Convert(candidate, setting, field, spec);
            try
            {
                ParameterSet.Create(info, [KeyValuePair.Create(spec.Name, value)]);
            }
            catch (TwinLabException e)
            {
                throw Fail(candidate, setting, field, e.Message.TrimEnd('.'));
            }
            overrides.Add(KeyValuePair.Create(spec.Name, value));
        }
        foreach (var (name, companion) in Companions)
        {
            var choices = info.Parameters.FirstOrDefault(p => p.Name == companion)?.Choices;
            if (seen.Contains(name) && !seen.Contains(companion) && choices is { Count: > 1 })
            {
                var setting = candidate.Settings.First(s => s.Parameter == name);
                throw Fail(candidate, setting, $"{path}.{name}", $"needs '{companion}' to say which skill (one of {string.Join(", ", choices)})");
            }
        }
        return overrides;
    }

    private static ParameterValue Convert(CandidateChange candidate, CandidateSetting setting, string field, ParameterSpec spec)
    {
        var text = setting.Value.Trim();
        switch (spec.Kind)
        {
            case ParameterKind.Choice:
                if (spec.Choices is { } choices && !choices.Contains(text, StringComparer.Ordinal))
                    throw Fail(candidate, setting, field, $"'{text}' is not one of {string.Join(", ", choices)}{Suggestion.Hint(text, choices)}");
                return ParameterValue.Of(text);
            case ParameterKind.Boolean:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => ParameterValue.Of(true),
                    "false" or "no" or "0" => ParameterValue.Of(false),
                    _ => throw Fail(candidate, setting, field, $"'{text}' is not true or false"),
                };
            default:
                var percent = text.EndsWith('%');
                if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    || !double.IsFinite(number))
                    throw Fail(candidate, setting, field, $"'{text}' is not a number");
                return ParameterValue.Of(percent ? number / 100 : number);
        }
    }

    private static CandidateFileException Fail(CandidateChange candidate, CandidateSetting setting, string field, string problem) =>
        Fail(candidate, setting.Line, setting.Column, field, problem);

    private static CandidateFileException Fail(CandidateChange candidate, long line, long column, string field, string problem) =>
        new(candidate.Source, line, column, candidate.Name, field, problem);
}
