using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>The evaluation state of one row: what each alias is bound to. Reused across rows of one execution.</summary>
internal sealed class Frame(int slots, GraphSnapshot graph, int modelCaches)
{
    /// <summary>Bound values by slot: <see cref="Twin"/> or <see cref="Relationship"/>.</summary>
    public readonly object?[] Slots = new object?[slots];

    /// <summary>The graph being queried.</summary>
    public readonly GraphSnapshot Graph = graph;

    /// <summary>Per IS_OF_MODEL call: model id → whether it is assignable (saves a lookup per twin).</summary>
    public readonly Dictionary<string, bool>?[] ModelCaches = new Dictionary<string, bool>?[modelCaches];
}

/// <summary>A compiled boolean expression.</summary>
internal delegate bool Predicate(Frame frame);

/// <summary>A compiled value expression.</summary>
internal delegate QValue Scalar(Frame frame);

/// <summary>What an alias ranges over.</summary>
internal enum SlotKind
{
    Twin,
    Relationship,
}

/// <summary>One alias (or anonymous MATCH node) and the slot it occupies in a <see cref="Frame"/>.</summary>
internal sealed record Slot(string? Alias, SlotKind Kind, int Index);

/// <summary>How a query is executed.</summary>
internal enum PlanKind
{
    /// <summary>One twin collection: filter twins (or only the pinned ones).</summary>
    TwinScan,
    /// <summary>The relationship collection.</summary>
    RelationshipScan,
    /// <summary>JOINs or MATCH: traverse from a start alias along edges.</summary>
    Graph,
}

/// <summary>Candidate ids for a slot taken from the WHERE clause (<c>$dtId = '…'</c>, <c>$sourceId IN […]</c>).</summary>
internal enum PinKind
{
    /// <summary>Twin <c>$dtId</c>.</summary>
    TwinId,
    /// <summary>Relationship <c>$sourceId</c>.</summary>
    SourceId,
    /// <summary>Relationship <c>$targetId</c>.</summary>
    TargetId,
}

/// <summary>Candidate ids for a slot.</summary>
internal sealed record Pin(int Slot, PinKind Kind, string[] Ids);

/// <summary>
/// One traversal step: from the twin in <see cref="FromSlot"/> along relationships to the twin in <see cref="ToSlot"/>.
/// <see cref="Direction"/> is relative to the traversal (Out: the bound twin is the source).
/// </summary>
internal sealed record GraphStep(
    int FromSlot,
    int ToSlot,
    int RelationshipSlot,
    string[] Names,
    EdgeDirection Direction,
    int MinHops,
    int MaxHops,
    bool ToAlreadyBound);

/// <summary>
/// A condition <c>alias.property op number</c> on the start alias, which a scan can test on a cached numeric column
/// (<see cref="SnapshotIndexes.NumberColumn"/>) before touching the twin; the full filter still runs on the survivors.
/// </summary>
internal sealed record NumericPrefilter(string Property, CompareOp Op, double Value)
{
    /// <summary>Whether a column value (NaN: missing or not a number) can satisfy the condition.</summary>
    public bool Test(double v) => Op switch
    {
        CompareOp.Equal => v == Value,
        CompareOp.NotEqual => !double.IsNaN(v) && v != Value,
        CompareOp.Less => v < Value,
        CompareOp.LessOrEqual => v <= Value,
        CompareOp.Greater => v > Value,
        _ => v >= Value,
    };
}

/// <summary>
/// A condition <c>alias.property = 'text'</c> or <c>alias.property IN ['a', 'b', …]</c> on the scanned alias, which a scan
/// can answer from a cached index of that property's string values (<see cref="SnapshotIndexes.StringValues"/>) instead
/// of testing every twin; the full filter still runs on the twins the index names.
/// </summary>
/// <param name="Property">The top-level property.</param>
/// <param name="Values">The string values it may equal, distinct.</param>
internal sealed record StringLookup(string Property, string[] Values);

/// <summary>One output column.</summary>
internal sealed record OutputColumn(string Key, Scalar Value);

/// <summary>A compiled query: independent of any graph, safe to run concurrently.</summary>
internal sealed class QueryPlan
{
    public required PlanKind Kind { get; init; }
    public required Slot[] Slots { get; init; }
    public required SelectKind Select { get; init; }
    public required OutputColumn[] Columns { get; init; }
    public int? Top { get; init; }

    /// <summary>Scans: the whole WHERE clause (null: none).</summary>
    public Predicate? Filter { get; init; }

    /// <summary>Scans: candidate ids for slot 0; graph: for <see cref="StartSlot"/>.</summary>
    public Pin? Pin { get; init; }

    /// <summary>A numeric condition on slot 0 (scans) or the start slot (graph) to test on a column first.</summary>
    public NumericPrefilter? Prefilter { get; init; }

    /// <summary>Twin scans: a string equality on slot 0 to answer from an index first.</summary>
    public StringLookup? Lookup { get; init; }

    /// <summary>Graph: where traversal starts.</summary>
    public int StartSlot { get; init; }

    /// <summary>Graph: the steps in order.</summary>
    public GraphStep[] Steps { get; init; } = [];

    /// <summary>Graph: <c>StepFilters[0]</c> runs once the start is bound, <c>StepFilters[k + 1]</c> after step k.</summary>
    public Predicate?[] StepFilters { get; init; } = [];

    /// <summary>Graph: bit per slot whose twin or relationship a filter or the output reads; other twins are tracked by id only.</summary>
    public ulong NeededSlots { get; init; }

    /// <summary>Number of IS_OF_MODEL caches a <see cref="Frame"/> needs.</summary>
    public int ModelCaches { get; init; }
}
