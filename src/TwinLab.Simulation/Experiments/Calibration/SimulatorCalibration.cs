using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// Calibrates a stochastic simulator: finds the parameter values whose simulated KPI means come closest to observed
/// values, minimising Σ((observed − simulated mean)/σ)² (the method of simulated moments; McFadden, 1989,
/// Econometrica 57:995–1026; Kleijnen, Design and Analysis of Simulation Experiments, 2015, §5).
/// </summary>
/// <remarks>
/// Every evaluation runs the same replications on stream index 0 (common random numbers), so the simulated means
/// are a deterministic, usually smooth function of the parameters and the optimisers see no noise between
/// neighbouring points. The intervals treat the targets' σ as the only error: the simulation's own error at the
/// estimate (see <see cref="SimulatorCalibrationResult.Simulated"/>) should be small beside σ — add replications
/// until it is. Bootstrap refits run one at a time here, because each evaluation already runs its replications in parallel.
/// </remarks>
public static class SimulatorCalibration
{
    // Bootstrap noise is drawn from a stream index no scenario uses, so it is independent of the replications.
    private const int BootstrapStream = -3;

    /// <summary>Fits <paramref name="parameters"/> of the simulator to <paramref name="targets"/>.</summary>
    /// <param name="context">Simulator, options and cancellation.</param>
    /// <param name="baseScenario">Values of every parameter that is not fitted.</param>
    /// <param name="parameters">Real parameters to fit; infinite bounds take the parameter's own.</param>
    /// <param name="targets">Observed KPI values with their standard errors.</param>
    /// <param name="replications">Replications per evaluation.</param>
    /// <param name="options">Defaults: σ known, asymptotic and profile intervals, a finite-difference step of 1e-3.</param>
    /// <exception cref="TwinLabException">An unknown or non-real parameter, an unknown KPI, a non-positive σ, or too few targets.</exception>
    /// <exception cref="OperationCanceledException">The experiment was cancelled.</exception>
    public static SimulatorCalibrationResult Fit(
        ExperimentContext context, ScenarioSpec baseScenario, IReadOnlyList<FreeParameter> parameters,
        IReadOnlyList<KpiTarget> targets, int replications, CalibrationOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        var info = context.Info;
        var free = parameters.Select(p => WithinSpec(info, p)).ToArray();
        var kpis = targets.Select(t => KpiIndex(info, t)).ToArray();
        var observations = targets.Select((t, i) => new Observation(i, t.Observed, t.Sigma, t.Kpi)).ToArray();
        options = (options ?? new CalibrationOptions { SigmaKnown = true, DifferenceStep = 1e-3 }) with { Threads = 1 };

        var evaluation = 0;
        ScenarioSpec Scenario(IReadOnlyDictionary<string, double> values) => baseScenario with
        {
            Name = "calibration",
            Parameters = baseScenario.Parameters.With(info, values.Select(kv => KeyValuePair.Create(kv.Key, ParameterValue.Of(kv.Value)))),
        };
        ScenarioResult Simulate(IReadOnlyDictionary<string, double> values)
        {
            context.Plan(replications);
            var result = context.Run(Scenario(values), evaluation++, replications, streamIndex: 0);
            if (context.IsCancelled) throw new OperationCanceledException("The calibration was cancelled.", context.CancellationToken);
            return result;
        }
        var problem = new CalibrationProblem(free, observations, (values, _) =>
        {
            var result = Simulate(values);
            return kpis.Select(k => result.Summaries[k].Mean).ToArray();
        });

        var fit = Calibrator.Fit(problem, options, BootstrapStream, context.CancellationToken);
        var simulated = Simulate(fit.Values);
        return new SimulatorCalibrationResult(fit, targets, Scenario(fit.Values) with { Name = $"{baseScenario.Name} (calibrated)" }, simulated);
    }

    private static FreeParameter WithinSpec(SimulatorInfo info, FreeParameter parameter)
    {
        var spec = info.Parameters.FirstOrDefault(p => p.Name == parameter.Name) ?? throw Error(
            $"Simulator '{info.Name}' has no parameter '{parameter.Name}' (it has: {string.Join(", ", info.Parameters.Select(p => p.Name))}).");
        if (spec.Kind != ParameterKind.Real)
            throw Error($"Parameter '{parameter.Name}' is a {spec.Kind.ToString().ToLowerInvariant()} parameter; only real parameters can be calibrated.");
        var lower = Math.Max(parameter.Lower, spec.Min);
        var upper = Math.Min(parameter.Upper, spec.Max);
        if (parameter.Lower < spec.Min && double.IsFinite(parameter.Lower) || parameter.Upper > spec.Max && double.IsFinite(parameter.Upper))
            throw Error($"Parameter '{parameter.Name}': bounds [{parameter.Lower}, {parameter.Upper}] leave its allowed range [{spec.Min}, {spec.Max}].");
        return parameter with { Lower = lower, Upper = upper };
    }

    private static int KpiIndex(SimulatorInfo info, KpiTarget target)
    {
        var index = info.KpiIndex(target.Kpi);
        if (index < 0) throw Error(
            $"Target names KPI '{target.Kpi}', which simulator '{info.Name}' does not report (it reports: {string.Join(", ", info.Kpis.Select(k => k.Name))}).");
        if (!(target.Sigma > 0 && double.IsFinite(target.Sigma)))
            throw Error($"Target '{target.Kpi}': σ must be a positive number; got {target.Sigma}.");
        return index;
    }

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, message);
}
