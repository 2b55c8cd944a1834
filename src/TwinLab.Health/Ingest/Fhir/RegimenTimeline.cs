using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>
/// Builds a person's regimen history from medication uses: every day where the set of (drug, daily dose) changes starts
/// a new <see cref="RegimenPeriod"/>.
/// </summary>
/// <remarks>
/// On each day, each drug is taken at the dose of the use that started last among those covering the day (ties: the
/// one read last). So overlapping uses of the same dose merge; a later use of the same drug at another dose replaces the
/// earlier one from its start; and when that later use ends while the earlier one still runs, the earlier dose resumes.
/// Gaps between treated spans are periods of <see cref="Regimen.None"/>; when everything has stopped, the history ends
/// with an open <see cref="Regimen.None"/> period (nothing is taken now). Before the first use nothing is claimed.
/// </remarks>
internal static class RegimenTimeline
{
    /// <summary>The periods, oldest first; empty for no uses.</summary>
    public static List<RegimenPeriod> Build(IReadOnlyList<MedicationUse> uses)
    {
        var periods = new List<RegimenPeriod>();
        if (uses.Count == 0) return periods;
        var points = uses.Select(u => u.Start).Concat(uses.Where(u => u.End is not null).Select(u => u.End!.Value)).Distinct().Order().ToList();
        Regimen? current = null;
        DateOnly currentStart = default;
        var sources = new List<string>();
        for (var k = 0; k < points.Count; k++)
        {
            var day = points[k];
            var covering = uses.Where(u => u.Start <= day && (u.End is null || u.End > day)).ToList();
            var chosen = covering.GroupBy(u => u.Drug.Name, StringComparer.Ordinal)
                .Select(g => g.OrderBy(u => u.Start).ThenBy(u => u.Order).Last()).ToList();
            var regimen = new Regimen(chosen.Select(u => new RegimenItem(u.Drug, u.DoseMg)));
            if (current is not null && current.Equals(regimen))
            {
                sources.AddRange(chosen.Select(u => u.Source));
                continue;
            }
            if (current is not null) periods.Add(new RegimenPeriod(current, currentStart, day, current.IsEmpty ? "no medication recorded" : Join(sources)));
            current = regimen;
            currentStart = day;
            sources = [.. chosen.Select(u => u.Source)];
        }
        if (current is not null) periods.Add(new RegimenPeriod(current, currentStart, null, current.IsEmpty ? "no medication after the last one stopped" : Join(sources)));
        return periods;
    }

    private static string Join(List<string> sources) => string.Join("; ", sources.Distinct(StringComparer.Ordinal));
}
