using TwinLab.Health.Patients;

namespace TwinLab.Health.Pharmacology;

/// <summary>
/// The noise-free part of the twin: the effect of a regimen, or of a history of regimens day by day, on a person's mean
/// home blood pressure. Noise (day-to-day, morning/evening, measurement) is added by the simulator on top.
/// </summary>
/// <remarks>
/// Each drug's effect approaches its steady-state value exponentially: after a start or a dose change it reaches 90% on
/// the drug's <see cref="Drug.DaysToFullEffect"/>, after a stop it falls to 10% on <see cref="Drug.DaysToWashOut"/>
/// (first-order effect compartment). Drugs of one class do not stack: the class acts with its strongest drug. Classes add
/// (Law 2003: the effects of different classes are additive). The steady-state effect is Law 2003's clinic reduction for
/// the person's untreated BP (converted to clinic values) times the person's class sensitivity, times the
/// home-to-clinic ratio.
/// </remarks>
public static class BpResponse
{
    private static readonly double Ln10 = Math.Log(10);

    /// <summary>The steady-state reduction (positive mmHg, home BP) of one drug at a dose for a person.</summary>
    public static BpChange DrugEffect(Drug drug, double doseMg, PatientPhysiology person)
    {
        var clinic = HomeBp.ToClinic(person.UntreatedHome);
        var reduction = Law2003.Reduction(drug.Class, drug.RelativeDose(doseMg), clinic.Systolic, clinic.Diastolic);
        return reduction * (person.SensitivityTo(drug.Class) * HomeBp.HomeToClinicEffectRatio);
    }

    /// <summary>The steady-state reduction (positive mmHg, home BP) of a whole regimen for a person.</summary>
    public static BpChange SteadyStateEffect(Regimen regimen, PatientPhysiology person)
    {
        var total = BpChange.Zero;
        foreach (var group in regimen.Items.GroupBy(i => i.Drug.Class))
        {
            total += group.Select(i => DrugEffect(i.Drug, i.DoseMg, person)).MaxBy(e => e.Systolic);
        }
        return total;
    }

    /// <summary>The steady-state mean home BP under a regimen.</summary>
    public static BpChange SteadyStateBp(Regimen regimen, PatientPhysiology person) =>
        person.UntreatedHome - SteadyStateEffect(regimen, person);

    /// <summary>
    /// The reduction (positive mmHg, home BP) on each of <paramref name="days"/> days from <paramref name="firstDay"/> under a
    /// medication history, including the build-up and wash-out of each drug. Days before the history's first period carry
    /// no effect; the history is followed from its first period's start (or <paramref name="firstDay"/>, if earlier).
    /// </summary>
    public static BpChange[] DailyEffects(IReadOnlyList<RegimenPeriod> history, PatientPhysiology person, DateOnly firstDay, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var result = new BpChange[days];
        var start = history.Count == 0 ? firstDay : history.Min(p => p.Start);
        if (start > firstDay) start = firstDay;
        var state = new Dictionary<string, (Drug Drug, BpChange Effect)>(StringComparer.Ordinal);
        var lastDay = firstDay.AddDays(days - 1);
        for (var day = start; day <= lastDay; day = day.AddDays(1))
        {
            var targets = new Dictionary<string, BpChange>(StringComparer.Ordinal);
            foreach (var period in history)
            {
                if (!period.Covers(day)) continue;
                foreach (var item in period.Regimen.Items)
                {
                    var effect = DrugEffect(item.Drug, item.DoseMg, person);
                    targets[item.Drug.Name] = targets.TryGetValue(item.Drug.Name, out var other) && other.Systolic > effect.Systolic ? other : effect;
                    if (!state.ContainsKey(item.Drug.Name)) state[item.Drug.Name] = (item.Drug, BpChange.Zero);
                }
            }
            foreach (var name in state.Keys.ToArray())
            {
                var (drug, current) = state[name];
                var target = targets.GetValueOrDefault(name);
                state[name] = (drug, Step(current, target, drug));
            }
            if (day >= firstDay) result[day.DayNumber - firstDay.DayNumber] = Combine(state.Values);
        }
        return result;
    }

    /// <summary>One day of first-order approach of an effect to its target.</summary>
    internal static BpChange Step(BpChange current, BpChange target, Drug drug)
    {
        var days = target.Systolic >= current.Systolic ? drug.DaysToFullEffect : drug.DaysToWashOut;
        var keep = Math.Exp(-Ln10 / days);
        return target + (current - target) * keep;
    }

    private static BpChange Combine(IEnumerable<(Drug Drug, BpChange Effect)> drugs)
    {
        var total = BpChange.Zero;
        foreach (var group in drugs.GroupBy(d => d.Drug.Class))
        {
            total += group.Select(d => d.Effect).MaxBy(e => e.Systolic);
        }
        return total;
    }
}
