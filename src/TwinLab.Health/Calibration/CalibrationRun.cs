using System.Globalization;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Calibration;

/// <summary>One calibration of one person (see <see cref="PatientCalibration"/> for the model).</summary>
internal sealed class CalibrationRun
{
    // A class counts as acting on a day when its effect at sensitivity 1 exceeds this (mmHg systolic): below it, build-up
    // has barely begun or wash-out is nearly over, and the day says next to nothing about the class.
    private const double ActingThreshold = 0.5;

    // A class's sensitivity counts as informed by the data when its SD has shrunk below this share of the prior's
    // (an assumption: a 10% narrowing is more than correlation with another class gives under the default prior).
    private const double InformedSdRatio = 0.9;

    // Fewer days than this and the untreated BP and noise rest mostly on the model (two weeks, the usual length of a home
    // monitoring series in guidelines: e.g. ESH 2021 practice guideline, 3–7 days; we ask for 14 as an assumption).
    private const int FewDays = 14;

    // The residual SD is "far" from the noise model outside this ratio (an assumption: an SD estimated from 30 days is
    // within ±25% of the truth with 95% probability, so a 1.5-fold gap is not chance).
    private const double NoiseRatioHigh = 1.5;
    private const double NoiseRatioLow = 1 / 1.5;

    // A person's morning-minus-evening difference this far from the noise model's is reported (assumption: about one
    // SD of the difference between people in home-BP studies).
    private const double MorningEveningGap = 6;

    // Floors for estimated SDs (mmHg), so that a short, oddly quiet series cannot make the update over-confident.
    private const double MinSd = 1.0;

    private static readonly int Classes = DrugClassNames.All.Count;
    private static readonly int Dim = PhysiologyPosterior.Dimension;

    private readonly PatientProfile _patient;
    private readonly CalibrationOptions _options;
    private readonly List<CalibrationWarning> _warnings = [];

    private DayObservation[] _obs = [];
    private DayObservation[] _obsByDay = [];
    private DateOnly _firstDay;
    private int _span;
    private int _homeReadings;
    private int _clinicUsed;
    private int _clinicExcluded;
    private BpChange _morningMinusEvening;
    private BpChange? _ownMorningMinusEvening;
    private BpChange? _ownMeasurementSd;
    private readonly List<(DateOnly Day, double Sys, double Dia, bool Morning)> _homeRaw = [];

    // Effects at sensitivity 1 per class and day index (zero arrays for classes never taken).
    private readonly double[][] _effectSys = new double[Classes][];
    private readonly double[][] _effectDia = new double[Classes][];

    public CalibrationRun(PatientProfile patient, CalibrationOptions options)
    {
        _patient = patient;
        _options = options;
    }

