using System.Collections.Concurrent;
using System.Numerics;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Health.Prediction;

/// <summary>
/// Predicts many regimens for one person with one set of posterior samples and noise draws (common random numbers), so
/// differences between regimens are differences of regimen, not of luck.
/// </summary>
/// <remarks>
/// <para>
/// Speed comes from linearity. <see cref="BpResponse"/>'s effect of a drug on a person is Law 2003's table value at the
/// dose, times a pretreatment factor that depends only on the person's untreated BP (the same for every class and dose),
/// times the person's class sensitivity. Build-up and wash-out are first-order steps whose direction depends only on the
/// sign of the change, and same-class drugs are combined by the largest systolic effect; both are unchanged when every
/// effect of a class is multiplied by the same positive number. So each class's course is computed once, with
/// <see cref="BpResponse.DailyEffects"/>, for a reference person (sensitivity 1, pretreatment 154/97 clinic where the
/// factor is 1), and a sample's effect is that course times (sensitivity × the sample's pretreatment factor), separately
/// for systolic and diastolic. This is exact, not an approximation (the tests compare it with BpResponse).
/// </para>
/// <para>
/// Week-average noise: 14 readings (morning and evening on 7 days) average the day-to-day variation over 7 days
/// (variance DayToDay²/7, days assumed independent) and the measurement error over 14 readings (Measurement²/14); the
/// morning–evening difference cancels. Thread-safe after construction: courses are built on demand under a concurrent
/// dictionary and are deterministic, so parallel use gives the same numbers.
/// </para>
/// </remarks>
internal sealed class PredictionEngine
{
    private readonly RegimenPeriod[] _before;
    private readonly PatientPhysiology _reference;
    private readonly ConcurrentDictionary<string, ClassCourse> _courses = new(StringComparer.Ordinal);
    private readonly double[] _untreatedSys, _untreatedDia;
    private readonly double[][] _scaleSys, _scaleDia; // [class][sample]
    private readonly double[][] _baseSys, _baseDia;   // [week][sample]: untreated + noise − reductions with no new drug
    private readonly ClassCourse[] _none;
    private readonly double[] _zeros;

    public PredictionEngine(PatientProfile patient, PhysiologyPosterior posterior, PredictionOptions options)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Patient = patient;
        Posterior = posterior;
        Options = options;
        Start = BpPredictor.ResolveStartDay(patient, options);
        Target = options.Target ?? BpTarget.AccAha2017;
        Weeks = options.HorizonWeeks.Distinct().Order().ToArray();
        Days = Weeks[^1] * 7;
        Count = options.Samples;
        _zeros = new double[Count];

        // The history up to the day before the start; the new regimen replaces whatever was planned from then on.
        _before = patient.Medication
            .Where(p => p.Start < Start)
            .Select(p => p.End is { } end && end <= Start ? p : p with { End = Start })
            .ToArray();
        _reference = PatientPhysiology.Average(HomeBp.ToHome(new BpChange(Law2003.TrialPretreatmentSystolic, Law2003.TrialPretreatmentDiastolic)));
        var referenceFactor = PretreatmentFactor(_reference.UntreatedHome);

        var random = RandomStream.FromSeed(options.Seed);
        People = posterior.Sample(random.Split(0), Count);
        var classes = DrugClassNames.All.Count;
        _untreatedSys = new double[Count];
        _untreatedDia = new double[Count];
        _scaleSys = new double[classes][];
        _scaleDia = new double[classes][];
        for (var c = 0; c < classes; c++) { _scaleSys[c] = new double[Count]; _scaleDia[c] = new double[Count]; }
        for (var s = 0; s < Count; s++)
        {
            var person = People[s];
            _untreatedSys[s] = person.UntreatedHome.Systolic;
            _untreatedDia[s] = person.UntreatedHome.Diastolic;
            var factor = PretreatmentFactor(person.UntreatedHome);
            for (var c = 0; c < classes; c++)
            {
                _scaleSys[c][s] = person.Sensitivity[c] * factor.Systolic / referenceFactor.Systolic;
                _scaleDia[c][s] = person.Sensitivity[c] * factor.Diastolic / referenceFactor.Diastolic;
            }
        }

