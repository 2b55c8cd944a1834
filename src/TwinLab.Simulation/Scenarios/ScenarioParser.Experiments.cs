using System.Globalization;
using System.Text.RegularExpressions;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Experiments.Optimisation;
using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Experiments.Sweep;
using TwinLab.Simulation.Random.Distributions;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Simulation.Scenarios;

public sealed partial class ScenarioParser
{
    private static ExperimentDefinition ReadExperiment(YamlNodeReader e, SimulatorInfo info, ScenarioDefinition scenario)
    {
        var typeNode = e.Require("type", $"one of {string.Join(", ", ExperimentTypes)}");
        var type = e.Scalar(typeNode, "type");
        if (type is "optimize") type = "optimise";
        switch (type)
        {
            case "montecarlo":
                e.RejectUnknown("type", "precision");
                return new MonteCarloDefinition(ReadPrecision(e, info));
            case "compare":
                e.RejectUnknown("type", "alternatives", "common_random_numbers");
                var alternatives = e.Sequence("alternatives").Select((n, i) => ReadAlternative(e, n, i, info, scenario)).ToArray();
                if (alternatives.Length == 0)
                    throw e.Error(e.Node, "a comparison needs 'alternatives'", "a list of {name, parameters, interventions} to compare with the base scenario");
                return new CompareDefinition(alternatives, e.Bool("common_random_numbers") ?? true);
            case "sweep":
                e.RejectUnknown("type", "grid", "latin_hypercube", "common_random_numbers");
                return new SweepDefinition(ReadSweep(e, info, scenario), e.Bool("common_random_numbers") ?? false);
            case "optimise":
                e.RejectUnknown("type", "objective", "variables", "constraints", "method", "replications", "budget", "top", "confirm", "confirm_replications", "restarts");
                return ReadOptimise(e, info, scenario);
            case "sensitivity":
                e.RejectUnknown("type", "method", "factors", "samples");
                return ReadSensitivity(e, info);
            case "calibrate":
                e.RejectUnknown("type", "free", "targets");
                return ReadCalibrate(e, info);
            default:
                var suggestion = Spelling.Suggest(type, ExperimentTypes);
                throw e.Error(typeNode, $"unknown experiment type '{type}'",
                    suggestion is not null ? $"did you mean '{suggestion}'?" : $"one of {string.Join(", ", ExperimentTypes)}");
        }
    }

    private static PrecisionTarget? ReadPrecision(YamlNodeReader e, SimulatorInfo info)
    {
        if (e.Map("precision", "'precision'") is not { } p) return null;
        p.RejectUnknown("kpi", "half_width", "relative", "min_replications", "max_replications", "batch");
        var kpi = Kpi(p, p.Require("kpi", "the KPI whose confidence interval must narrow"), info);
        return new PrecisionTarget(kpi,
            p.Double("half_width", double.Epsilon) ?? throw p.Error(p.Node, "'half_width' is missing", "e.g. 0.01 for ±1% of the mean"),
            p.Bool("relative") ?? true,
            p.Int("min_replications", 2) ?? 10,
            p.Int("max_replications", 2) ?? 10_000,
            p.Int("batch", 1) ?? 10);
    }

    private static ScenarioSpec ReadAlternative(YamlNodeReader e, YamlNode node, int index, SimulatorInfo info, ScenarioDefinition scenario)
    {
        var a = new YamlNodeReader(e.File, node, "An alternative");
        a.RejectUnknown("name", "parameters", "interventions");
        var parameters = ReadParameters(a, a.Find("parameters"), info, scenario.Parameters);
        var interventions = a.Has("interventions") ? ReadInterventions(a, info) : scenario.Interventions;
        return new ScenarioSpec(a.String("name") ?? $"alternative {index + 1}", parameters, interventions);
    }

    private static SweepDesign ReadSweep(YamlNodeReader e, SimulatorInfo info, ScenarioDefinition scenario)
    {
        if (e.Map("grid", "'grid'") is { } grid)
        {
            var levels = new List<KeyValuePair<string, IReadOnlyList<ParameterValue>>>();
            foreach (var (name, keyNode, value) in grid.Entries())
                levels.Add(new(name, ReadLevels(grid, keyNode, name, value, info)));
            return Guard(grid, () => SweepDesign.Grid(info, levels, scenario.Parameters, scenario.Interventions));
        }
        if (e.Map("latin_hypercube", "'latin_hypercube'") is { } lhs)
        {
            lhs.RejectUnknown("samples", "ranges");
            var n = lhs.Int("samples", 2, 1_000_000) ?? throw lhs.Error(lhs.Node, "'samples' is missing", "how many points, e.g. 50");
            var ranges = new List<KeyValuePair<string, ParameterRange>>();
            var map = lhs.Map("ranges", "'ranges'") ?? throw lhs.Error(lhs.Node, "'ranges' is missing", "parameter: [min, max] for each factor");
            foreach (var (name, keyNode, value) in map.Entries())
            {
                var spec = Spec(map, keyNode, name, info);
                var (low, high) = Pair(map, value, name);
                ranges.Add(new(spec.Name, new ParameterRange(low, high)));
            }
            return Guard(lhs, () => SweepDesign.LatinHypercube(info, ranges, n, scenario.Seed, scenario.Parameters, scenario.Interventions));
        }
        throw e.Error(e.Node, "a sweep needs 'grid' or 'latin_hypercube'", "e.g. grid: { buffer_size: [1, 2, 4] }");
    }