    public CalibrationResult Run()
    {
        CollectObservations();
        var prior = _options.Prior;
        var history = _patient.Medication;

        if (_obs.Length == 0)
        {
            // Law 2003's trials enrolled people at about 154/97 clinic; with nothing else known that is the centre used (as home BP).
            var centre = HomeBp.ToHome(new BpChange(Law2003.TrialPretreatmentSystolic, Law2003.TrialPretreatmentDiastolic));
            _warnings.Add(new(CalibrationWarningCodes.NoReadings, "No usable home readings: the untreated BP and every class sensitivity are the population's."));
            _warnings.Add(new(CalibrationWarningCodes.PopulationPriorOnly, "No readings on treatment: the twin uses the population priors (Law 2003) for every class."));
            var empty = PhysiologyPosterior.FromPopulation(centre, prior, "population prior only: no readings");
            return Result(empty, Array.Empty<int>(), 0, BpChange.Zero, 0, 1, 1, _options.Noise, false);
        }

        // Effects at sensitivity 1 at a first guess of the untreated BP (the mean of the observations).
        var guess = new BpChange(_obs.Average(o => o.Systolic), _obs.Average(o => o.Diastolic));
        ComputeEffects(guess);
        var untreatedDays = _obs.Where(o => TotalEffect(o.DayIndex) < ActingThreshold).ToArray();
        var treatedDays = _obs.Length - untreatedDays.Length;
        var priorCentre = untreatedDays.Length > 0
            ? new BpChange(untreatedDays.Average(o => o.Systolic), untreatedDays.Average(o => o.Diastolic))
            : new BpChange(_obs.Average(o => o.Systolic + SumEffect(_effectSys, o.DayIndex)), _obs.Average(o => o.Diastolic + SumEffect(_effectDia, o.DayIndex)));
        var fromPopulationOnly = history.Count == 0 || treatedDays == 0;
        var prior0 = PhysiologyPosterior.FromPopulation(priorCentre, prior);
        var mu0 = prior0.Mean.ToArray();
        var precision0 = CalibrationMath.InvertSpd(prior0.Covariance);

        // Phase 1: the noise model, iterating the pretreatment dependence.
        var noise = _options.Noise with { MorningMinusEvening = _morningMinusEvening };
        if (_ownMeasurementSd is { } ownMeasurement && _obs.Length >= _options.MinDaysForOwnNoise && _options.EstimateNoiseFromReadings)
            noise = noise with { Measurement = ownMeasurement };
        var correlation = 0.0;
        var inflation = 1.0;
        var untreated = priorCentre;
        var fit = (Mean: mu0, Cov: prior0.Covariance);
        for (var i = 0; i < _options.PretreatmentIterations; i++)
        {
            ComputeEffects(untreated);
            fit = Update(mu0, precision0, noise, correlation, inflation);
            untreated = new BpChange(fit.Mean[0], fit.Mean[1]);
        }

        // Phase 2: the person's own day-to-day SD and sys/dia correlation from the daily residuals, then refit.
        var ownNoise = false;
        Drift? drift = null;
        var homeDays = _obs.Count(o => !o.Clinic);
        if (_options.EstimateNoiseFromReadings && homeDays >= _options.MinDaysForOwnNoise)
        {
            (noise, correlation) = EstimateDayNoise(fit.Mean, noise);
            ownNoise = true;
            for (var i = 0; i < _options.PretreatmentIterations; i++)
            {
                ComputeEffects(untreated);
                (fit, drift) = i == 0 ? FitWithDrift(mu0, prior0.Covariance, noise, correlation, null) : FitWithDrift(mu0, prior0.Covariance, noise, correlation, drift ?? default);
                untreated = new BpChange(fit.Mean[0], fit.Mean[1]);
            }
        }

        // Phase 3: slow drift (season, weight, adherence) shows as autocorrelated daily residuals. Period means then vary
        // more than independent days allow, so the noise variance is inflated by the long-run variance ratio (Bartlett
        // kernel over four weeks, Newey & West, Econometrica 1987) or the AR(1) factor (1+ρ)/(1−ρ), whichever is larger.
        var rho = Lag1Autocorrelation(fit.Mean, noise);
        var pairs = ConsecutivePairs();
        var (longRun, bandwidth, count) = LongRunVarianceRatio(fit.Mean, noise);
        // Under independent days the Bartlett estimate has a relative SD of about √(4L/3n) (Newey & West 1987).
        var longRunNoise = count > 0 ? Math.Sqrt(4.0 * bandwidth / (3.0 * count)) : double.PositiveInfinity;
        var lagSignificant = pairs >= 20 && rho > _options.AutocorrelationThreshold && rho > 2 / Math.Sqrt(pairs);
        var longRunSignificant = count >= 60 && longRun > 1 + Math.Max(0.25, 2.5 * longRunNoise);
        if (drift is { } modelled)
        {
            _warnings.Add(new(CalibrationWarningCodes.AutocorrelatedResiduals, string.Create(CultureInfo.InvariantCulture,
                $"The BP drifts slowly beyond the day-to-day scatter (season, weight, adherence?): a wander of about {modelled.Sd.Systolic:0}/{modelled.Sd.Diastolic:0} mmHg lasting weeks (day-to-day correlation {modelled.Phi:0.00}) was modelled, which widens the intervals.")));
        }
        else if (lagSignificant || longRunSignificant)
        {
            var ar1 = rho > 0 ? (1 + rho) / (1 - rho) : 1;
            inflation = Math.Clamp(Math.Max(ar1, longRun), 1, 25);
            fit = Update(mu0, precision0, noise, correlation, inflation);
            _warnings.Add(new(CalibrationWarningCodes.AutocorrelatedResiduals, string.Create(CultureInfo.InvariantCulture,
                $"Day-to-day residuals are autocorrelated (lag-1 r = {rho:0.00}, {bandwidth}-day long-run variance {longRun:0.0}× that of independent days): the BP drifts slowly (season, weight, adherence?). Uncertainty was widened {Math.Sqrt(inflation):0.0}-fold.")));
        }

        var evidenceDays = new int[Classes];
        foreach (var c in DrugClassNames.All)
            evidenceDays[(int)c] = _obs.Where(o => _effectSys[(int)c][o.DayIndex] > ActingThreshold).Select(o => o.DayIndex).Distinct().Count();

        var changes = RegimenChanges();
        AddEvidenceWarnings(history.Count, treatedDays, untreatedDays.Length, changes);
        var residualSd = ResidualSd(fit.Mean);
        var evidence = fromPopulationOnly
            ? (history.Count == 0
                ? $"population prior only: no medication history ({_homeReadings + _clinicUsed} readings set the untreated BP)"
                : $"population prior only: no readings on treatment ({_homeReadings + _clinicUsed} readings set the untreated BP)")
            : $"{_homeReadings + _clinicUsed} readings on {_obs.Select(o => o.DayIndex).Distinct().Count()} days from {_firstDay:yyyy-MM-dd} to {_firstDay.AddDays(_span - 1):yyyy-MM-dd}, {changes} regimen change{(changes == 1 ? "" : "s")}";
        var posterior = new PhysiologyPosterior(fit.Mean, fit.Cov, fromPopulationOnly, evidence);
        return Result(posterior, evidenceDays, changes, residualSd, rho, longRun, inflation, noise, ownNoise, drift);
    }