        var noise = options.Noise;
        var sdSys = Math.Sqrt(noise.DayToDay.Systolic * noise.DayToDay.Systolic / 7 + noise.Measurement.Systolic * noise.Measurement.Systolic / 14);
        var sdDia = Math.Sqrt(noise.DayToDay.Diastolic * noise.DayToDay.Diastolic / 7 + noise.Measurement.Diastolic * noise.Measurement.Diastolic / 14);
        var rho = options.SystolicDiastolicNoiseCorrelation;
        var rest = Math.Sqrt(1 - rho * rho);
        _none = DrugClassNames.All.Select(c => Course(c, [])).ToArray();
        _baseSys = new double[Weeks.Length][];
        _baseDia = new double[Weeks.Length][];
        for (var w = 0; w < Weeks.Length; w++)
        {
            var noiseStream = random.Split(1 + w);
            var bs = _baseSys[w] = new double[Count];
            var bd = _baseDia[w] = new double[Count];
            for (var s = 0; s < Count; s++)
            {
                var z1 = noiseStream.NextGaussian();
                var z2 = noiseStream.NextGaussian();
                bs[s] = _untreatedSys[s] + sdSys * z1;
                bd[s] = _untreatedDia[s] + sdDia * (rho * z1 + rest * z2);
            }
            for (var c = 0; c < classes; c++)
            {
                var unit = _none[c].UnitWeekly[w];
                for (var s = 0; s < Count; s++)
                {
                    bs[s] -= _scaleSys[c][s] * unit.Systolic;
                    bd[s] -= _scaleDia[c][s] * unit.Diastolic;
                }
            }
        }
    }

    public PatientProfile Patient { get; }
    public PhysiologyPosterior Posterior { get; }
    public PredictionOptions Options { get; }
    public DateOnly Start { get; }
    public BpTarget Target { get; }
    public int[] Weeks { get; }
    public int Days { get; }
    public int Count { get; }
    public PatientPhysiology[] People { get; }

    /// <summary>The probability of reaching the target in each reported week (the ranking's fast path: no sorting, SIMD).</summary>
    public double[] ProbabilityAtTarget(Regimen regimen)
    {
        var courses = NewCourses(regimen);
        if (courses.Length > 3) return ProbabilityAtTargetGeneral(courses);
        var result = new double[Weeks.Length];
        var width = Vector<double>.Count;
        var targetSys = new Vector<double>(Target.Home.Systolic);
        var targetDia = new Vector<double>(Target.Home.Diastolic);
        for (var w = 0; w < Weeks.Length; w++)
        {
            // Up to three classes change; missing ones add zeros, so one loop serves every regimen.
            var s1 = courses.Length > 0 ? courses[0].ExtraSystolic[w] : _zeros;
            var d1 = courses.Length > 0 ? courses[0].ExtraDiastolic[w] : _zeros;
            var s2 = courses.Length > 1 ? courses[1].ExtraSystolic[w] : _zeros;
            var d2 = courses.Length > 1 ? courses[1].ExtraDiastolic[w] : _zeros;
            var s3 = courses.Length > 2 ? courses[2].ExtraSystolic[w] : _zeros;
            var d3 = courses.Length > 2 ? courses[2].ExtraDiastolic[w] : _zeros;
            var bs = _baseSys[w];
            var bd = _baseDia[w];
            var hits = Vector<long>.Zero;
            var s = 0;
            for (; s + width <= Count; s += width)
            {
                var sys = new Vector<double>(bs, s) - new Vector<double>(s1, s) - new Vector<double>(s2, s) - new Vector<double>(s3, s);
                var dia = new Vector<double>(bd, s) - new Vector<double>(d1, s) - new Vector<double>(d2, s) - new Vector<double>(d3, s);
                hits -= Vector.BitwiseAnd(Vector.LessThan(sys, targetSys), Vector.LessThan(dia, targetDia)); // true lanes are −1
            }
            var count = Vector.Sum(hits);
            for (; s < Count; s++)
            {
                if (bs[s] - s1[s] - s2[s] - s3[s] < Target.Home.Systolic && bd[s] - d1[s] - d2[s] - d3[s] < Target.Home.Diastolic) count++;
            }
            result[w] = (double)count / Count;
        }
        return result;
    }

    private double[] ProbabilityAtTargetGeneral(ClassCourse[] courses)
    {
        var result = new double[Weeks.Length];
        for (var w = 0; w < Weeks.Length; w++)
        {
            var hits = 0;
            for (var s = 0; s < Count; s++)
            {
                var sys = _baseSys[w][s];
                var dia = _baseDia[w][s];
                foreach (var course in courses)
                {
                    sys -= course.ExtraSystolic[w][s];
                    dia -= course.ExtraDiastolic[w][s];
                }
                if (Target.IsMet(sys, dia)) hits++;
            }
            result[w] = (double)hits / Count;
        }
        return result;
    }

    /// <summary>The full prediction: week distributions and the daily trajectory.</summary>
    public BpPrediction Predict(Regimen regimen)
    {
        var courses = NewCourses(regimen);
        var sys = new double[Count];
        var dia = new double[Count];
        var horizons = new HorizonPrediction[Weeks.Length];
        for (var w = 0; w < Weeks.Length; w++)
        {
            var hits = 0;
            for (var s = 0; s < Count; s++)
            {
                var ps = _baseSys[w][s];
                var pd = _baseDia[w][s];
                foreach (var course in courses)
                {
                    ps -= course.ExtraSystolic[w][s];
                    pd -= course.ExtraDiastolic[w][s];
                }
                sys[s] = ps;
                dia[s] = pd;
                if (Target.IsMet(ps, pd)) hits++;
            }
            var first = Start.AddDays(7 * (Weeks[w] - 1));
            horizons[w] = new HorizonPrediction(Weeks[w], first, first.AddDays(6), Range(sys), Range(dia), (double)hits / Count);
        }

        var all = AllCourses(courses);
        var trajectory = new TrajectoryPoint[Days];
        for (var t = 0; t < Days; t++)
        {
            for (var s = 0; s < Count; s++)
            {
                double ps = _untreatedSys[s], pd = _untreatedDia[s];
                foreach (var course in all)
                {
                    var unit = course.UnitDaily[t];
                    ps -= _scaleSys[(int)course.Class][s] * unit.Systolic;
                    pd -= _scaleDia[(int)course.Class][s] * unit.Diastolic;
                }
                sys[s] = ps;
                dia[s] = pd;
            }
            trajectory[t] = new TrajectoryPoint(Start.AddDays(t), Range(sys), Range(dia));
        }
        return new BpPrediction(regimen, Start, Target, horizons, trajectory, Count, Options.Seed,
            Posterior.FromPopulationOnly, Posterior.Evidence, BpPrediction.IntervalCoverageText, HealthDisclaimer.Text);
    }

    /// <summary>The noise-free reduction day by day for one given person, computed from the class courses (for checking against <see cref="BpResponse"/>).</summary>
    public BpChange[] MeanEffects(Regimen regimen, PatientPhysiology person)
    {
        var reference = PretreatmentFactor(_reference.UntreatedHome);
        var factor = PretreatmentFactor(person.UntreatedHome);
        var result = new BpChange[Days];
        foreach (var course in AllCourses(NewCourses(regimen)))
        {
            var k = person.SensitivityTo(course.Class);
            var scale = new BpChange(k * factor.Systolic / reference.Systolic, k * factor.Diastolic / reference.Diastolic);
            for (var t = 0; t < Days; t++)
                result[t] += new BpChange(course.UnitDaily[t].Systolic * scale.Systolic, course.UnitDaily[t].Diastolic * scale.Diastolic);
        }
        return result;
    }

    /// <summary>The history <see cref="BpResponse.DailyEffects"/> would be given: the person's drugs before the start, then the regimen.</summary>
    public IReadOnlyList<RegimenPeriod> HistoryWith(Regimen regimen) =>
        [.. _before, new RegimenPeriod(regimen, Start, null, "candidate regimen")];

    /// <summary>Builds the courses of every class a regimen uses (call before parallel use to keep the dictionary warm).</summary>
    public ClassCourse[] NewCourses(Regimen regimen)
    {
        var items = regimen.Items;
        if (items.Count == 0) return [];
        var result = new List<ClassCourse>(3);
        var i = 0;
        while (i < items.Count)
        {
            var j = i;
            while (j < items.Count && items[j].Drug.Class == items[i].Drug.Class) j++;
            result.Add(Course(items[i].Drug.Class, items.Skip(i).Take(j - i).ToArray()));
            i = j;
        }
        return result.ToArray();
    }

    private ClassCourse[] AllCourses(ClassCourse[] newCourses)
    {
        var all = (ClassCourse[])_none.Clone();
        foreach (var course in newCourses) all[(int)course.Class] = course;
        return all;
    }

    private ClassCourse Course(DrugClass drugClass, RegimenItem[] items)
    {
        var key = $"{(int)drugClass}:{(items.Length == 0 ? "none" : string.Join(" + ", items.Select(x => x.ToString())))}";
        return _courses.TryGetValue(key, out var found) ? found : _courses.GetOrAdd(key, _ => BuildCourse(drugClass, key, items));
    }

    private ClassCourse BuildCourse(DrugClass drugClass, string key, RegimenItem[] items)
    {
        var history = _before
            .Select(p => p with { Regimen = new Regimen(p.Regimen.Items.Where(x => x.Drug.Class == drugClass)) })
            .Append(new RegimenPeriod(new Regimen(items), Start, null, "candidate regimen"))
            .ToArray();
        var daily = BpResponse.DailyEffects(history, _reference, Start, Days);
        var weekly = new BpChange[Weeks.Length];
        for (var w = 0; w < Weeks.Length; w++)
        {
            var sum = BpChange.Zero;
            for (var t = 7 * (Weeks[w] - 1); t < 7 * Weeks[w]; t++) sum += daily[t];
            weekly[w] = sum * (1.0 / 7);
        }
        var course = new ClassCourse(drugClass, key, daily, weekly);
        if (items.Length > 0)
        {
            var none = _none[(int)drugClass];
            var c = (int)drugClass;
            course.ExtraSystolic = new double[Weeks.Length][];
            course.ExtraDiastolic = new double[Weeks.Length][];
            for (var w = 0; w < Weeks.Length; w++)
            {
                var ds = weekly[w].Systolic - none.UnitWeekly[w].Systolic;
                var dd = weekly[w].Diastolic - none.UnitWeekly[w].Diastolic;
                var es = course.ExtraSystolic[w] = new double[Count];
                var ed = course.ExtraDiastolic[w] = new double[Count];
                for (var s = 0; s < Count; s++)
                {
                    es[s] = _scaleSys[c][s] * ds;
                    ed[s] = _scaleDia[c][s] * dd;
                }
            }
        }
        return course;
    }

    /// <summary>
    /// The factor by which a person's untreated BP scales every drug's effect (Law 2003's pretreatment dependence, via
    /// <see cref="Law2003.Reduction"/>): the same for every class and dose, so one class's value serves for all.
    /// </summary>
    private static BpChange PretreatmentFactor(BpChange untreatedHome)
    {
        var clinic = HomeBp.ToClinic(untreatedHome);
        return Law2003.PretreatmentFactor(clinic.Systolic, clinic.Diastolic);
    }

    private static PredictedRange Range(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return new PredictedRange(Summaries.Percentile(sorted, 0.5), Summaries.Percentile(sorted, 0.1), Summaries.Percentile(sorted, 0.9));
    }
}
