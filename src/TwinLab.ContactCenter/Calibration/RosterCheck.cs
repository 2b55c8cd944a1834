using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Cross-checks the roster's skills against the queues of the log.</summary>
internal static class RosterCheck
{
    public static void Add(Roster roster, IReadOnlyList<QueueCalibration> queues, List<CalibrationWarning> warnings)
    {
        var skills = roster.Agents.SelectMany(a => a.Skills).Select(s => s.Queue).ToHashSet(StringComparer.Ordinal);
        var logged = queues.Select(q => q.Queue).ToHashSet(StringComparer.Ordinal);
        foreach (var queue in logged.Where(q => !skills.Contains(q)).Order(StringComparer.Ordinal))
            warnings.Add(new CalibrationWarning("roster", $"no agent has the skill '{queue}': its contacts will never be answered in a simulation"));
        foreach (var skill in skills.Where(s => !logged.Contains(s)).Order(StringComparer.Ordinal))
            warnings.Add(new CalibrationWarning("roster", $"skill '{skill}' has no contacts in the log: no queue is modelled for it"));
    }
}
