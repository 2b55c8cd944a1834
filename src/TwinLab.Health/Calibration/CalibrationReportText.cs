using System.Globalization;
using System.Text;

namespace TwinLab.Health.Calibration;

/// <summary>Writes a <see cref="CalibrationResult"/> as a short plain-text report for a clinician.</summary>
internal static class CalibrationReportText
{
    public static string Write(CalibrationResult r)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"Twin calibration for {r.PatientId}");
        s.AppendLine(CalibrationResult.Disclaimer);
        s.AppendLine(inv, $"Evidence: {r.Evidence}.");
        if (r.FromPopulationOnly)
            s.AppendLine("Sensitivities: POPULATION PRIORS (Law 2003) — the person's response to treatment has not been seen.");
        s.AppendLine(inv, $"Untreated home BP (average of morning and evening): {r.Untreated}");
        s.AppendLine("Response to each class (1.00 = the population's average for this BP):");
        foreach (var c in r.Classes)
        {
            var e = c.StandardDoseEffect;
            var basis = c.Basis == SensitivityBasis.Data ? $"from {c.DaysOfEvidence} days on it"
                : c.DaysOfEvidence > 0 ? $"prior ({c.DaysOfEvidence} days on it, not separable)" : "prior (never taken)";
            s.AppendLine(inv,
                $"  {c.ClassName,-14} {c.Mean,5:0.00} ± {c.Sd:0.00} (80%: {c.Lower80:0.00}–{c.Upper80:0.00})  standard dose lowers home BP {e.Mean.Systolic:0}/{e.Mean.Diastolic:0} mmHg (80%: {e.Lower80.Systolic:0}–{e.Upper80.Systolic:0} / {e.Lower80.Diastolic:0}–{e.Upper80.Diastolic:0})  {basis}");
        }
        var n = r.Noise;
        if (n.ResidualSd.Systolic > 0)
        {
            var used = n.FromOwnReadings ? "the person's own noise level was used" : "the standard noise model was used";
            var drift = n.DriftSd is { } d ? string.Create(inv, $"; a slow drift of about {d.Systolic:0}/{d.Diastolic:0} mmHg was modelled.")
                : n.VarianceInflation > 1 ? string.Create(inv, $", widened {Math.Sqrt(n.VarianceInflation):0.0}-fold for slow drift.") : ".";
            s.AppendLine(inv, $"Readings scatter {n.ResidualSd} mmHg around the fitted twin (home-BP studies: {n.ModelSd}); {used}{drift}");
        }
        if (r.ClinicReadingsExcluded > 0) s.AppendLine(inv, $"Clinic readings left out: {r.ClinicReadingsExcluded}.");
        if (r.Warnings.Count > 0)
        {
            s.AppendLine("Warnings:");
            foreach (var w in r.Warnings) s.AppendLine(inv, $"  - {w.Message}");
        }
        return s.ToString();
    }
}
