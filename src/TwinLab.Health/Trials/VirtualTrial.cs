using MathNet.Numerics.Distributions;
using TwinLab.Core.Errors;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Simulation;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Trials;

/// <summary>
/// A randomised, placebo-controlled trial run on the twin's population model: the check that the twin reproduces the
/// published trial evidence (Law MR et al., BMJ 2003;326:1427), and a way to compare any regimens on many people.
/// </summary>
/// <remarks>
/// <para>Each arm gets its own <c>perArm</c> people drawn from <see cref="VirtualTrialOptions.Population"/>. Clinic BP is
/// measured at baseline (untreated) and after <c>weeks</c> weeks of treatment (<see cref="HomeBpSimulator.MeasureClinic"/>:
/// the mean of two readings with visit-to-visit and measurement noise). The final visit sees the clinic drug effect —
/// the twin's home effect ÷ <see cref="HomeBp.HomeToClinicEffectRatio"/>, i.e. Law 2003's reduction at the person's
/// pretreatment BP × their sensitivity, with its build-up — and the same placebo response in every arm.</para>
/// <para>Reported per arm: the mean change with a t interval, and the placebo-adjusted reduction (placebo arm's mean
/// change − the arm's) with a Welch interval (Welch BL, Biometrika 1947; Satterthwaite degrees of freedom).</para>
/// <para>Person <c>i</c> of arm <c>a</c> draws everything from <c>RandomStream.For(seed, a, i)</c>, and sums are taken in a
/// fixed order after the parallel part, so the result does not depend on the number of threads.</para>
/// </remarks>
public static class VirtualTrial
{
    /// <summary>Weeks between the baseline and final visits when not told otherwise (a typical trial length).</summary>
    public const int DefaultWeeks = 8;

    /// <summary>Runs the trial.</summary>
    /// <param name="arms">The regimens compared; include <see cref="Regimen.None"/> for placebo-adjusted results.</param>
    /// <param name="perArm">People randomised to each arm (at least 2).</param>
    /// <param name="weeks">Weeks of treatment (1 to 520).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="options">The design; <see cref="VirtualTrialOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="TwinLabException">No arms, too few people, weeks out of range or an unusable option.</exception>
    public static TrialResult Run(
        IReadOnlyList<Regimen> arms, int perArm, int weeks = DefaultWeeks, ulong seed = 1, VirtualTrialOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arms);
        options ??= VirtualTrialOptions.Default;
        Validate(arms, perArm, weeks, options);