    private CalibrationResult Result(PhysiologyPosterior posterior, IReadOnlyList<int> evidenceDays, int changes, BpChange residualSd,
        double rho, double longRun, double inflation, NoiseModel used, bool ownNoise, Drift? drift = null)
    {
        var untreatedMean = new BpChange(posterior.Mean[0], posterior.Mean[1]);
        var untreated = BpEstimate.Normal(untreatedMean, new BpChange(posterior.Sd(0), posterior.Sd(1)));
        var clinic = HomeBp.ToClinic(untreatedMean);
        var classes = new List<ClassSensitivity>(Classes);
        foreach (var c in DrugClassNames.All)
        {
            var i = PhysiologyPosterior.SensitivityIndex(c);
            var mean = posterior.Mean[i];
            var sd = posterior.Sd(i);
            var days = evidenceDays.Count > 0 ? evidenceDays[(int)c] : 0;
            var unit = Law2003.Reduction(c, 1.0, clinic.Systolic, clinic.Diastolic) * HomeBp.HomeToClinicEffectRatio;
            var lower = mean - CalibrationMath.Z80 * sd;
            var upper = mean + CalibrationMath.Z80 * sd;
            var basis = !posterior.FromPopulationOnly && days > 0 && sd < InformedSdRatio * _options.Prior.SensitivitySd
                ? SensitivityBasis.Data : SensitivityBasis.Prior;
            classes.Add(new ClassSensitivity(c, c.Name(), mean, sd, lower, upper, _options.Prior.SensitivitySd,
                new BpEstimate(unit * mean, unit * sd, unit * lower, unit * upper), days, basis));
        }

        var modelSd = _options.Noise.SingleReading;
        if (_homeReadings >= 2 * FewDays && residualSd.Systolic > 0)
        {
            var rs = residualSd.Systolic / modelSd.Systolic;
            var rd = residualSd.Diastolic / modelSd.Diastolic;
            if (rs > NoiseRatioHigh || rd > NoiseRatioHigh || rs < NoiseRatioLow || rd < NoiseRatioLow)
                _warnings.Add(new(CalibrationWarningCodes.NoiseMismatch,
                    $"Readings scatter {residualSd} mmHg around the fitted twin, against {modelSd} expected from home-BP studies" +
                    (ownNoise ? "; the person's own noise level was used." : "; check the device and the measuring technique.")));
        }

        var dayList = _obs.Select(o => o.DayIndex).Distinct().Count();
        return new CalibrationResult(
            _patient.Id, posterior, posterior.FromPopulationOnly, posterior.Evidence, untreated, classes,
            _homeReadings + _clinicUsed, dayList, _clinicExcluded,
            _obs.Length == 0 ? null : _firstDay, _obs.Length == 0 ? null : _firstDay.AddDays(_span - 1), changes,
            new NoiseSummary(residualSd, modelSd, used, ownNoise, rho, longRun, inflation, _ownMorningMinusEvening, drift?.Sd, drift?.Phi ?? 0),
            _warnings.ToArray());
    }

