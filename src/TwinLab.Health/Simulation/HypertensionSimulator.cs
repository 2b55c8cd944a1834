using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Experiments;

namespace TwinLab.Health.Simulation;

/// <summary>
/// The hypertension twin as a simulator for the generic experiment engine (<c>simulator: hypertension</c>): one person,
/// described by their untreated mean home BP and their sensitivity to each drug class, starts a regimen on day 0 and
/// measures their BP at home twice a day for some weeks. Scenario files compare regimens, sweep sensitivities or doses.
/// </summary>
/// <remarks>
/// <para>Each replication draws new noise (<see cref="HomeBpSimulator"/>, <see cref="NoiseModel.Default"/>); the person and
/// the noise-free trajectory are fixed by the parameters and computed once per scenario. The twin graph and interventions
/// are ignored (regimens are parameters). The time unit of <see cref="SimulationSetup.Horizon"/> is the day, used when
/// <c>weeks</c> is 0.</para>
/// <para>KPIs follow home-BP practice: the mean of a week of readings (guidelines average several days of home readings),
/// compared with the target — by default 130/80 mmHg, the ACC/AHA 2017 target, whose home equivalent is also 130/80
/// (Whelton PK et al., Hypertension 2018;71:e13, Table 11).</para>
/// <para>Thread-safe: prepared scenarios are immutable; each replication allocates its own readings.</para>
/// </remarks>
public sealed class HypertensionSimulator : ISimulator
{
    /// <summary>The name in scenario files.</summary>
    public const string SimulatorName = "hypertension";

    /// <summary>The day the regimen starts in every simulation (the date itself does not matter).</summary>
    public static DateOnly StartDay { get; } = new(2026, 1, 5);

    /// <summary>The parameter holding the sensitivity to a class: <c>sens_thiazide</c>, <c>sens_beta_blocker</c>,
    /// <c>sens_ace_inhibitor</c>, <c>sens_arb</c>, <c>sens_ccb</c>.</summary>
    public static string SensitivityParameter(DrugClass drugClass) => "sens_" + drugClass.Name().Replace('-', '_');

    /// <inheritdoc />
    public SimulatorInfo Info { get; } = new(
        SimulatorName,
        "One person's home blood pressure under a regimen, twice-daily readings with day-to-day, morning/evening and measurement noise (Law 2003 effects).",
        [
            new ParameterSpec("untreated_sys", ParameterKind.Real, 150, Min: 80, Max: 260, Unit: "mmHg", Description: "Untreated mean home systolic BP."),
            new ParameterSpec("untreated_dia", ParameterKind.Real, 95, Min: 40, Max: 160, Unit: "mmHg", Description: "Untreated mean home diastolic BP."),
            .. DrugClassNames.All.Select(c => new ParameterSpec(SensitivityParameter(c), ParameterKind.Real, 1.0, Min: 0, Max: 5,
                Description: $"Sensitivity to {c.Name()} drugs: the person's effect as a multiple of the Law 2003 average (1).")),
            new ParameterSpec("regimen", ParameterKind.Choice, "none",
                Description: "The regimen started on day 0, e.g. \"amlodipine 5mg + lisinopril 10mg\" (doses in mg or half/standard/double); none for no treatment."),
            new ParameterSpec("weeks", ParameterKind.Integer, 12, Min: 0, Max: 520, Unit: "weeks", Description: "Weeks simulated; 0 uses the scenario's horizon (days)."),
            new ParameterSpec("morning_only", ParameterKind.Boolean, ParameterValue.Of(false), Description: "Only a morning reading each day (default: morning 07:00 and evening 21:00)."),
            new ParameterSpec("missed_readings", ParameterKind.Real, 0.0, Min: 0, Max: 0.95, Description: "Fraction of readings missed at random."),
            new ParameterSpec("target_sys", ParameterKind.Real, 130, Min: 90, Max: 200, Unit: "mmHg", Description: "Home systolic target (ACC/AHA 2017: below 130)."),
            new ParameterSpec("target_dia", ParameterKind.Real, 80, Min: 50, Max: 120, Unit: "mmHg", Description: "Home diastolic target (ACC/AHA 2017: below 80)."),
        ],
        [
            new KpiSpec("home_sys_last_week", "mmHg", KpiDirection.Minimise, "Mean systolic of the home readings in the last 7 days."),
            new KpiSpec("home_dia_last_week", "mmHg", KpiDirection.Minimise, "Mean diastolic of the home readings in the last 7 days."),
            new KpiSpec("reached_target", null, KpiDirection.Maximise,
                "1 when the last week's mean home BP is below the target (systolic and diastolic), else 0; its mean is the probability of reaching target."),
            new KpiSpec("days_to_target", "days", KpiDirection.Minimise,
                "Days from the start until the mean of the past 7 days' readings is first below target (a full week needed, so 7 at the earliest); NaN, left out of the summary, when never."),
        ]);

    /// <inheritdoc />
    public IPreparedModel Prepare(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var p = setup.Parameters;
        var untreated = new BpChange(p.GetDouble("untreated_sys"), p.GetDouble("untreated_dia"));
        if (untreated.Diastolic >= untreated.Systolic)
            Invalid($"untreated_dia ({untreated.Diastolic}) must be below untreated_sys ({untreated.Systolic})");
        var person = new PatientPhysiology(untreated, DrugClassNames.All.Select(c => p.GetDouble(SensitivityParameter(c))).ToArray());
        var regimenText = p.GetText("regimen");
        Regimen regimen;
        try
        {
            regimen = Regimen.Parse(regimenText);
        }
        catch (RegimenFormatException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Simulator '{SimulatorName}', parameter 'regimen': {e.Message}");
        }
        var weeks = p.GetInt("weeks");
        var days = weeks > 0 ? weeks * 7 : (int)Math.Floor(setup.Horizon);
        if (weeks == 0 && !(setup.Horizon >= 7 && setup.Horizon <= 520 * 7))
            Invalid($"with weeks = 0 the scenario's horizon must be 7 to {520 * 7} days, not {setup.Horizon}");
        var schedule = (p.GetBool("morning_only") ? ReadingSchedule.MorningOnly : ReadingSchedule.Default).WithMissed(p.GetDouble("missed_readings"));
        var target = new BpChange(p.GetDouble("target_sys"), p.GetDouble("target_dia"));
        var history = new[] { new RegimenPeriod(regimen, StartDay, null, "scenario parameter 'regimen'") };
        var effects = BpResponse.DailyEffects(history, person, StartDay, days);
        var means = new BpChange[days];
        for (var d = 0; d < days; d++) means[d] = untreated - effects[d];
        return new HypertensionScenario(person, regimen, means, NoiseModel.Default, schedule, target);
    }

    /// <summary>Builds one scenario from parameter values (defaults for any not given).</summary>
    /// <exception cref="TwinLabException">An unknown parameter or a value that is not usable.</exception>
    public IPreparedModel Prepare(params (string Name, ParameterValue Value)[] parameters) =>
        Prepare(new SimulationSetup(null, ParameterSet.Create(Info, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))), 0, []));

    private static void Invalid(string why) => throw new TwinLabException(ErrorCodes.InvalidArgument, $"Simulator '{SimulatorName}': {why}.");
}
