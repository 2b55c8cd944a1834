using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Server.Domains;

/// <summary>
/// The daily trajectory of a prediction with both an 80% and a 95% band. <see cref="BpPrediction.Trajectory"/> carries the
/// median and the 80% band only; the dashboard also shows the 95% band, so the same posterior people the predictor draws
/// are followed day by day here.
/// </summary>
/// <remarks>
/// The people are <see cref="PhysiologyPosterior.Sample"/> with the predictor's stream (<c>FromSeed(seed).Split(0)</c>) and
/// count, and each person's daily reduction is that of <see cref="BpResponse.DailyEffects"/> over their medication before
/// the start followed by the regimen (computed per class and scaled, see below). So the median and 80% band here equal
/// the predictor's (the server tests check it), and the 95% band is the 2.5th–97.5th percentile of the same people. Like the
/// predictor's trajectory band it covers the posterior only (no day-to-day noise). The glue could move into
/// TwinLab.Health as a 95% range on <see cref="PredictedRange"/>.
/// </remarks>
internal static class HealthBands
{
    /// <summary>Median, 80% and 95% bands per day of <paramref name="prediction"/>'s trajectory.</summary>
    /// <param name="patient">The person (their medication before the start).</param>
    /// <param name="posterior">The posterior the prediction drew from.</param>
    /// <param name="prediction">The prediction: regimen, start day, days, samples and seed are taken from it.</param>
    public static TrajectoryBands Of(PatientProfile patient, PhysiologyPosterior posterior, BpPrediction prediction)
    {
        var days = prediction.Trajectory.Count;
        var count = prediction.Samples;
        var start = prediction.StartDay;
        var people = posterior.Sample(RandomStream.FromSeed(prediction.Seed).Split(0), count);
        RegimenPeriod[] history =
        [
            .. patient.Medication.Where(p => p.Start < start).Select(p => p.End is { } end && end <= start ? p : p with { End = start }),
            new RegimenPeriod(prediction.Regimen, start, null, "candidate regimen"),
        ];
        // Each class's course is computed once for a reference person and scaled per person by their sensitivity and
        // pretreatment factor (Law2003.PretreatmentFactor: the same for every class and dose), as the predictor does:
        // same-class drugs combine by the largest systolic effect and build up or wash out by the sign of the change, both
        // unchanged by a positive scale, so this equals BpResponse.DailyEffects person by person.
        var classes = DrugClassNames.All;
        var reference = new PatientPhysiology(posterior.MeanPhysiology.UntreatedHome, [.. classes.Select(_ => 1.0)]);
        var referenceFactor = Factor(reference.UntreatedHome);
        var courses = classes.Select(c => BpResponse.DailyEffects(
            [.. history.Select(p => p with { Regimen = new Regimen(p.Regimen.Items.Where(i => i.Drug.Class == c)) })], reference, start, days)).ToArray();
        var sys = new double[days][];
        var dia = new double[days][];
        for (var t = 0; t < days; t++) { sys[t] = new double[count]; dia[t] = new double[count]; }
        for (var s = 0; s < count; s++)
        {
            var person = people[s];
            var factor = Factor(person.UntreatedHome);
            for (var t = 0; t < days; t++) { sys[t][s] = person.UntreatedHome.Systolic; dia[t][s] = person.UntreatedHome.Diastolic; }
            for (var c = 0; c < classes.Count; c++)
            {
                var ks = person.Sensitivity[c] * factor.Systolic / referenceFactor.Systolic;
                var kd = person.Sensitivity[c] * factor.Diastolic / referenceFactor.Diastolic;
                var course = courses[c];
                for (var t = 0; t < days; t++)
                {
                    sys[t][s] -= ks * course[t].Systolic;
                    dia[t][s] -= kd * course[t].Diastolic;
                }
            }
        }
        return new TrajectoryBands(
            [.. Enumerable.Range(0, days).Select(t => start.AddDays(t))],
            Band(sys), Band(dia));
    }

    private static BpChange Factor(BpChange untreatedHome)
    {
        var clinic = HomeBp.ToClinic(untreatedHome);
        return Law2003.PretreatmentFactor(clinic.Systolic, clinic.Diastolic);
    }

    private static BandSeries Band(double[][] perDay)
    {
        var n = perDay.Length;
        var median = new double[n];
        var lo80 = new double[n];
        var hi80 = new double[n];
        var lo95 = new double[n];
        var hi95 = new double[n];
        for (var t = 0; t < n; t++)
        {
            var sorted = perDay[t];
            Array.Sort(sorted);
            median[t] = Summaries.Percentile(sorted, 0.5);
            lo80[t] = Summaries.Percentile(sorted, 0.1);
            hi80[t] = Summaries.Percentile(sorted, 0.9);
            lo95[t] = Summaries.Percentile(sorted, 0.025);
            hi95[t] = Summaries.Percentile(sorted, 0.975);
        }
        return new BandSeries(median, lo80, hi80, lo95, hi95);
    }
}

/// <summary>A predicted trajectory with its bands, day by day.</summary>
/// <param name="Days">The days, from the start.</param>
/// <param name="Systolic">Mean home systolic BP, mmHg.</param>
/// <param name="Diastolic">Mean home diastolic BP, mmHg.</param>
internal sealed record TrajectoryBands(DateOnly[] Days, BandSeries Systolic, BandSeries Diastolic);

/// <summary>One quantity's median and bands per day (mmHg).</summary>
/// <param name="Median">50th percentile.</param>
/// <param name="Low80">10th percentile.</param>
/// <param name="High80">90th percentile.</param>
/// <param name="Low95">2.5th percentile.</param>
/// <param name="High95">97.5th percentile.</param>
internal sealed record BandSeries(double[] Median, double[] Low80, double[] High80, double[] Low95, double[] High95);
