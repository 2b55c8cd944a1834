using TwinLab.Core.Erasure;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

/// <summary>Which twins a purge erases, before it runs.</summary>
/// <param name="Twins">The twins, in id order: those asked for and, with cascade, the twins only they point at.</param>
/// <param name="Aliases">Other names of the twins matched against document ids (string properties named <c>…Id</c>).</param>
public sealed record PurgePlan(IReadOnlyList<string> Twins, IReadOnlyList<string> Aliases);

/// <summary>What a purge erased.</summary>
/// <param name="Plan">The twins and aliases.</param>
/// <param name="Report">What the store erased.</param>
/// <param name="Sequence">The sequence number of the purge's record (<see cref="TwinsPurged"/>).</param>
public sealed record PurgeOutcome(PurgePlan Plan, PurgeReport Report, long Sequence);

public sealed partial class TwinService
{
    /// <summary>
    /// The twins and aliases <see cref="Purge"/> would erase. With <paramref name="cascade"/>, a twin that a purged twin
    /// points at and that nothing else points at is purged too, and so on (a patient's state, condition and medication
    /// twins go with the patient; a building shared with others does not).
    /// </summary>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.DigitalTwinNotFound"/>) A twin is on no branch and in no history.</exception>
    public PurgePlan PlanPurge(IReadOnlyCollection<string> twinIds, bool cascade = false)
    {
        ArgumentNullException.ThrowIfNull(twinIds);
        lock (_writeGate) return PlanLocked(twinIds, cascade);
    }

    /// <summary>
    /// Right to erasure: removes twins from every branch with their relationships, and every trace of them from the store
    /// (see <see cref="ITwinStore.Purge"/>), then records the purge on main as a <see cref="TwinsPurged"/> event naming
    /// the twins only by hash. Other twins keep their state, history and sequence numbers.
    /// </summary>
    /// <remarks>Not undoable, and not a graph write: no <see cref="Committed"/> notification, no idempotency key (a purge
    /// run twice finds nothing the second time and fails as not found).</remarks>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.DigitalTwinNotFound"/>) A twin is on no branch and in no history; nothing was changed.</exception>
    public PurgeOutcome Purge(IReadOnlyCollection<string> twinIds, bool cascade = false, string actor = "cli")
    {
        ArgumentNullException.ThrowIfNull(twinIds);
        lock (_writeGate)
        {
            CatchUpLocked();
            var plan = PlanLocked(twinIds, cascade);
            var scope = new PurgeScope(plan.Twins, plan.Aliases);
            var report = _store.Purge(scope);
            // Every loaded branch drops the twins now; branches not loaded fold the rewritten log when first used.
            foreach (var state in _branches.Values)
            {
                var without = scope.Without(state.Snapshot);
                state.Graph.Restore(without);
                state.Snapshot = without;
            }
            var record = new TwinsPurged([.. plan.Twins.Select(PurgeScope.HashOf)]);
            var appended = _store.Append(BranchInfo.Main, [record], _main.Snapshot.Version, new WriteContext(actor), _time.GetUtcNow());
            // Not AppendAfter: the store has already erased, so the record must follow whatever else was appended; the
            // other process's events, if any, are folded by the next catch-up (the position moves only past ours).
            if (appended.FirstSequence == _position + 1) Volatile.Write(ref _position, appended.LastSequence);
            return new PurgeOutcome(plan, report, appended.LastSequence);
        }
    }

    private PurgePlan PlanLocked(IReadOnlyCollection<string> twinIds, bool cascade)
    {
        if (twinIds.Count == 0) throw new TwinLabException(ErrorCodes.InvalidArgument, "Name at least one twin to purge.");
        var states = _infos.Keys.Select(b => State(b).Snapshot).ToArray();
        foreach (var id in twinIds)
        {
            if (states.Any(s => s.Twins.ContainsKey(id)) || _store.ReadEvents(new EventFilter(TwinId: id, Limit: 1)).Count > 0) continue;
            throw new TwinLabException(ErrorCodes.DigitalTwinNotFound, $"Twin '{id}' is on no branch and in no history; nothing was purged.");
        }
        var set = new SortedSet<string>(twinIds, StringComparer.Ordinal);
        for (var grew = cascade; grew;)
        {
            grew = false;
            // A target goes only if on every branch nothing outside the set points at it.
            var targets = states.SelectMany(s => set.SelectMany(id => s.OutgoingOf(id))).Select(r => r.TargetId).Where(t => !set.Contains(t)).Distinct().ToArray();
            foreach (var target in targets)
                if (states.All(s => s.IncomingOf(target).All(r => set.Contains(r.SourceId))) && set.Add(target))
                    grew = true;
        }
        var aliases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in states)
            foreach (var id in set)
                if (s.Twins.TryGetValue(id, out var twin))
                    foreach (var (name, p) in twin.Properties)
                        if (name.EndsWith("Id", StringComparison.Ordinal) && p.Value.ValueKind == System.Text.Json.JsonValueKind.String && p.Value.GetString() is { Length: > 0 } alias)
                            aliases.Add(alias);
        return new PurgePlan([.. set], [.. aliases]);
    }
}
