using System.Globalization;
using System.Security.Cryptography;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random.Distributions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Simulation.Scenarios;

/// <summary>
/// Reads scenario files (YAML). Every problem — a YAML syntax error, a typo in a key, an unknown simulator,
/// parameter or KPI, a value of the wrong kind or out of range — is a <see cref="ScenarioFileException"/> naming the
/// file, line and column, with a hint. The schema is documented in <c>docs/scenarios.md</c>.
/// </summary>
public sealed partial class ScenarioParser(SimulatorCatalog catalog)
{
    internal static readonly string[] TopLevelKeys =
        ["name", "description", "twin", "simulator", "plugin", "horizon", "seed", "replications", "parameters", "interventions", "kpis", "experiment"];

    internal static readonly string[] ExperimentTypes = ["montecarlo", "compare", "sweep", "optimise", "sensitivity", "calibrate"];

    /// <summary>Reads a scenario file.</summary>
    /// <exception cref="ScenarioFileException">The file is not a valid scenario.</exception>
    /// <exception cref="Core.Errors.TwinLabException">The file cannot be read.</exception>
    public ScenarioDefinition ParseFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.InvalidArgument, $"Cannot read scenario file '{path}': {e.Message}");
        }
        return Parse(new StreamReader(new MemoryStream(bytes)).ReadToEnd(), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Reads scenario text; <paramref name="file"/> names it in errors and resolves relative paths.</summary>
    public ScenarioDefinition Parse(string text, string file, string? hash = null)
    {
        var stream = YamlText.Load(text, (line, column, message) => new ScenarioFileException(file, line, column, message));
        if (stream.Documents.Count == 0)
            throw new ScenarioFileException(file, 1, 1, "the file is empty", "a scenario needs at least 'name', 'simulator' and 'horizon'");
        var root = new YamlNodeReader(file, stream.Documents[0].RootNode, "A scenario file");
        root.RejectUnknown(TopLevelKeys);

        if (root.String("plugin") is { } plugin)
        {
            var pluginPath = Path.IsPathRooted(plugin) ? plugin : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", plugin);
            try
            {
                catalog.LoadPlugin(pluginPath);
            }
            catch (Core.Errors.TwinLabException e)
            {
                throw root.Error(root.Find("plugin")!, e.Message);
            }
        }
        var simulatorNode = root.Require("simulator", $"known simulators: {string.Join(", ", catalog.List.Select(i => i.Name))}");
        var simulatorName = root.Scalar(simulatorNode, "simulator");
        if (!catalog.Contains(simulatorName))
        {
            var suggestion = Spelling.Suggest(simulatorName, catalog.List.Select(i => i.Name));
            throw root.Error(simulatorNode, $"no simulator '{simulatorName}'",
                suggestion is not null ? $"did you mean '{suggestion}'?" : $"known simulators: {string.Join(", ", catalog.List.Select(i => i.Name))}");
        }
        var info = catalog.Get(simulatorName).Info;
        var parameters = ReadParameters(root, root.Find("parameters"), info, null);
        var replications = root.Int("replications", 1, 10_000_000) ?? 30;
        var kpis = root.Sequence("kpis").Select(n => Kpi(root, n, info)).ToArray();
        var definition = new ScenarioDefinition
        {
            File = file,
            Hash = hash ?? Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))),
            Name = root.RequireString("name", "give the scenario a name, e.g. 'name: Buffer sizes'"),
            Description = root.String("description"),
            Twin = ReadTwin(root),
            Simulator = simulatorName,
            Horizon = root.Double("horizon", 0) ?? throw root.Error(root.Node, "'horizon' is missing", "simulated time per replication, in the simulator's unit, e.g. 'horizon: 480'"),
            Seed = ReadSeed(root),
            Replications = replications,
            Parameters = parameters,
            Interventions = ReadInterventions(root, info),
            Kpis = kpis,
            Experiment = new MonteCarloDefinition(null),
        };
        var experiment = root.Map("experiment", "'experiment'");
        return experiment is null ? definition : definition with { Experiment = ReadExperiment(experiment, info, definition) };
    }

    private static TwinSource ReadTwin(YamlNodeReader root)
    {
        var twin = root.Map("twin", "'twin'");
        if (twin is null) return new TwinSource();
        twin.RejectUnknown("branch", "at", "load", "models");
        long? atSequence = null;
        DateTimeOffset? atTime = null;
        if (twin.Find("at") is { } at)
        {
            var text = twin.Scalar(at, "at");
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) atSequence = seq;
            else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) atTime = time;
            else throw twin.Error(at, $"'at' must be a sequence number or a time, not '{text}'", "e.g. 'at: 1234' or 'at: 2026-11-20T10:00:00Z'");
        }
        var load = twin.String("load");
        if (load is not null && !Path.IsPathRooted(load))
            load = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(twin.File)) ?? ".", load);
        if (load is not null && !File.Exists(load))
            throw twin.Error(twin.Find("load")!, $"graph file '{twin.String("load")}' not found (looked for {load})");
        var models = twin.String("models");
        if (models is not null && !Path.IsPathRooted(models))
            models = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(twin.File)) ?? ".", models);
        if (models is not null && !File.Exists(models) && !Directory.Exists(models))
            throw twin.Error(twin.Find("models")!, $"models '{twin.String("models")}' not found (looked for {models})");
        if (models is null && load is not null && Path.Combine(Path.GetDirectoryName(load) ?? ".", "models") is var beside && Directory.Exists(beside))
            models = beside;
        return new TwinSource(twin.String("branch") ?? "main", atSequence, atTime, load, models);
    }

    /// <summary>Intervention names, each one the simulator declares (a typo must not turn into "no effect").</summary>
    internal static IReadOnlyList<string> ReadInterventions(YamlNodeReader reader, SimulatorInfo info) =>
        reader.Sequence("interventions").Select(n =>
        {
            var name = reader.Scalar(n, "interventions");
            if (info.Interventions.Contains(name, StringComparer.Ordinal)) return name;
            if (info.Interventions.Count == 0)
                throw reader.Error(n, $"simulator '{info.Name}' takes no interventions", "express the change through its parameters");
            var suggestion = Spelling.Suggest(name, info.Interventions);
            throw reader.Error(n, $"simulator '{info.Name}' has no intervention '{name}'",
                suggestion is not null ? $"did you mean '{suggestion}'?" : $"its interventions: {string.Join(", ", info.Interventions)}");
        }).ToArray();

    private static ulong ReadSeed(YamlNodeReader root)
    {
        if (root.Find("seed") is not { } node) return 1;
        var text = root.Scalar(node, "seed");
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw root.Error(node, $"'seed' must be a whole number ≥ 0, not '{text}'");
    }

    private static string Kpi(YamlNodeReader reader, YamlNode node, SimulatorInfo info)
    {
        var name = reader.Scalar(node, "kpi");
        if (info.KpiIndex(name) >= 0) return name;
        var names = info.Kpis.Select(k => k.Name).ToArray();
        var suggestion = Spelling.Suggest(name, names);
        throw reader.Error(node, $"simulator '{info.Name}' reports no KPI '{name}'",
            suggestion is not null ? $"did you mean '{suggestion}'?" : $"its KPIs: {string.Join(", ", names)}");
    }

    /// <summary>Parameter values from a mapping, checked against the simulator's specs, over <paramref name="basis"/>.</summary>
    internal static ParameterSet ReadParameters(YamlNodeReader context, YamlNode? node, SimulatorInfo info, ParameterSet? basis)
    {
        var values = basis is null ? new List<KeyValuePair<string, ParameterValue>>() : basis.ToList();
        if (node is null) return basis ?? ParameterSet.Create(info);
        var map = new YamlNodeReader(context.File, node, "'parameters'");
        foreach (var (name, keyNode, value) in map.Entries())
        {
            var spec = Spec(map, keyNode, name, info);
            var parsed = Value(map, value, spec);
            values.Add(new(name, parsed));
            try
            {
                ParameterSet.Create(info, [new(name, parsed)]);
            }
            catch (Core.Errors.TwinLabException e)
            {
                throw map.Error(value, e.Message.TrimEnd('.'), Describe(spec));
            }
        }
        return ParameterSet.Create(info, values.GroupBy(v => v.Key).Select(g => g.Last()));
    }

    internal static ParameterSpec Spec(YamlNodeReader reader, YamlNode keyNode, string name, SimulatorInfo info)
    {
        var spec = info.Parameters.FirstOrDefault(p => p.Name == name);
        if (spec is not null) return spec;
        var names = info.Parameters.Select(p => p.Name).ToArray();
        var suggestion = Spelling.Suggest(name, names);
        throw reader.Error(keyNode, $"simulator '{info.Name}' has no parameter '{name}'",
            suggestion is not null ? $"did you mean '{suggestion}'?" : $"its parameters: {string.Join(", ", names)}");
    }

    internal static ParameterValue Value(YamlNodeReader reader, YamlNode node, ParameterSpec spec)
    {
        var text = reader.Scalar(node, spec.Name);
        return spec.Kind switch
        {
            ParameterKind.Choice => ParameterValue.Of(text),
            ParameterKind.Boolean => text.ToLowerInvariant() switch
            {
                "true" or "yes" => ParameterValue.Of(true),
                "false" or "no" => ParameterValue.Of(false),
                _ => throw reader.Error(node, $"'{spec.Name}' must be true or false, not '{text}'"),
            },
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? ParameterValue.Of(number)
                : throw reader.Error(node, $"'{spec.Name}' must be a number, not '{text}'", Describe(spec)),
        };
    }

    internal static string Describe(ParameterSpec spec) => spec.Kind switch
    {
        ParameterKind.Choice => $"one of {string.Join(", ", spec.Choices ?? [])}",
        ParameterKind.Boolean => "true or false",
        _ => $"{(spec.Kind == ParameterKind.Integer ? "a whole number" : "a number")}"
             + (double.IsFinite(spec.Min) || double.IsFinite(spec.Max) ? $" in [{spec.Min.ToString(CultureInfo.InvariantCulture)}, {spec.Max.ToString(CultureInfo.InvariantCulture)}]" : "")
             + (spec.Unit is null ? "" : $" ({spec.Unit})"),
    };
}
