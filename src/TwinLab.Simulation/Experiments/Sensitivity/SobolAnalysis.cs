using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>
/// Variance-based global sensitivity analysis: the first-order and total Sobol' indices of each factor
/// (Sobol', 1993; Saltelli et al., 2010, "Variance based sensitivity analysis of model output. Design and
/// estimator for the total sensitivity index", Comput. Phys. Commun. 181:259–270), estimated from Saltelli's
/// design in N·(k+2) model evaluations, with bootstrap confidence intervals.
/// </summary>
public static class SobolAnalysis
{
    /// <summary>
    /// Sobol' indices of every KPI of a simulator. Each model evaluation runs the scenario with the sampled factor
    /// values for <paramref name="replications"/> replications on stream index 0 (common random numbers, so the
    /// indices measure the factors, not the noise) and takes the KPI means.
    /// </summary>
    /// <param name="context">Simulator, options (seed, threads) and cancellation.</param>
    /// <param name="baseScenario">Values of the parameters that are not factors.</param>
    /// <param name="factors">Numeric parameters to vary, each uniformly over its range.</param>
    /// <param name="baseSamples">N, rows of each base matrix; a power of two for the quasi-random design.</param>
    /// <param name="replications">Replications per evaluation (1 is allowed).</param>
    /// <param name="options">Design and bootstrap settings.</param>
    /// <exception cref="TwinLabException">A factor is unknown, not numeric, repeated or has an unusable range.</exception>
    /// <exception cref="OperationCanceledException">The experiment was cancelled (partial indices would mislead).</exception>
    public static SobolResult Run(
        ExperimentContext context, ScenarioSpec baseScenario, IReadOnlyList<SobolFactor> factors,
        int baseSamples, int replications, SobolOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        options ??= new SobolOptions();
        var resolved = SobolFactors.Resolve(context.Info, factors);
        var specs = resolved.Select(f => context.Info.Parameters.First(p => p.Name == f.Parameter)).ToArray();
        var design = Prepare(resolved, baseSamples, options, context.Options.Seed);
        var kpis = context.Info.Kpis.Count;
        var y = new double[kpis][];
        for (var k = 0; k < kpis; k++) y[k] = new double[design.Evaluations];
        context.Plan(design.Evaluations * replications);
        for (var e = 0L; e < design.Evaluations; e++)
        {
            var values = SobolFactors.Values(resolved, specs, design.UnitPoint(e));
            var changes = resolved.Select((f, i) => KeyValuePair.Create(f.Parameter, ParameterValue.Of(values[i])));
            var scenario = baseScenario with { Name = $"sobol {e}", Parameters = baseScenario.Parameters.With(context.Info, changes) };
            var result = context.Run(scenario, (int)e, replications, streamIndex: 0);
            if (context.IsCancelled) throw new OperationCanceledException("The Sobol' analysis was cancelled.", context.CancellationToken);
            for (var k = 0; k < kpis; k++) y[k][e] = result.Summaries[k].Mean;
        }
        var names = context.Info.Kpis.Select(k => k.Name).ToArray();
        return Finish(names, y, resolved, design, replications, options, context.Options);
    }

    /// <summary>
    /// Sobol' indices of a deterministic function of the factors (output "y"). The function receives the factor
    /// values in factor order and is called from several threads at once, so it must be thread-safe.
    /// </summary>
    /// <param name="model">The function.</param>
    /// <param name="factors">Factors, each with both <see cref="SobolFactor.Min"/> and <see cref="SobolFactor.Max"/>.</param>
    /// <param name="baseSamples">N, rows of each base matrix.</param>
    /// <param name="run">Seed and threads.</param>
    /// <param name="options">Design and bootstrap settings.</param>
    /// <exception cref="TwinLabException">A factor is repeated or has an unusable range.</exception>
    public static SobolResult Run(
        Func<double[], double> model, IReadOnlyList<SobolFactor> factors, int baseSamples, RunOptions run, SobolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new SobolOptions();
        var resolved = SobolFactors.Resolve(factors);
        var design = Prepare(resolved, baseSamples, options, run.Seed);
        var y = new double[design.Evaluations];
        Parallel.For(0L, design.Evaluations, new ParallelOptions { MaxDegreeOfParallelism = run.EffectiveThreads }, e =>
            y[e] = model(SobolFactors.Values(resolved, null, design.UnitPoint(e))));
        return Finish(["y"], [y], resolved, design, 1, options, run);
    }

    private static SaltelliDesign Prepare(IReadOnlyList<SobolFactor> factors, int baseSamples, SobolOptions options, ulong seed)
    {
        if (baseSamples < 2)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"A Sobol' analysis needs at least 2 base samples; got {baseSamples}.");
        if (options.BootstrapResamples < 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Bootstrap resamples must not be negative; got {options.BootstrapResamples}.");
        if (options.Confidence is <= 0 or >= 1 || double.IsNaN(options.Confidence))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Confidence must be in (0, 1); got {options.Confidence}.");
        return SaltelliDesign.Create(baseSamples, factors.Count, options.Design, seed);
    }

    private static SobolResult Finish(
        string[] names, double[][] y, IReadOnlyList<SobolFactor> factors, SaltelliDesign design, int replications,
        SobolOptions options, RunOptions run)
    {
        var warnings = new List<string>();
        if (design.Design != options.Design)
            warnings.Add($"{factors.Count} factors need {2 * factors.Count} quasi-random dimensions; the table has " +
                         $"{SobolSequence.MaxDimensions}, so the design is pseudo-random.");
        var factorNames = factors.Select(f => f.Parameter).ToArray();
        var outputs = new SobolOutput[names.Length];
        for (var o = 0; o < names.Length; o++)
        {
            var bad = y[o].Count(v => !double.IsFinite(v));
            if (bad > 0) warnings.Add($"Output '{names[o]}' was not a finite number in {bad} of {y[o].Length} evaluations; its indices are NaN.");
            outputs[o] = SobolEstimators.Analyse(names[o], y[o], design.N, factorNames, options.BootstrapResamples,
                options.Confidence, run.Seed, run.EffectiveThreads);
            if (bad == 0 && outputs[o].Variance <= 0)
                warnings.Add($"Output '{names[o]}' did not vary over the factor ranges; its indices are undefined (NaN).");
        }
        return new SobolResult(factors, design.N, replications, design.Evaluations, design.Design, options.Confidence, outputs, warnings);
    }
}
