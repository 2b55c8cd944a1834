using TwinLab.Core.Errors;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Calibration;

/// <summary>How <see cref="PatientCalibration.Calibrate"/> fits a twin to a person.</summary>
/// <remarks>The defaults suit a year of twice-daily home readings; every field has a reason in its doc.</remarks>
public sealed record CalibrationOptions
{
    /// <summary>The defaults.</summary>
    public static CalibrationOptions Default { get; } = new();

    /// <summary>The population prior the person's readings update.</summary>
    public PopulationPrior Prior { get; init; } = PopulationPrior.Default;

    /// <summary>The noise model used until the person's own readings are enough to estimate theirs.</summary>
    public NoiseModel Noise { get; init; } = NoiseModel.Default;

    /// <summary>
    /// Whether clinic readings are used (converted to home values with <see cref="HomeBp.ToHome"/> and given the extra
    /// spread of <see cref="WhiteCoatSd"/>). Off by default: the white-coat difference between clinic and home BP varies
    /// from person to person far more than the population conversion allows, and a few clinic readings add little to a
    /// series of home readings while risking a bias; excluded clinic readings are counted in a warning.
    /// </summary>
    public bool IncludeClinicReadings { get; init; }

    /// <summary>
    /// SD of one person's clinic-minus-home difference around the population conversion, mmHg, used when clinic readings
    /// are included. 10/6 mmHg is an assumption (the white-coat effect ranges from none to over 20 mmHg systolic between
    /// individuals; Pickering TG et al., Hypertension 2005;45:142, on white-coat hypertension).
    /// </summary>
    public BpChange WhiteCoatSd { get; init; } = new(10, 6);

    /// <summary>
    /// How many times the update is repeated with the effects recomputed at the new untreated-BP estimate (the Law 2003
    /// effect grows with pretreatment BP, so the model is linear only once that BP is fixed). 3 by default.
    /// </summary>
    public int PretreatmentIterations { get; init; } = 3;

    /// <summary>Whether to estimate the day-to-day and measurement SDs from the person's own residuals when there are enough days.</summary>
    public bool EstimateNoiseFromReadings { get; init; } = true;

    /// <summary>
    /// Days with readings needed before the person's own noise estimate replaces the noise model (60 by default: an SD
    /// estimated from n values has a relative standard error of about 1/√(2n), here about 9%).
    /// </summary>
    public int MinDaysForOwnNoise { get; init; } = 60;

    /// <summary>Days with both a morning and an evening reading needed to use the person's own morning-minus-evening difference (14).</summary>
    public int MinPairedDaysForMorningEvening { get; init; } = 14;

    /// <summary>
    /// Lag-one autocorrelation of the daily residuals above which slow drift (seasonality, weight change, adherence) is
    /// assumed. 0.15 by default (an assumption; the correlation must also exceed twice its standard error 1/√n). Drift is
    /// also assumed when the four-week long-run variance of the residuals clearly exceeds that of independent days (by
    /// 2.5 times its own sampling SD). Either way the noise variance is inflated by the larger of (1+ρ)/(1−ρ), the variance
    /// factor of a mean of AR(1) noise, and the long-run variance ratio, and a warning is given.
    /// </summary>
    public double AutocorrelationThreshold { get; init; } = 0.15;

    /// <summary>Checks the options; throws <see cref="TwinLabException"/> (InvalidArgument) naming the bad field.</summary>
    public void Validate()
    {
        static void Fail(string field, string why) =>
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Calibration option '{field}' {why}.");
        if (Prior is null) Fail(nameof(Prior), "is required");
        if (Noise is null) Fail(nameof(Noise), "is required");
        if (PretreatmentIterations is < 1 or > 20) Fail(nameof(PretreatmentIterations), "must be between 1 and 20");
        if (MinDaysForOwnNoise < 10) Fail(nameof(MinDaysForOwnNoise), "must be at least 10");
        if (MinPairedDaysForMorningEvening < 2) Fail(nameof(MinPairedDaysForMorningEvening), "must be at least 2");
        if (!(AutocorrelationThreshold is > 0 and < 1)) Fail(nameof(AutocorrelationThreshold), "must be between 0 and 1");
        if (!(Prior!.SensitivitySd > 0) || !(Prior.UntreatedSd.Systolic > 0) || !(Prior.UntreatedSd.Diastolic > 0))
            Fail(nameof(Prior), "must have positive SDs");
        if (Math.Abs(Prior.SensitivityCorrelation) >= 1) Fail(nameof(Prior), "must have a sensitivity correlation between -1 and 1");
        if (!(Noise!.DayToDay.Systolic > 0) || !(Noise.DayToDay.Diastolic > 0) || !(Noise.Measurement.Systolic > 0) || !(Noise.Measurement.Diastolic > 0))
            Fail(nameof(Noise), "must have positive SDs");
        if (!(WhiteCoatSd.Systolic >= 0) || !(WhiteCoatSd.Diastolic >= 0)) Fail(nameof(WhiteCoatSd), "must not be negative");
    }
}
