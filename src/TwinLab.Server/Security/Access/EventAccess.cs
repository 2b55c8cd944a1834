using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Security;
using TwinLab.Server.Events;
using TwinLab.Server.Experiments;

namespace TwinLab.Server.Security;

/// <summary>
/// Which events a subject may receive, on <c>/events</c> and through event routes: only events about what it may read,
/// judged when the event is delivered (so a policy change applies to a stream already open, within a second).
/// </summary>
/// <remarks>
/// Twin, telemetry and drift events need READ on the twin (a deleted twin is judged by its id and last model);
/// relationship events need READ on both ends; model events READ on every model named; graph events also READ on their
/// branch; experiment progress the same right as reading the experiment (its submitter, or READ on its branch).
/// </remarks>
public sealed class EventAccess(AccessControl control, TwinService service, IServiceProvider services)
{
    /// <summary>A predicate for the events the subjects may receive, re-reading the policies as they change.</summary>
    /// <param name="subjects">The subjects (see <see cref="AccessControl.SubjectsOf"/>).</param>
    /// <param name="actor">The history actor of the subject (an experiment's submitter sees its progress).</param>
    public Func<TwinLabEvent, bool> For(IReadOnlyList<string> subjects, string? actor)
    {
        if (control.For(subjects).IsUnrestricted) return static _ => true;
        return e => Readable(control.For(subjects), actor, e);
    }

    /// <summary>Whether <paramref name="access"/> may receive <paramref name="e"/>.</summary>
    internal bool Readable(CallerAccess access, string? actor, TwinLabEvent e)
    {
        if (access.IsUnrestricted) return true;
        if (e.Type == TwinLabEventTypes.ExperimentProgress)
            return e.Subject.StartsWith("experiments/", StringComparison.Ordinal)
                && services.GetService<ExperimentQueue>()?.Find(e.Subject["experiments/".Length..])?.View() is { } job
                && ExperimentAccess.CanRead(access, actor, job, b => service.HasBranch(b) ? control.View(access, service.SnapshotOf(b)) : null);
        var branch = e.Branch ?? BranchInfo.Main;
        if (!access.OnBranch(Permissions.Read, branch).Allowed || !service.HasBranch(branch)) return false;
        var view = control.View(access, service.SnapshotOf(branch));
        if (e.Type == TwinLabEventTypes.ModelChange)
            return e.Data?["modelIds"] is JsonArray ids && ids.All(id => id?.GetValue<string>() is { } m && access.OnModel(Permissions.Read, m, view.Snapshot.Models).Allowed);
        if (e.TwinId is not { } twin) return false;
        // One decision per twin (O(rules)) rather than the view's readable set: a stream sees every snapshot version, and
        // building the set for each would cost a pass over the graph per write.
        bool Can(string id, string? model) => view.Decide(Permissions.Read, id, model).Allowed;
        if (!Can(twin, e.DataSchema)) return false;
        if (!e.Type.StartsWith("Microsoft.DigitalTwins.Relationship.", StringComparison.Ordinal)) return true;
        // The target: in the event's data, else (a property update) the relationship as it is now. Unknown: hidden.
        var target = e.Data?["$targetId"]?.GetValue<string>();
        if (target is null && e.Subject.Split("/relationships/", 2) is [var source, var rel]
            && view.Snapshot.Outgoing.TryGetValue(source, out var rels) && rels.TryGetValue(rel, out var r))
            target = r.TargetId;
        return target is not null && Can(target, null);
    }
}

/// <summary>Who may see an experiment, its progress, results and report: its submitter, and callers with READ on the
/// branch it ran on.</summary>
internal static class ExperimentAccess
{
    /// <summary>Whether <paramref name="access"/> (history actor <paramref name="actor"/>) may read <paramref name="experiment"/>:
    /// its submitter may; anyone else needs READ on its branch and on every twin of that branch (<paramref name="viewOf"/>
    /// gives the caller's view of a branch, or <c>null</c> when it is gone), because the simulator saw the whole branch
    /// and its numbers can tell about twins the caller may not read.</summary>
    public static bool CanRead(CallerAccess access, string? actor, ExperimentView experiment, Func<string, AccessView?> viewOf) =>
        access.IsUnrestricted || (actor is not null && experiment.SubmittedBy == actor)
        || (access.OnBranch(Permissions.Read, experiment.Branch).Allowed && viewOf(experiment.Branch) is { ReadsWholeSnapshot: true });
}