        var days = weeks * 7;
        var responses = arms.Select(a => ScaledResponse.After(a, days)).ToArray();
        var sampler = options.Population.CreateSampler();
        var total = (long)arms.Count * perArm;
        var baseline = new BpChange[total];
        var change = new BpChange[total];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0L, total, parallel, k =>
        {
            var arm = (int)(k / perArm);
            var i = (int)(k % perArm);
            var random = RandomStream.For(seed, arm, i);
            var person = sampler.Sample(random);
            var before = HomeBpSimulator.MeasureClinic(HomeBp.ToClinic(person.UntreatedHome), options.Noise, random, options.ReadingsPerVisit);
            var trueAfter = HomeBpSimulator.ClinicMean(person, responses[arm].HomeEffect(person)) - options.PlaceboResponse;
            var after = HomeBpSimulator.MeasureClinic(trueAfter, options.Noise, random, options.ReadingsPerVisit);
            baseline[k] = before;
            change[k] = after - before;
        });

        var stats = new ArmStats[arms.Count];
        for (var a = 0; a < arms.Count; a++) stats[a] = ArmStats.Of(baseline.AsSpan(a * perArm, perArm), change.AsSpan(a * perArm, perArm));
        int? placebo = null;
        for (var a = 0; a < arms.Count && placebo is null; a++) if (arms[a].IsEmpty) placebo = a;

        var results = new TrialArm[arms.Count];
        for (var a = 0; a < arms.Count; a++)
        {
            var s = stats[a];
            MeanEstimate? sysReduction = null, diaReduction = null;
            if (placebo is { } p && p != a)
            {
                sysReduction = Welch(stats[p].ChangeMean.Systolic, stats[p].ChangeVariance.Systolic, s.ChangeMean.Systolic, s.ChangeVariance.Systolic, perArm, options.Confidence);
                diaReduction = Welch(stats[p].ChangeMean.Diastolic, stats[p].ChangeVariance.Diastolic, s.ChangeMean.Diastolic, s.ChangeVariance.Diastolic, perArm, options.Confidence);
            }
            results[a] = new TrialArm(a, arms[a], perArm, s.BaselineMean,
                OneSample(s.ChangeMean.Systolic, s.ChangeVariance.Systolic, perArm, options.Confidence),
                OneSample(s.ChangeMean.Diastolic, s.ChangeVariance.Diastolic, perArm, options.Confidence),
                sysReduction, diaReduction, PublishedReduction(arms[a]));
        }
        return new TrialResult(results, placebo, perArm, weeks, seed, options);
    }

    /// <summary>
    /// Law 2003's placebo-adjusted reduction (clinic mmHg, at pretreatment 154/97) for a regimen of one drug at half,
    /// standard or twice standard dose; null for any other regimen.
    /// </summary>
    public static BpChange? PublishedReduction(Regimen regimen)
    {
        if (regimen.Items.Count != 1) return null;
        var item = regimen.Items[0];
        foreach (var level in Enum.GetValues<DoseLevel>())
            if (Math.Abs(item.RelativeDose - level.Multiplier()) < 1e-9) return Law2003.TableReduction(item.Drug.Class, level);
        return null;
    }

    private static void Validate(IReadOnlyList<Regimen> arms, int perArm, int weeks, VirtualTrialOptions options)
    {
        static void Fail(string why) => throw new TwinLabException(ErrorCodes.InvalidArgument, $"Virtual trial: {why}.");
        if (arms.Count == 0) Fail("give at least one arm");
        for (var a = 0; a < arms.Count; a++) if (arms[a] is null) Fail($"arm {a + 1} has no regimen");
        if (perArm < 2) Fail($"each arm needs at least 2 people, not {perArm}");
        if ((long)arms.Count * perArm > 100_000_000) Fail($"{arms.Count} arms × {perArm} people is more than 100 million people");
        if (weeks is < 1 or > 520) Fail($"weeks must be 1 to 520, not {weeks}");
        if (options.ReadingsPerVisit < 1) Fail($"readings per visit must be at least 1, not {options.ReadingsPerVisit}");
        if (options.MaxThreads is < 1) Fail($"max threads must be at least 1, not {options.MaxThreads}");
        if (!(options.Confidence > 0 && options.Confidence < 1)) Fail($"the confidence level {options.Confidence} is not between 0 and 1");
        if (!double.IsFinite(options.PlaceboResponse.Systolic) || !double.IsFinite(options.PlaceboResponse.Diastolic))
            Fail($"the placebo response {options.PlaceboResponse} is not finite");
    }

    private static MeanEstimate OneSample(double mean, double variance, int n, double confidence)
    {
        var se = Math.Sqrt(variance / n);
        var t = StudentT.InvCDF(0, 1, n - 1, 0.5 + confidence / 2);
        return new MeanEstimate(mean, se, mean - t * se, mean + t * se);
    }

    /// <summary>Placebo mean change − arm mean change, with a Welch–Satterthwaite interval.</summary>
    private static MeanEstimate Welch(double placeboMean, double placeboVariance, double armMean, double armVariance, int n, double confidence)
    {
        var vp = placeboVariance / n;
        var va = armVariance / n;
        var se = Math.Sqrt(vp + va);
        var df = se == 0 ? n - 1.0 : (vp + va) * (vp + va) / (vp * vp / (n - 1) + va * va / (n - 1));
        var t = StudentT.InvCDF(0, 1, df, 0.5 + confidence / 2);
        var diff = placeboMean - armMean;
        return new MeanEstimate(diff, se, diff - t * se, diff + t * se);
    }

    private readonly record struct ArmStats(BpChange BaselineMean, BpChange ChangeMean, BpChange ChangeVariance)
    {
        public static ArmStats Of(ReadOnlySpan<BpChange> baseline, ReadOnlySpan<BpChange> change)
        {
            // Welford's running mean and variance, in index order (deterministic whatever the thread count).
            double bs = 0, bd = 0, ms = 0, md = 0, m2s = 0, m2d = 0;
            for (var i = 0; i < change.Length; i++)
            {
                bs += baseline[i].Systolic;
                bd += baseline[i].Diastolic;
                var n = i + 1;
                var ds = change[i].Systolic - ms;
                ms += ds / n;
                m2s += ds * (change[i].Systolic - ms);
                var dd = change[i].Diastolic - md;
                md += dd / n;
                m2d += dd * (change[i].Diastolic - md);
            }
            var count = change.Length;
            return new ArmStats(new BpChange(bs / count, bd / count), new BpChange(ms, md), new BpChange(m2s / (count - 1), m2d / (count - 1)));
        }
    }
}