    private void CollectObservations()
    {
        var clinic = new List<BpReading>();
        foreach (var r in _patient.Readings)
        {
            if (!double.IsFinite(r.Systolic) || !double.IsFinite(r.Diastolic)) continue;
            if (r.Setting == ReadingSetting.Clinic)
            {
                if (_options.IncludeClinicReadings) clinic.Add(r);
                else _clinicExcluded++;
                continue;
            }
            _homeRaw.Add((r.Day, r.Systolic, r.Diastolic, r.IsMorning));
        }
        _homeReadings = _homeRaw.Count;
        _clinicUsed = clinic.Count;
        if (_clinicExcluded > 0)
            _warnings.Add(new(CalibrationWarningCodes.ClinicReadingsExcluded,
                $"{_clinicExcluded} clinic reading{(_clinicExcluded == 1 ? " was" : "s were")} left out: the white-coat difference varies too much between people to convert them reliably; home readings were used."));

        var byDay = _homeRaw.GroupBy(r => r.Day).OrderBy(g => g.Key).ToArray();
        EstimateMorningEvening(byDay);
        var all = byDay.Select(g => g.Key).Concat(clinic.Select(c => c.Day)).ToArray();
        if (all.Length == 0) return;
        _firstDay = all.Min();
        _span = all.Max().DayNumber - _firstDay.DayNumber + 1;

        var half = _morningMinusEvening * 0.5;
        var observations = new List<DayObservation>(byDay.Length + clinic.Count);
        double ssSys = 0, ssDia = 0;
        var dof = 0;
        foreach (var g in byDay)
        {
            var n = 0;
            double sys = 0, dia = 0;
            foreach (var r in g)
            {
                var sign = r.Morning ? 1.0 : -1.0;
                sys += r.Sys - sign * half.Systolic;
                dia += r.Dia - sign * half.Diastolic;
                n++;
            }
            sys /= n;
            dia /= n;
            foreach (var r in g)
            {
                var sign = r.Morning ? 1.0 : -1.0;
                ssSys += Square(r.Sys - sign * half.Systolic - sys);
                ssDia += Square(r.Dia - sign * half.Diastolic - dia);
            }
            dof += n - 1;
            observations.Add(new DayObservation(g.Key.DayNumber - _firstDay.DayNumber, sys, dia, n, false));
        }
        // The within-day scatter (after the time-of-day offset) is measurement noise: the day's biological deviation is shared.
        if (dof >= 30)
            _ownMeasurementSd = new BpChange(Math.Max(MinSd, Math.Sqrt(ssSys / dof)), Math.Max(MinSd, Math.Sqrt(ssDia / dof)));
        foreach (var c in clinic)
        {
            var home = HomeBp.ToHome(new BpChange(c.Systolic, c.Diastolic));
            observations.Add(new DayObservation(c.Day.DayNumber - _firstDay.DayNumber, home.Systolic, home.Diastolic, 1, true));
        }
        _obs = observations.ToArray();
        _obsByDay = _obs.OrderBy(o => o.DayIndex).ThenBy(o => o.Clinic).ToArray();
    }

    private void EstimateMorningEvening(IEnumerable<IGrouping<DateOnly, (DateOnly Day, double Sys, double Dia, bool Morning)>> byDay)
    {
        _morningMinusEvening = _options.Noise.MorningMinusEvening;
        double sumSys = 0, sumDia = 0;
        var paired = 0;
        foreach (var g in byDay)
        {
            var morning = g.Where(r => r.Morning).ToArray();
            var evening = g.Where(r => !r.Morning).ToArray();
            if (morning.Length == 0 || evening.Length == 0) continue;
            sumSys += morning.Average(r => r.Sys) - evening.Average(r => r.Sys);
            sumDia += morning.Average(r => r.Dia) - evening.Average(r => r.Dia);
            paired++;
        }
        if (paired < _options.MinPairedDaysForMorningEvening) return;
        var own = new BpChange(sumSys / paired, sumDia / paired);
        _ownMorningMinusEvening = own;
        _morningMinusEvening = own;
        var model = _options.Noise.MorningMinusEvening;
        if (Math.Abs(own.Systolic - model.Systolic) > MorningEveningGap || Math.Abs(own.Diastolic - model.Diastolic) > MorningEveningGap)
            _warnings.Add(new(CalibrationWarningCodes.MorningEveningDifference,
                $"Morning readings are {own} mmHg above evening ones on average (typical: {model}); the person's own difference was used."));
    }

    private void ComputeEffects(BpChange untreated)
    {
        var history = _patient.Medication;
        var taken = history.SelectMany(p => p.Regimen.Classes).ToHashSet();
        foreach (var c in DrugClassNames.All)
        {
            var sys = _effectSys[(int)c] ??= new double[_span];
            var dia = _effectDia[(int)c] ??= new double[_span];
            if (!taken.Contains(c)) continue;
            var unit = new double[Classes];
            unit[(int)c] = 1;
            var effects = BpResponse.DailyEffects(history, new PatientPhysiology(untreated, unit), _firstDay, _span);
            for (var d = 0; d < _span; d++)
            {
                sys[d] = effects[d].Systolic;
                dia[d] = effects[d].Diastolic;
            }
        }
    }

    private double TotalEffect(int day) => SumEffect(_effectSys, day);

    private static double SumEffect(double[][] effects, int day)
    {
        var sum = 0.0;
        for (var c = 0; c < effects.Length; c++) sum += effects[c][day];
        return sum;
    }

