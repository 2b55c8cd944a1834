using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Trials;

/// <summary>
/// The effect of a regimen after some days of treatment for a reference person, class by class, scaled to any person
/// without re-running <see cref="BpResponse.DailyEffects"/> for each: what lets a virtual trial treat a million people fast.
/// </summary>
/// <remarks>
/// Exact, not an approximation: in <see cref="BpResponse"/> a drug's effect for a person is the Law 2003 reduction at the
/// drug's dose times a factor that depends only on the person's pretreatment clinic systolic (and one on diastolic), times
/// their class sensitivity; build-up and wash-out are linear in the effect, and the choice between drugs of one class
/// compares effects scaled by the same factor. So each class's trajectory for a person is the reference person's times
/// (systolic factor × sensitivity, diastolic factor × sensitivity). The reference person has sensitivity 1 and the trials'
/// pretreatment clinic BP of 154/97 (Law 2003); the tests check the scaling against <see cref="BpResponse.DailyEffects"/>.
/// </remarks>
internal sealed class ScaledResponse
{
    private static readonly PatientPhysiology Reference = PatientPhysiology.Average(
        HomeBp.ToHome(new BpChange(Law2003.TrialPretreatmentSystolic, Law2003.TrialPretreatmentDiastolic)));

    private static readonly BpChange ReferenceClinic = HomeBp.ToClinic(Reference.UntreatedHome);

    private static readonly BpChange ReferenceFactor = Law2003.PretreatmentFactor(ReferenceClinic.Systolic, ReferenceClinic.Diastolic);

    private readonly BpChange[] _unit;

    private ScaledResponse(BpChange[] unit) => _unit = unit;

    /// <summary>The regimen's effect for the reference person on day <paramref name="days"/> − 1 of treatment (after
    /// <paramref name="days"/> daily steps), by class.</summary>
    public static ScaledResponse After(Regimen regimen, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var unit = new BpChange[DrugClassNames.All.Count];
        var start = new DateOnly(2000, 1, 1);
        foreach (var drugClass in regimen.Classes)
        {
            var ofClass = new Regimen(regimen.Items.Where(i => i.Drug.Class == drugClass));
            var history = new[] { new RegimenPeriod(ofClass, start, null, "virtual trial") };
            unit[(int)drugClass] = BpResponse.DailyEffects(history, Reference, start, days)[days - 1];
        }
        return new ScaledResponse(unit);
    }

    /// <summary>The home-BP effect (positive mmHg) for a person.</summary>
    public BpChange HomeEffect(PatientPhysiology person)
    {
        var clinic = HomeBp.ToClinic(person.UntreatedHome);
        var factor = Law2003.PretreatmentFactor(clinic.Systolic, clinic.Diastolic);
        double sys = 0, dia = 0;
        for (var c = 0; c < _unit.Length; c++)
        {
            if (_unit[c] == BpChange.Zero) continue;
            var s = person.Sensitivity[c];
            sys += _unit[c].Systolic * s;
            dia += _unit[c].Diastolic * s;
        }
        return new BpChange(sys * factor.Systolic / ReferenceFactor.Systolic, dia * factor.Diastolic / ReferenceFactor.Diastolic);
    }
}
