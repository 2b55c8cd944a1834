using TwinLab.Core.Twins;
using static TwinLab.Examples.Factory.TwinProperties;

namespace TwinLab.Examples.Factory;

/// <summary>
/// Walks the twin graph of one production line: Factory —hasLine→ ProductionLine —firstStation→ Machine
/// —feeds→ Buffer —feeds→ Machine … until a machine feeds nothing, and ProductionLine —repairedBy→ RepairCrewPool.
/// </summary>
/// <remarks>Reads only; every gap in the graph is a <see cref="Core.Errors.TwinLabException"/> naming the twin and what it lacks.</remarks>
public static class LineReader
{
    /// <summary>Reads a line.</summary>
    /// <param name="graph">The twin graph.</param>
    /// <param name="lineId">The ProductionLine twin, or null when the graph has exactly one.</param>
    /// <exception cref="Core.Errors.TwinLabException">The graph does not describe a usable serial line.</exception>
    public static LineDefinition Read(GraphSnapshot graph, string? lineId = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var line = FindLine(graph, lineId);
        var (machines, buffers) = ReadFlow(graph, line);
        var pool = Single(graph, line, FactoryModels.RepairedBy, FactoryModels.RepairCrewPool);
        return new LineDefinition(line.Id, machines, buffers, pool.Id, Integer(pool, "size", 0), ReadCosts(graph, line));
    }

    private static Twin FindLine(GraphSnapshot graph, string? lineId)
    {
        if (lineId is not null)
        {
            if (!graph.Twins.TryGetValue(lineId, out var named)) throw Error($"no twin '{lineId}' (parameter 'line')");
            Expect(graph, named, FactoryModels.ProductionLine);
            return named;
        }
        var lines = graph.Twins.Values.Where(t => IsA(graph, t, FactoryModels.ProductionLine)).OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        return lines.Length switch
        {
            1 => lines[0],
            0 => throw Error($"the twin graph has no {FactoryModels.ProductionLine} twin; load examples/factory/twins.json or your own line"),
            _ => throw Error($"the twin graph has {lines.Length} production lines ({string.Join(", ", lines.Select(l => l.Id))}); choose one with the parameter 'line'"),
        };
    }

    private static (MachineSpec[] Machines, BufferSpec[] Buffers) ReadFlow(GraphSnapshot graph, Twin line)
    {
        var machines = new List<MachineSpec>();
        var buffers = new List<BufferSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Twin? machine = Single(graph, line, FactoryModels.FirstStation, FactoryModels.Machine);
        while (machine is not null)
        {
            // A line that loops back would never end; the model is for serial lines only.
            if (!seen.Add(machine.Id)) throw Error($"the flow of line '{line.Id}' returns to machine '{machine.Id}'; only serial lines are supported");
            machines.Add(ReadMachine(machine));
            var buffer = Optional(graph, machine, FactoryModels.Feeds, FactoryModels.Buffer);
            if (buffer is null) break;
            buffers.Add(new BufferSpec(buffer.Id, Integer(buffer, "capacity", 0)));
            machine = Single(graph, buffer, FactoryModels.Feeds, FactoryModels.Machine);
        }
        return ([.. machines], [.. buffers]);
    }

    private static MachineSpec ReadMachine(Twin m) => new(
        m.Id,
        Number(m, "processingTimeMean", positive: true),
        Number(m, "processingTimeCv", min: 0),
        Number(m, "mtbfHours", positive: true),
        Number(m, "mttrMinutes", positive: true));

    private static LineCosts ReadCosts(GraphSnapshot graph, Twin line)
    {
        var factory = graph.IncomingOf(line.Id)
            .Where(r => r.Name == FactoryModels.HasLine)
            .Select(r => graph.Twins.TryGetValue(r.SourceId, out var t) ? t : null)
            .FirstOrDefault(t => t is not null && IsA(graph, t, FactoryModels.Factory))
            ?? throw Error($"no {FactoryModels.Factory} twin has line '{line.Id}' (relationship '{FactoryModels.HasLine}'); the costs come from it");
        return new LineCosts(factory.Id,
            Number(factory, "lineCostPerHour", min: 0),
            Number(factory, "crewCostPerHour", min: 0),
            Number(factory, "bufferSlotCostPerHour", min: 0));
    }

    /// <summary>The one target of <paramref name="relationship"/>, which must exist and be a <paramref name="model"/>.</summary>
    private static Twin Single(GraphSnapshot graph, Twin source, string relationship, string model) =>
        Optional(graph, source, relationship, model)
        ?? throw Error($"twin '{source.Id}' has no '{relationship}' relationship (to a {model})");

    private static Twin? Optional(GraphSnapshot graph, Twin source, string relationship, string model)
    {
        var targets = graph.OutgoingOf(source.Id, relationship).Select(r => r.TargetId).Distinct(StringComparer.Ordinal).ToArray();
        if (targets.Length == 0) return null;
        if (targets.Length > 1)
            throw Error($"twin '{source.Id}' has {targets.Length} '{relationship}' relationships ({string.Join(", ", targets)}); a serial line has one");
        var target = graph.Twins.TryGetValue(targets[0], out var t) ? t
            : throw Error($"relationship '{relationship}' of twin '{source.Id}' points at '{targets[0]}', which does not exist");
        Expect(graph, target, model);
        return target;
    }

    private static void Expect(GraphSnapshot graph, Twin twin, string model)
    {
        if (!IsA(graph, twin, model)) throw Error($"twin '{twin.Id}' is a {twin.ModelId}, not a {model}");
    }

    private static bool IsA(GraphSnapshot graph, Twin twin, string model) => graph.Models.IsAssignableTo(twin.ModelId, model);
}