    /// <summary>Levels of a factor: a list of values, or {from, to, step}.</summary>
    private static IReadOnlyList<ParameterValue> ReadLevels(YamlNodeReader reader, YamlNode keyNode, string name, YamlNode value, SimulatorInfo info)
    {
        var spec = Spec(reader, keyNode, name, info);
        if (value is YamlSequenceNode list)
            return list.Children.Select(n => Value(reader, n, spec)).ToArray();
        if (value is YamlMappingNode)
        {
            var r = new YamlNodeReader(reader.File, value, $"'{name}'");
            r.RejectUnknown("from", "to", "step", "min", "max");
            var from = r.Double("from") ?? r.Double("min") ?? throw r.Error(value, $"'{name}' needs 'from' (or 'min')");
            var to = r.Double("to") ?? r.Double("max") ?? throw r.Error(value, $"'{name}' needs 'to' (or 'max')");
            var step = r.Double("step", double.Epsilon) ?? (spec.Kind == ParameterKind.Integer ? 1 : throw r.Error(value, $"'{name}' needs 'step'"));
            return Guard(r, () => SweepLevels.Range(from, to, step));
        }
        return [Value(reader, value, spec)];
    }

    private static OptimiseDefinition ReadOptimise(YamlNodeReader e, SimulatorInfo info, ScenarioDefinition scenario)
    {
        var objectiveMap = e.Map("objective", "'objective'") ?? throw e.Error(e.Node, "'objective' is missing", "e.g. objective: { maximise: throughput }");
        objectiveMap.RejectUnknown("maximise", "minimise", "maximize", "minimize");
        var maximise = objectiveMap.Find("maximise") ?? objectiveMap.Find("maximize");
        var minimise = objectiveMap.Find("minimise") ?? objectiveMap.Find("minimize");
        if ((maximise is null) == (minimise is null))
            throw objectiveMap.Error(objectiveMap.Node, "the objective needs exactly one of 'maximise' or 'minimise'");
        var target = maximise ?? minimise!;
        var (numerator, denominator) = ObjectiveExpression(objectiveMap, target, info);
        var objective = maximise is not null ? Objective.Maximise(numerator, denominator) : Objective.Minimise(numerator, denominator);

        var variablesMap = e.Map("variables", "'variables'") ?? throw e.Error(e.Node, "'variables' is missing", "the parameters to search, e.g. buffer_size: { min: 1, max: 10, step: 1 }");
        var variables = new List<DecisionVariable>();
        foreach (var (name, keyNode, value) in variablesMap.Entries())
        {
            var spec = Spec(variablesMap, keyNode, name, info);
            if (value is YamlSequenceNode list)
            {
                variables.Add(DecisionVariable.Discrete(name, list.Children.Select(n => Value(variablesMap, n, spec)).ToArray()));
                continue;
            }
            var v = new YamlNodeReader(e.File, value, $"'{name}'");
            v.RejectUnknown("min", "max", "step");
            variables.Add(new DecisionVariable(name, v.Double("min"), v.Double("max"), v.Double("step", double.Epsilon)));
        }
        var constraints = e.Sequence("constraints").Select(n => ReadConstraint(e, n, info)).ToArray();
        var methodText = e.String("method") ?? "auto";
        var methods = new Dictionary<string, OptimisationMethod>
        {
            ["auto"] = OptimisationMethod.Auto, ["exhaustive"] = OptimisationMethod.Exhaustive,
            ["greedy"] = OptimisationMethod.Greedy, ["nelder-mead"] = OptimisationMethod.NelderMead,
        };
        if (!methods.TryGetValue(methodText, out var method))
            throw e.Error(e.Find("method")!, $"unknown method '{methodText}'", $"one of {string.Join(", ", methods.Keys)}");
        var defaults = new OptimisationOptions();
        var options = new OptimisationOptions
        {
            Method = method,
            Replications = e.Int("replications", 2) ?? Math.Min(scenario.Replications, 10),
            Budget = e.Int("budget", 1) ?? defaults.Budget,
            TopCount = e.Int("top", 1) ?? defaults.TopCount,
            ConfirmCount = e.Int("confirm", 0) ?? defaults.ConfirmCount,
            ConfirmReplications = e.Int("confirm_replications", 2) ?? Math.Max(scenario.Replications, 2),
            Restarts = e.Int("restarts", 0) ?? defaults.Restarts,
        };
        return new OptimiseDefinition(new OptimisationProblem(objective, variables, constraints, scenario.Parameters, scenario.Interventions), options);
    }

