using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

/// <summary>What a merge applied to the parent.</summary>
/// <param name="Branch">The branch merged.</param>
/// <param name="Parent">The branch it was merged into.</param>
/// <param name="Twins">Twins created, updated or deleted on the parent.</param>
/// <param name="Relationships">Relationships added, updated or deleted on the parent.</param>
/// <param name="TelemetryPoints">Telemetry points copied to the parent.</param>
/// <param name="FirstSequence">The first event the merge appended to the parent.</param>
/// <param name="LastSequence">The last event the merge appended.</param>
public sealed record MergeOutcome(string Branch, string Parent, int Twins, int Relationships, int TelemetryPoints, long FirstSequence, long LastSequence);

public sealed partial class TwinService
{
    /// <summary>Forks a branch from <paramref name="from"/> (its current state, or its state at a sequence number).</summary>
    /// <exception cref="TwinLabException">Invalid or taken name, unknown parent, or a sequence number beyond the log.</exception>
    public BranchInfo CreateBranch(string name, string from = BranchInfo.Main, long? atSequence = null)
    {
        BranchNames.Validate(name);
        lock (_writeGate)
        {
            CatchUpLocked();
            if (_infos.ContainsKey(name)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{name}' already exists.");
            var parent = State(from);
            var last = _position;
            if (atSequence is { } at && (at < 0 || at > last))
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"--at {at} is outside the log (0 to {last}).");
            if (atSequence is { } s && parent.Info.Parent is not null && s < parent.Info.ForkSequence)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"--at {s} is before branch '{from}' was forked (at {parent.Info.ForkSequence}).");
            var fork = atSequence ?? last;
            // Forking the current state shares the parent's snapshot as is: O(1), whatever the graph's size.
            var start = fork == last ? parent.Snapshot : StateAt(from, fork);
            var info = new BranchInfo(name, from, fork, _time.GetUtcNow());
            _store.SaveBranch(info);
            _infos[name] = info;
            _branches[name] = new BranchState(info, start, _time) { LastSnapshotSequence = fork };
            return info;
        }
    }

    /// <summary>Deletes a branch, its events, telemetry and snapshots. Main and branches with children cannot be discarded.</summary>
    public void DiscardBranch(string name)
    {
        lock (_writeGate)
        {
            if (name == BranchInfo.Main) throw new TwinLabException(ErrorCodes.InvalidArgument, "The live twin's branch 'main' cannot be discarded.");
            CatchUpLocked();
            if (!_infos.ContainsKey(name)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{name}' not found; see 'twinlab branch list'.");
            var children = _infos.Values.Where(b => b.Parent == name).Select(b => b.Name).ToArray();
            if (children.Length > 0)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{name}' has branches of its own ({string.Join(", ", children)}); discard them first.");
            _store.DeleteBranch(name);
            _infos.Remove(name);
            _branches.Remove(name);
        }
    }

    /// <summary>What differs between a branch and its parent now: twins, properties, relationships and telemetry.</summary>
    public BranchDiff Diff(string name)
    {
        BranchInfo info;
        GraphSnapshot branch, parent;
        lock (_writeGate)
        {
            var state = State(name);
            info = state.Info;
            if (info.Parent is null) throw new TwinLabException(ErrorCodes.InvalidArgument, "'main' has no parent to compare with.");
            branch = state.Snapshot;
            parent = State(info.Parent).Snapshot;
        }
        var (twins, rels) = BranchDiff.Compare(branch, parent);
        var telemetry = TelemetrySinceFork(info, info.Name).Concat(TelemetrySinceFork(info, info.Parent!))
            .GroupBy(t => (t.TwinId, t.Name))
            .Select(g => new TelemetryDifference(g.Key.TwinId, g.Key.Name, g.Sum(x => x.BranchPoints), g.Sum(x => x.ParentPoints)))
            .OrderBy(t => t.TwinId, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray();
        return new BranchDiff(info.Name, info.Parent!, info.ForkSequence, twins, rels, telemetry);
    }

    /// <summary>Telemetry counts written on <paramref name="side"/> after the fork of <paramref name="info"/>.</summary>
    private IEnumerable<TelemetryDifference> TelemetrySinceFork(BranchInfo info, string side)
    {
        var isBranch = side == info.Name;
        return TelemetryOf(side, info.ForkSequence)
            .GroupBy(p => (p.TwinId, p.Name))
            .Select(g => new TelemetryDifference(g.Key.TwinId, g.Key.Name, isBranch ? g.Count() : 0, isBranch ? 0 : g.Count()));
    }

    /// <summary>
    /// Applies a branch's changes since its fork to its parent as new events, after a three-way check against the fork:
    /// if both sides changed the same property (or one deleted what the other changed), nothing is applied and the
    /// conflicts are listed.
    /// </summary>
    /// <exception cref="MergeConflictException">Both sides changed the same thing since the fork.</exception>
    public MergeOutcome Merge(string name, WriteContext? context = null)
    {
        lock (_writeGate)
        {
            CatchUpLocked();
            var state = State(name);
            var info = _infos[name];
            if (info.Parent is null) throw new TwinLabException(ErrorCodes.InvalidArgument, "'main' has no parent to merge into.");
            // Three-way: each side against its state at the fork, or at the last merge once there has been one.
            var branchBase = info.LastMerge is { } m ? StateAt(name, m.BranchSequence) : StateAt(info.Parent, info.ForkSequence);
            var parentBase = info.LastMerge is { } pm ? StateAt(info.Parent, pm.ParentSequence) : branchBase;
            var branchSince = info.LastMerge?.BranchSequence ?? info.ForkSequence;
            var branchNow = state.Snapshot;
            var parentNow = State(info.Parent).Snapshot;
            var (branchTwins, branchRels) = BranchDiff.Compare(branchNow, branchBase);
            var (parentTwins, parentRels) = BranchDiff.Compare(parentNow, parentBase);
            var conflicts = Conflicts(branchTwins, parentTwins, branchRels, parentRels, branchNow, parentNow);
            if (conflicts.Count > 0) throw new MergeConflictException(name, info.Parent, conflicts);

            var branchLast = branchNow.Version;
            var modelEvents = _store.ReadEvents(new EventFilter(name, AfterSequence: branchSince, Types: EventFilter.ModelTypes));
            var telemetry = TelemetryOf(name, branchSince);
            var outcome = Write(info.Parent, context ?? new WriteContext("merge:" + name), g =>
            {
                ApplyModels(g, modelEvents);
                var twins = 0;
                var rels = 0;
                foreach (var d in branchTwins.Where(d => d.Kind != DiffKind.OnlyInParent))
                    twins += ApplyTwin(g, d, branchNow.Twins[d.TwinId]) ? 1 : 0;
                foreach (var d in branchRels.Where(d => d.Kind == DiffKind.OnlyInParent))
                {
                    if (g.FindRelationship(d.SourceId, d.RelationshipId) is null) continue;
                    g.DeleteRelationship(d.SourceId, d.RelationshipId);
                    rels++;
                }
                foreach (var d in branchRels.Where(d => d.Kind != DiffKind.OnlyInParent))
                {
                    var existing = g.FindRelationship(d.SourceId, d.RelationshipId);
                    if (existing is not null && BranchDiff.SameRelationship(d.Branch!, existing)) continue;
                    g.CreateOrReplaceRelationship(d.SourceId, d.RelationshipId, JsonDocument.Parse(TwinJson.ToJson(d.Branch!)).RootElement);
                    rels++;
                }
                foreach (var d in branchTwins.Where(d => d.Kind == DiffKind.OnlyInParent))
                {
                    if (g.FindTwin(d.TwinId) is null) continue;
                    g.DeleteTwin(d.TwinId);
                    twins++;
                }
                foreach (var p in telemetry)
                {
                    using var message = JsonDocument.Parse($"{{{JsonSerializer.Serialize(p.Name)}:{p.Value.GetRawText()}}}");
                    g.AppendTelemetry(p.TwinId, p.Component, message.RootElement, p.Timestamp);
                }
                return (twins, rels);
            });
            var merged = info with { LastMerge = new MergePoint(Math.Max(outcome.LastSequence, parentNow.Version), branchLast) };
            _store.SaveBranch(merged);
            _infos[name] = merged;
            return new MergeOutcome(name, info.Parent, outcome.Value.twins, outcome.Value.rels, telemetry.Count, outcome.FirstSequence, outcome.LastSequence);
        }
    }

    /// <summary>The telemetry points a branch itself appended after sequence number <paramref name="after"/>.</summary>
    private List<TelemetryPoint> TelemetryOf(string branch, long after)
    {
        var events = _store.ReadEvents(new EventFilter(branch, AfterSequence: after, Types: [nameof(TelemetryAppended)]));
        var twins = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            using var payload = JsonDocument.Parse(e.Payload);
            foreach (var t in payload.RootElement.GetProperty("twins").EnumerateArray()) twins.Add(t.GetString()!);
        }
        return twins.SelectMany(t => _store.ReadTelemetry([new TelemetrySource(branch, long.MaxValue, after)], t, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).ToList();
    }

    private static void ApplyModels(TwinGraph g, IReadOnlyList<StoredEvent> modelEvents)
    {
        var replay = new TwinGraphReplayer(GraphSnapshot.Empty with { Models = g.Models });
        foreach (var e in modelEvents)
        {
            var change = GraphChangeJson.Deserialize(e.Type, e.Payload, replay.Models, e.Timestamp);
            switch (change)
            {
                case ModelsImported m when m.Models.Any(x => !g.Models.Contains(x.Interface.Id)):
                    g.ImportModels(m.Sources);
                    break;
                case ModelDeleted d when g.Models.Contains(d.ModelId):
                    g.DeleteModel(d.ModelId);
                    break;
                case ModelDecommissioned d when g.Models.Contains(d.ModelId):
                    g.DecommissionModel(d.ModelId, d.Decommissioned);
                    break;
            }
            replay.Apply(change);
        }
    }

    /// <summary>Brings the parent's twin to the branch's version, touching only the properties the branch changed.</summary>
    private static bool ApplyTwin(TwinGraph g, TwinDifference d, Twin branchTwin)
    {
        var current = g.FindTwin(d.TwinId);
        if (current is null)
        {
            g.CreateOrReplaceTwin(d.TwinId, JsonDocument.Parse(TwinJson.ToJson(branchTwin)).RootElement);
            return true;
        }
        var ops = new List<JsonPatchOperation>();
        if (current.ModelId != branchTwin.ModelId)
            ops.Add(JsonPatchOperation.Replace("/$metadata/$model", JsonSerializer.SerializeToElement(branchTwin.ModelId)));
        var currentValues = BranchDiff.Properties(current, null).ToDictionary(p => p.Path, p => p.BranchValue, StringComparer.Ordinal);
        foreach (var p in d.Properties)
        {
            var now = currentValues.GetValueOrDefault(p.Path);
            if (BranchDiff.SameValue(now, p.BranchValue)) continue;
            var pointer = "/" + p.Path;
            ops.Add(p.BranchValue is { } v ? JsonPatchOperation.Add(pointer, v) : JsonPatchOperation.Remove(pointer));
        }
        if (ops.Count == 0) return false;
        g.UpdateTwin(d.TwinId, ops);
        return true;
    }

    private static List<MergeConflict> Conflicts(IReadOnlyList<TwinDifference> branchTwins, IReadOnlyList<TwinDifference> parentTwins,
        IReadOnlyList<RelationshipDifference> branchRels, IReadOnlyList<RelationshipDifference> parentRels, GraphSnapshot branchNow, GraphSnapshot parentNow)
    {
        var conflicts = new List<MergeConflict>();
        var parentByTwin = parentTwins.ToDictionary(t => t.TwinId, StringComparer.Ordinal);
        foreach (var b in branchTwins)
        {
            if (!parentByTwin.TryGetValue(b.TwinId, out var p)) continue;
            switch (b.Kind, p.Kind)
            {
                case (DiffKind.OnlyInParent, DiffKind.Changed):
                    conflicts.Add(new MergeConflict(b.TwinId, "", "deleted on the branch, changed on the parent"));
                    break;
                case (DiffKind.Changed, DiffKind.OnlyInParent):
                    conflicts.Add(new MergeConflict(b.TwinId, "", "changed on the branch, deleted on the parent"));
                    break;
                case (DiffKind.OnlyInBranch, DiffKind.OnlyInBranch):
                    if (BranchDiff.Properties(branchNow.Twins[b.TwinId], parentNow.Twins[b.TwinId]).Count > 0 || b.BranchModel != p.BranchModel)
                        conflicts.Add(new MergeConflict(b.TwinId, "", "created on both sides with different content"));
                    break;
                case (DiffKind.Changed, DiffKind.Changed):
                    if (b.BranchModel != b.ParentModel && p.BranchModel != p.ParentModel && b.BranchModel != p.BranchModel)
                        conflicts.Add(new MergeConflict(b.TwinId, "$metadata/$model", $"'{b.BranchModel}' on the branch, '{p.BranchModel}' on the parent"));
                    var parentProps = p.Properties.ToDictionary(x => x.Path, StringComparer.Ordinal);
                    foreach (var bp in b.Properties)
                        if (parentProps.TryGetValue(bp.Path, out var pp) && !BranchDiff.SameValue(bp.BranchValue, pp.BranchValue))
                            conflicts.Add(new MergeConflict(b.TwinId, bp.Path,
                                $"{Show(bp.BranchValue)} on the branch, {Show(pp.BranchValue)} on the parent (was {Show(bp.ParentValue)})"));
                    break;
            }
        }
        var parentByRel = parentRels.ToDictionary(r => (r.SourceId, r.RelationshipId));
        foreach (var b in branchRels)
        {
            if (!parentByRel.TryGetValue((b.SourceId, b.RelationshipId), out var p)) continue;
            var entity = $"{b.SourceId}/{b.RelationshipId}";
            var same = b.Branch is not null && p.Branch is not null && BranchDiff.SameRelationship(b.Branch, p.Branch);
            if (b.Kind == DiffKind.OnlyInParent && p.Kind == DiffKind.OnlyInParent) continue;
            if (!same) conflicts.Add(new MergeConflict(entity, "", $"{Verb(b.Kind)} on the branch, {Verb(p.Kind)} on the parent"));
        }
        // A relationship the branch adds or changes needs both ends on the parent after the merge.
        var deletedOnParent = parentTwins.Where(t => t.Kind == DiffKind.OnlyInParent).Select(t => t.TwinId).ToHashSet(StringComparer.Ordinal);
        foreach (var b in branchRels.Where(r => r.Kind != DiffKind.OnlyInParent))
            foreach (var end in new[] { b.Branch!.SourceId, b.Branch.TargetId })
                if (deletedOnParent.Contains(end) && !parentNow.Twins.ContainsKey(end))
                    conflicts.Add(new MergeConflict($"{b.SourceId}/{b.RelationshipId}", "",
                        $"{Verb(b.Kind)} on the branch, but its {(end == b.Branch.SourceId ? "source" : "target")} twin '{end}' was deleted on the parent"));
        return conflicts;

        static string Show(JsonElement? v) => v is { } x ? x.GetRawText() : "unset";
        static string Verb(DiffKind k) => k switch { DiffKind.OnlyInBranch => "added", DiffKind.OnlyInParent => "deleted", _ => "changed" };
    }
}
