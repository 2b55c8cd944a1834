using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments;

/// <summary>
/// Runs replications of one prepared scenario in parallel. Replication <c>r</c> of stream index <c>s</c> always
/// draws from <see cref="RandomStream.For"/>(seed, s, r) and its outcome is stored at position <c>r</c>, so the
/// result is identical for any thread count.
/// </summary>
internal static class ReplicationRunner
{
    /// <summary>Runs replications <paramref name="first"/> … first+count−1 into <paramref name="outcomes"/>; returns how many finished.</summary>
    public static int RunRange(
        IPreparedModel model, RunOptions options, int streamIndex, int first, int count,
        ReplicationOutcome?[] outcomes, Action onFinished, CancellationToken cancellationToken)
    {
        var finished = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveThreads };
        try
        {
            // Without a token on ParallelOptions: no new replication starts after a stop; those under way see the token
            // (a simulator may stop early by throwing OperationCanceledException) and the finished ones are kept.
            Parallel.For(first, first + count, parallel, (r, state) =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }
                var outcome = model.Run(RandomStream.For(options.Seed, streamIndex, r), cancellationToken);
                outcomes[r] = outcome;
                Interlocked.Increment(ref finished);
                onFinished();
            });
        }
        catch (AggregateException e) when (cancellationToken.IsCancellationRequested && e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            // A replication that observed the token: the finished ones are kept.
        }
        return finished;
    }

    /// <summary>Builds the scenario result from the finished outcomes (in replication order).</summary>
    public static ScenarioResult Collect(
        SimulatorInfo info, int index, string name, ParameterSet parameters, IReadOnlyList<string> interventions,
        int streamIndex, ReadOnlySpan<ReplicationOutcome?> outcomes)
    {
        var done = new List<int>();
        for (var r = 0; r < outcomes.Length; r++)
            if (outcomes[r] is not null) done.Add(r);
        var values = new double[info.Kpis.Count][];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = new double[done.Count];
            for (var i = 0; i < done.Count; i++)
            {
                var kpis = outcomes[done[i]]!.Kpis;
                if (kpis.Length != info.Kpis.Count)
                    throw new InvalidOperationException(
                        $"Simulator '{info.Name}' returned {kpis.Length} KPI values; it declares {info.Kpis.Count}.");
                values[k][i] = kpis[k];
            }
        }
        var summaries = info.Kpis.Select((kpi, k) => Summaries.Summarize(kpi.Name, values[k])).ToArray();
        var finished = new List<ReplicationOutcome>(done.Count);
        foreach (var r in done) finished.Add(outcomes[r]!);
        var series = Bands(finished);
        return new ScenarioResult(index, name, parameters, interventions, streamIndex, values, [.. done], summaries, series);
    }

    private static IReadOnlyList<SeriesBand> Bands(List<ReplicationOutcome> outcomes)
    {
        if (outcomes.Count == 0 || outcomes[0].Series is not { Count: > 0 } first) return [];
        var bands = new List<SeriesBand>();
        for (var s = 0; s < first.Count; s++)
        {
            var times = first[s].Times;
            var mean = new double[times.Length];
            var p5 = new double[times.Length];
            var p95 = new double[times.Length];
            var column = new double[outcomes.Count];
            for (var t = 0; t < times.Length; t++)
            {
                var n = 0;
                foreach (var o in outcomes)
                    if (o.Series is { } list && s < list.Count && t < list[s].Values.Length) column[n++] = list[s].Values[t];
                var span = column.AsSpan(0, n);
                span.Sort();
                mean[t] = n == 0 ? double.NaN : Summaries.MeanAndStdDev(span).Mean;
                p5[t] = Summaries.Percentile(span, 0.05);
                p95[t] = Summaries.Percentile(span, 0.95);
            }
            bands.Add(new SeriesBand(first[s].Name, times, mean, p5, p95));
        }
        return bands;
    }
}