    /// <summary>An objective: an expression, or {numerator, denominator} for a ratio of means.</summary>
    private static (LinearExpression Numerator, LinearExpression? Denominator) ObjectiveExpression(YamlNodeReader reader, YamlNode node, SimulatorInfo info)
    {
        if (node is YamlMappingNode)
        {
            var r = new YamlNodeReader(reader.File, node, "A ratio objective");
            r.RejectUnknown("numerator", "denominator");
            return (Expression(r, r.Require("numerator", "the expression above the line"), info),
                Expression(r, r.Require("denominator", "the expression below the line"), info));
        }
        return (Expression(reader, node, info), null);
    }

    private static Constraint ReadConstraint(YamlNodeReader reader, YamlNode node, SimulatorInfo info)
    {
        var text = reader.Scalar(node, "constraints");
        var m = ConstraintPattern().Match(text);
        if (!m.Success)
            throw reader.Error(node, $"cannot read constraint '{text}'", "write 'expression <= number' or 'expression >= number', e.g. 'mean_wait <= 2'");
        var expression = Expression(reader, node, info, m.Groups[1].Value);
        if (!double.TryParse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
            throw reader.Error(node, $"the bound '{m.Groups[3].Value}' is not a number");
        return m.Groups[2].Value == "<=" ? Constraint.AtMost(expression, bound) : Constraint.AtLeast(expression, bound);
    }

    /// <summary>A linear expression of KPIs and parameters: <c>throughput - 40*repair_crews + 3</c>.</summary>
    /// <remarks>
    /// Grammar: <c>term (('+' | '-') term)*</c> with an optional sign before the first term, where a term is
    /// <c>NUMBER</c>, <c>NAME</c> or <c>NUMBER '*' NAME</c>. Anything else (two signs in a row, a dangling '*', two
    /// numbers side by side) is an error, never a silently different expression.
    /// </remarks>
    private static LinearExpression Expression(YamlNodeReader reader, YamlNode node, SimulatorInfo info, string? text = null)
    {
        text ??= reader.Scalar(node, "expression");
        var tokens = ExpressionToken().Matches(text).Select(m => m.Value).ToList();
        ScenarioFileException Bad(string why) => reader.Error(node, $"cannot read the expression '{text}': {why}",
            "write terms like 'throughput', '2*buffer_size' or '40*repair_crews' joined by + and -");
        if (string.Concat(tokens) != text.Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal))
            throw Bad("it has characters other than numbers, names, +, - and *");
        if (tokens.Count == 0) throw Bad("it is empty");
        var result = LinearExpression.Of(0);
        var i = 0;
        var first = true;
        while (i < tokens.Count)
        {
            var sign = 1.0;
            if (tokens[i] is "+" or "-")
            {
                sign = tokens[i] == "-" ? -1 : 1;
                i++;
            }
            else if (!first) throw Bad($"'{tokens[i]}' must be preceded by + or -");
            first = false;
            if (i >= tokens.Count) throw Bad("it ends with a sign");
            var token = tokens[i++];
            if (IsNumber(token, out var number))
            {
                if (i < tokens.Count && tokens[i] == "*")
                {
                    i++;
                    if (i >= tokens.Count || !IsName(tokens[i])) throw Bad("'*' must be followed by a KPI or parameter name");
                    result += Term(reader, node, info, text, tokens[i++], sign * number);
                }
                else result += sign * number;
            }
            else if (IsName(token)) result += Term(reader, node, info, text, token, sign);
            else throw Bad($"unexpected '{token}'");
        }
        return result;
    }

    private static LinearExpression Term(YamlNodeReader reader, YamlNode node, SimulatorInfo info, string text, string name, double coefficient)
    {
        if (info.KpiIndex(name) >= 0) return LinearExpression.Kpi(name, coefficient);
        if (info.Parameters.Any(p => p.Name == name)) return LinearExpression.Parameter(name, coefficient);
        var names = info.Kpis.Select(k => k.Name).Concat(info.Parameters.Select(p => p.Name)).ToArray();
        var suggestion = Spelling.Suggest(name, names);
        throw reader.Error(node, $"'{name}' in '{text}' is neither a KPI nor a parameter of '{info.Name}'",
            suggestion is not null ? $"did you mean '{suggestion}'?" : $"KPIs and parameters: {string.Join(", ", names)}");
    }