    /// <summary>The conjugate update in information form: Λ = Λ₀ + Σ Hᵀ R⁻¹ H, η = Λ₀ μ₀ + Σ Hᵀ R⁻¹ y.</summary>
    private (double[] Mean, double[,] Cov) Update(double[] mu0, double[,] precision0, NoiseModel noise, double correlation, double inflation)
    {
        var lambda = (double[,])precision0.Clone();
        var eta = new double[Dim];
        for (var i = 0; i < Dim; i++)
            for (var j = 0; j < Dim; j++)
                eta[i] += precision0[i, j] * mu0[j];
        var hs = new double[Dim];
        var hd = new double[Dim];
        foreach (var o in _obs)
        {
            var (vs, vd) = Variance(o, noise, inflation);
            var cov = correlation * Math.Sqrt(vs * vd);
            var det = vs * vd - cov * cov;
            double a = vd / det, b = -cov / det, d = vs / det;
            Row(o.DayIndex, hs, hd);
            for (var i = 0; i < Dim; i++)
            {
                if (hs[i] == 0 && hd[i] == 0) continue;
                for (var j = 0; j < Dim; j++)
                    lambda[i, j] += a * hs[i] * hs[j] + b * (hs[i] * hd[j] + hd[i] * hs[j]) + d * hd[i] * hd[j];
                eta[i] += (a * o.Systolic + b * o.Diastolic) * hs[i] + (b * o.Systolic + d * o.Diastolic) * hd[i];
            }
        }
        var covariance = CalibrationMath.InvertSpd(lambda);
        var mean = new double[Dim];
        for (var i = 0; i < Dim; i++)
            for (var j = 0; j < Dim; j++)
                mean[i] += covariance[i, j] * eta[j];
        return (mean, covariance);
    }

    /// <summary>A slow AR(1) wander of the daily mean: stationary SD and day-to-day correlation.</summary>
    internal readonly record struct Drift(BpChange Sd, double Phi, double Correlation);

    // Candidate drifts: correlation times of about 10, 33 and 100 days (weight change, season) and stationary systolic SDs
    // of 2–12 mmHg (home BP varies by about 5 mmHg systolic between winter and summer: Modesti PA et al., Hypertension
    // 2006;47:155); the diastolic SD scales with the day-to-day SDs. The grid is an assumption, coarse on purpose.
    private static readonly double[] DriftPhis = [0.9, 0.97, 0.99];
    private static readonly double[] DriftSds = [2, 4, 6, 8, 12];

    // Systolic and diastolic drift independently or together (seasonal change moves both: Modesti 2006); assumed grid.
    private static readonly double[] DriftCorrelations = [0, 0.9];

    // A drift is kept only when it raises the log marginal likelihood by more than this over no drift: the 95% point of
    // χ² with 2 degrees of freedom (5.99) halved, as in a likelihood-ratio test for its two parameters.
    private const double DriftLogLikelihoodGain = 3.0;

    /// <summary>
    /// The update with and without a slow AR(1) drift of the daily mean (Kalman filter over [parameters, drift]), the
    /// drift's SD, memory and sys/dia correlation chosen by marginal likelihood on a small grid. Returns the best fit and
    /// its drift (null: none). With <paramref name="only"/> the grid is skipped and that drift is used. The white
    /// day-to-day SD beside a drift is the one estimated from the no-drift residuals, kept as it is: the fitted parameters
    /// absorb most of a slow drift, so those residuals mostly hold the white part (subtracting the drift's variance made
    /// simulated drifts look smaller than they were) — a slight over-statement of the noise, on the cautious side.
    /// </summary>
    private ((double[] Mean, double[,] Cov) Fit, Drift? Drift) FitWithDrift(double[] mu0, double[,] cov0, NoiseModel noise, double correlation, Drift? only)
    {
        if (only is { } fixedDrift)
        {
            var kept = Filter(mu0, cov0, noise, correlation, fixedDrift);
            return ((kept.Mean, kept.Cov), fixedDrift.Sd.Systolic > 0 ? fixedDrift : null);
        }
        var none = Filter(mu0, cov0, noise, correlation, default);
        // Screen: search for a drift only when the no-drift residuals are at least one sampling SD more autocorrelated
        // than independent days would be (most series are not, and the grid costs thirty filter runs).
        var pairs = ConsecutivePairs();
        var lag1 = Lag1Autocorrelation(none.Mean, noise);
        var (longRun, bandwidth, count) = LongRunVarianceRatio(none.Mean, noise);
        var screen = (pairs > 0 && lag1 > 1 / Math.Sqrt(pairs)) || (count > 0 && longRun > 1 + Math.Sqrt(4.0 * bandwidth / (3.0 * count)));
        if (!screen) return ((none.Mean, none.Cov), null);
        var best = none;
        Drift? chosen = null;
        var ratio = noise.DayToDay.Diastolic / noise.DayToDay.Systolic;
        foreach (var sd in DriftSds)
        {
            foreach (var phi in DriftPhis)
            foreach (var rho in DriftCorrelations)
            {
                var drift = new Drift(new BpChange(sd, sd * ratio), phi, rho);
                var fit = Filter(mu0, cov0, noise, correlation, drift);
                if (fit.LogLikelihood > best.LogLikelihood && fit.LogLikelihood > none.LogLikelihood + DriftLogLikelihoodGain)
                {
                    best = fit;
                    chosen = drift;
                }
            }
        }
        return ((best.Mean, best.Cov), chosen);
    }