    private static bool IsNumber(string token, out double value) =>
        double.TryParse(token, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    private static bool IsName(string token) => token.Length > 0 && (char.IsAsciiLetter(token[0]) || token[0] == '_');

    private static SensitivityDefinition ReadSensitivity(YamlNodeReader e, SimulatorInfo info)
    {
        var method = e.String("method") ?? "tornado";
        if (method is not ("tornado" or "sobol"))
            throw e.Error(e.Find("method")!, $"unknown sensitivity method '{method}'", "tornado (one at a time) or sobol (variance-based)");
        var factors = e.Map("factors", "'factors'") ?? throw e.Error(e.Node, "'factors' is missing", "parameter: [low, high] for each factor");
        var tornado = new List<TornadoRange>();
        var sobol = new List<SobolFactor>();
        foreach (var (name, keyNode, value) in factors.Entries())
        {
            Spec(factors, keyNode, name, info);
            if (value is YamlScalarNode { Value: null or "" or "bounds" })
            {
                tornado.Add(TornadoRange.Bounds(name));
                sobol.Add(new SobolFactor(name));
            }
            else if (value is YamlMappingNode)
            {
                var r = new YamlNodeReader(e.File, value, $"'{name}'");
                r.RejectUnknown("fraction", "low", "high");
                var fraction = r.Double("fraction", double.Epsilon);
                tornado.Add(fraction is { } f ? TornadoRange.Relative(name, f) : new TornadoRange(name, r.Double("low"), r.Double("high")));
                sobol.Add(new SobolFactor(name, r.Double("low"), r.Double("high")));
            }
            else
            {
                var (low, high) = Pair(factors, value, name);
                tornado.Add(TornadoRange.Between(name, low, high));
                sobol.Add(new SobolFactor(name, low, high));
            }
        }
        return new SensitivityDefinition(method, tornado, sobol, e.Int("samples", 2, 1 << 20) ?? 256);
    }

    private static CalibrateDefinition ReadCalibrate(YamlNodeReader e, SimulatorInfo info)
    {
        var freeMap = e.Map("free", "'free'") ?? throw e.Error(e.Node, "'free' is missing", "the parameters to fit, e.g. service_rate: { initial: 1, min: 0.1, max: 10 }");
        var free = new List<FreeParameter>();
        foreach (var (name, keyNode, value) in freeMap.Entries())
        {
            var spec = Spec(freeMap, keyNode, name, info);
            var r = new YamlNodeReader(e.File, value, $"'{name}'");
            r.RejectUnknown("initial", "min", "max", "log");
            var initial = r.Double("initial") ?? spec.Default.Number;
            free.Add(new FreeParameter(name, initial, r.Double("min") ?? spec.Min, r.Double("max") ?? spec.Max, r.Bool("log") ?? false));
        }
        var targets = e.Sequence("targets").Select(n =>
        {
            var t = new YamlNodeReader(e.File, n, "A calibration target");
            t.RejectUnknown("kpi", "observed", "sd");
            return new KpiTarget(Kpi(t, t.Require("kpi", "the KPI that was observed"), info),
                t.Double("observed") ?? throw t.Error(n, "'observed' is missing", "the value measured on the real system"),
                t.Double("sd", double.Epsilon) ?? throw t.Error(n, "'sd' is missing", "the measurement's standard deviation (its uncertainty)"));
        }).ToArray();
        if (targets.Length == 0) throw e.Error(e.Node, "'targets' is missing", "a list of {kpi, observed, sd}");
        return new CalibrateDefinition(free, targets);
    }

    private static (double Low, double High) Pair(YamlNodeReader reader, YamlNode node, string name)
    {
        if (node is YamlSequenceNode { Children.Count: 2 } s)
        {
            var low = reader.ToDouble(s.Children[0], name);
            var high = reader.ToDouble(s.Children[1], name);
            if (low >= high) throw reader.Error(node, $"'{name}': the low end {low.ToString(CultureInfo.InvariantCulture)} is not below the high end {high.ToString(CultureInfo.InvariantCulture)}");
            return (low, high);
        }
        throw reader.Error(node, $"'{name}' must be [low, high]");
    }

    private static T Guard<T>(YamlNodeReader reader, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Core.Errors.TwinLabException ex)
        {
            throw reader.Error(reader.Node, ex.Message.TrimEnd('.'));
        }
    }

    [GeneratedRegex(@"^(.+?)(<=|>=)\s*([-+0-9.eE]+)\s*$")]
    private static partial Regex ConstraintPattern();

    /// <summary>Numbers (with decimals and exponents), names, and the operators + - *.</summary>
    [GeneratedRegex(@"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*|[+*-]")]
    private static partial Regex ExpressionToken();
}