    /// <summary>
    /// Kalman filter over the state [untreated sys, untreated dia, sensitivities, drift sys, drift dia]: the parameters
    /// are static, so the filtered distribution after the last day is their posterior given every reading. With a zero
    /// drift SD this is exactly the conjugate update. Also returns the log marginal likelihood of the observations.
    /// </summary>
    private (double[] Mean, double[,] Cov, double LogLikelihood) Filter(double[] mu0, double[,] cov0, NoiseModel noise, double correlation, Drift drift)
    {
        var driftSd = drift.Sd;
        var phi = drift.Phi;
        var driftCov = drift.Correlation * driftSd.Systolic * driftSd.Diastolic;
        const int Extra = 2;
        var n = Dim + Extra;
        var x = new double[n];
        var p = new double[n, n];
        for (var i = 0; i < Dim; i++)
        {
            x[i] = mu0[i];
            for (var j = 0; j < Dim; j++) p[i, j] = cov0[i, j];
        }
        p[Dim, Dim] = Square(driftSd.Systolic);
        p[Dim + 1, Dim + 1] = Square(driftSd.Diastolic);
        p[Dim, Dim + 1] = p[Dim + 1, Dim] = driftCov;
        var hs = new double[n];
        var hd = new double[n];
        var u = new double[n];
        var w = new double[n];
        var logLikelihood = 0.0;
        var previous = -1;
        foreach (var o in _obsByDay)
        {
            if (previous >= 0 && o.DayIndex > previous && phi > 0)
            {
                var f = Math.Pow(phi, o.DayIndex - previous);
                for (var k = Dim; k < n; k++)
                {
                    x[k] *= f;
                    for (var i = 0; i < n; i++) { p[i, k] *= f; p[k, i] *= f; }
                }
                p[Dim, Dim] += Square(driftSd.Systolic) * (1 - f * f);
                p[Dim + 1, Dim + 1] += Square(driftSd.Diastolic) * (1 - f * f);
                p[Dim, Dim + 1] += driftCov * (1 - f * f);
                p[Dim + 1, Dim] += driftCov * (1 - f * f);
            }
            previous = o.DayIndex;
            var (vs, vd) = Variance(o, noise, 1);
            var rsd = correlation * Math.Sqrt(vs * vd);
            Row(o.DayIndex, hs, hd);
            hs[Dim] = 1;
            hd[Dim + 1] = 1;
            double fs = 0, fd = 0;
            for (var i = 0; i < n; i++)
            {
                fs += hs[i] * x[i];
                fd += hd[i] * x[i];
                double a = 0, b = 0;
                for (var j = 0; j < n; j++)
                {
                    a += p[i, j] * hs[j];
                    b += p[i, j] * hd[j];
                }
                u[i] = a;
                w[i] = b;
            }
            double s11 = vs, s12 = rsd, s22 = vd;
            for (var i = 0; i < n; i++)
            {
                s11 += hs[i] * u[i];
                s12 += hs[i] * w[i];
                s22 += hd[i] * w[i];
            }
            var det = s11 * s22 - s12 * s12;
            double i11 = s22 / det, i12 = -s12 / det, i22 = s11 / det;
            var es = o.Systolic - fs;
            var ed = o.Diastolic - fd;
            logLikelihood -= 0.5 * (Math.Log(det) + es * (i11 * es + i12 * ed) + ed * (i12 * es + i22 * ed) + 2 * Math.Log(2 * Math.PI));
            for (var i = 0; i < n; i++)
            {
                var k1 = u[i] * i11 + w[i] * i12;
                var k2 = u[i] * i12 + w[i] * i22;
                x[i] += k1 * es + k2 * ed;
                for (var j = 0; j < n; j++) p[i, j] -= k1 * u[j] + k2 * w[j];
            }
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                p[i, j] = p[j, i] = 0.5 * (p[i, j] + p[j, i]);
        var mean = x[..Dim];
        var cov = new double[Dim, Dim];
        for (var i = 0; i < Dim; i++)
            for (var j = 0; j < Dim; j++)
                cov[i, j] = p[i, j];
        return (mean, cov, logLikelihood);
    }

    private (double Sys, double Dia) Variance(DayObservation o, NoiseModel noise, double inflation)
    {
        var vs = Square(noise.DayToDay.Systolic) + Square(noise.Measurement.Systolic) / o.Count;
        var vd = Square(noise.DayToDay.Diastolic) + Square(noise.Measurement.Diastolic) / o.Count;
        if (o.Clinic)
        {
            vs += Square(_options.WhiteCoatSd.Systolic);
            vd += Square(_options.WhiteCoatSd.Diastolic);
        }
        return (vs * inflation, vd * inflation);
    }

    private void Row(int day, double[] hs, double[] hd)
    {
        Array.Clear(hs);
        Array.Clear(hd);
        // hs/hd may be longer than the parameter vector (the filter's drift states): those entries are set by the caller.
        hs[PhysiologyPosterior.SystolicIndex] = 1;
        hd[PhysiologyPosterior.DiastolicIndex] = 1;
        for (var c = 0; c < Classes; c++)
        {
            hs[2 + c] = -_effectSys[c][day];
            hd[2 + c] = -_effectDia[c][day];
        }
    }

    private (double Sys, double Dia) Residual(DayObservation o, double[] theta)
    {
        var fitSys = theta[0];
        var fitDia = theta[1];
        for (var c = 0; c < Classes; c++)
        {
            fitSys -= theta[2 + c] * _effectSys[c][o.DayIndex];
            fitDia -= theta[2 + c] * _effectDia[c][o.DayIndex];
        }
        return (o.Systolic - fitSys, o.Diastolic - fitDia);
    }

    /// <summary>
    /// The day-to-day SD from the daily residuals: E[r²] = σ_day² + σ_meas²/n, corrected for the parameters fitted
    /// (N/(N−p)); the measurement SD from the within-day scatter when there is enough of it.
    /// </summary>
    private (NoiseModel Noise, double Correlation) EstimateDayNoise(double[] theta, NoiseModel noise)
    {
        var home = _obs.Where(o => !o.Clinic).ToArray();
        var fitted = 2 + DrugClassNames.All.Count(c => _effectSys[(int)c].Any(e => e > ActingThreshold));
        double sumSys = 0, sumDia = 0, cross = 0, rss = 0, rdd = 0;
        foreach (var o in home)
        {
            var (rs, rd) = Residual(o, theta);
            sumSys += rs * rs - Square(noise.Measurement.Systolic) / o.Count;
            sumDia += rd * rd - Square(noise.Measurement.Diastolic) / o.Count;
            cross += rs * rd;
            rss += rs * rs;
            rdd += rd * rd;
        }
        var scale = 1.0 / Math.Max(1, home.Length - fitted);
        var day = new BpChange(Math.Sqrt(Math.Max(MinSd * MinSd, sumSys * scale)), Math.Sqrt(Math.Max(MinSd * MinSd, sumDia * scale)));
        var correlation = rss > 0 && rdd > 0 ? Math.Clamp(cross / Math.Sqrt(rss * rdd), -0.9, 0.9) : 0;
        return (noise with { DayToDay = day }, correlation);
    }

    private double Lag1Autocorrelation(double[] theta, NoiseModel noise)
    {
        var home = _obs.Where(o => !o.Clinic).OrderBy(o => o.DayIndex).ToArray();
        if (home.Length < 3) return 0;
        var zs = new double[home.Length];
        var zd = new double[home.Length];
        for (var i = 0; i < home.Length; i++)
        {
            var (rs, rd) = Residual(home[i], theta);
            var (vs, vd) = Variance(home[i], noise, 1);
            zs[i] = rs / Math.Sqrt(vs);
            zd[i] = rd / Math.Sqrt(vd);
        }
        double lagS = 0, lagD = 0;
        var pairs = 0;
        for (var i = 1; i < home.Length; i++)
        {
            if (home[i].DayIndex - home[i - 1].DayIndex != 1) continue;
            lagS += zs[i] * zs[i - 1];
            lagD += zd[i] * zd[i - 1];
            pairs++;
        }
        if (pairs == 0) return 0;
        var varS = zs.Sum(Square) / home.Length;
        var varD = zd.Sum(Square) / home.Length;
        if (varS <= 0 || varD <= 0) return 0;
        return 0.5 * (lagS / pairs / varS + lagD / pairs / varD);
    }

    /// <summary>
    /// The long-run variance of the standardised daily residuals over their variance (1 for independent days), with a
    /// Bartlett kernel of bandwidth L = min(28, n/8) days: four weeks, the time scale on which regimen periods are compared.
    /// Autocovariances at lag l use the pairs of observed days exactly l apart, so missing days are allowed.
    /// </summary>
    private (double Ratio, int Bandwidth, int Count) LongRunVarianceRatio(double[] theta, NoiseModel noise)
    {
        var home = _obs.Where(o => !o.Clinic).ToArray();
        var bandwidth = Math.Min(28, home.Length / 8);
        if (bandwidth < 1) return (1, 0, home.Length);
        var zs = new double[_span];
        var zd = new double[_span];
        var seen = new bool[_span];
        foreach (var o in home)
        {
            var (rs, rd) = Residual(o, theta);
            var (vs, vd) = Variance(o, noise, 1);
            zs[o.DayIndex] = rs / Math.Sqrt(vs);
            zd[o.DayIndex] = rd / Math.Sqrt(vd);
            seen[o.DayIndex] = true;
        }
        double Ratio(double[] z)
        {
            double g0 = 0;
            foreach (var o in home) g0 += z[o.DayIndex] * z[o.DayIndex];
            g0 /= home.Length;
            if (g0 <= 0) return 1;
            var lrv = 1.0;
            for (var lag = 1; lag <= bandwidth; lag++)
            {
                double sum = 0;
                var n = 0;
                for (var d = lag; d < _span; d++)
                {
                    if (!seen[d] || !seen[d - lag]) continue;
                    sum += z[d] * z[d - lag];
                    n++;
                }
                if (n == 0) continue;
                lrv += 2 * (1 - lag / (bandwidth + 1.0)) * (sum / n) / g0;
            }
            return Math.Max(lrv, 0);
        }
        return (0.5 * (Ratio(zs) + Ratio(zd)), bandwidth, home.Length);
    }

    private int ConsecutivePairs()
    {
        var days = _obs.Where(o => !o.Clinic).Select(o => o.DayIndex).OrderBy(d => d).ToArray();
        var pairs = 0;
        for (var i = 1; i < days.Length; i++) if (days[i] - days[i - 1] == 1) pairs++;
        return pairs;
    }

    /// <summary>SD of single home readings around the fitted daily mean at their time of day.</summary>
    private BpChange ResidualSd(double[] theta)
    {
        if (_homeRaw.Count < 2) return BpChange.Zero;
        var half = _morningMinusEvening * 0.5;
        double ss = 0, sd = 0;
        foreach (var r in _homeRaw)
        {
            var day = r.Day.DayNumber - _firstDay.DayNumber;
            var fitSys = theta[0];
            var fitDia = theta[1];
            for (var c = 0; c < Classes; c++)
            {
                fitSys -= theta[2 + c] * _effectSys[c][day];
                fitDia -= theta[2 + c] * _effectDia[c][day];
            }
            var sign = r.Morning ? 1.0 : -1.0;
            ss += Square(r.Sys - fitSys - sign * half.Systolic);
            sd += Square(r.Dia - fitDia - sign * half.Diastolic);
        }
        return new BpChange(Math.Sqrt(ss / (_homeRaw.Count - 1)), Math.Sqrt(sd / (_homeRaw.Count - 1)));
    }

    private int RegimenChanges()
    {
        if (_obs.Length == 0) return 0;
        var last = _firstDay.AddDays(_span - 1);
        var dates = new HashSet<DateOnly>();
        foreach (var p in _patient.Medication)
        {
            if (p.Start > _firstDay && p.Start <= last) dates.Add(p.Start);
            if (p.End is { } end && end > _firstDay && end <= last) dates.Add(end);
        }
        return dates.Count;
    }

    private void AddEvidenceWarnings(int historyPeriods, int treatedDays, int untreatedDays, int changes)
    {
        if (historyPeriods == 0)
            _warnings.Add(new(CalibrationWarningCodes.PopulationPriorOnly,
                "No medication history: the readings were taken as untreated, and the twin uses the population priors (Law 2003) for every class."));
        else if (treatedDays == 0)
            _warnings.Add(new(CalibrationWarningCodes.PopulationPriorOnly,
                "No readings were taken on treatment: the twin uses the population priors (Law 2003) for every class."));
        else if (untreatedDays == 0 && changes == 0)
            _warnings.Add(new(CalibrationWarningCodes.NoRegimenChange,
                "All readings were taken on one regimen: its effect cannot be told apart from the untreated BP, so the sensitivities lean on the population prior."));
        var days = _obs.Select(o => o.DayIndex).Distinct().Count();
        if (days < FewDays)
            _warnings.Add(new(CalibrationWarningCodes.FewReadings,
                $"Only {days} day{(days == 1 ? "" : "s")} with readings: the estimates rest mostly on the population model (two weeks or more of morning and evening readings are better)."));
    }

    private static double Square(double x) => x * x;
}
