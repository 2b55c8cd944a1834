using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Experiments.Compare;
using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Tests.Reports;

/// <summary>Hand-made experiment records of every type, with deterministic values, for report tests.</summary>
internal static class ReportRecords
{
    public const string Hash = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    public const ulong Seed = 424242;

    public static readonly KpiSpec[] Kpis =
    [
        new("throughput", "jobs/h", KpiDirection.Maximise),
        new("mean_wait", "min", KpiDirection.Minimise),
    ];

    public static ExperimentRecord MonteCarlo(string name = "Line 3 night shift") => Base(name, "montecarlo") with
    {
        Scenarios = [Scenario(0, "current layout", 100, 5, 40), Scenario(1, "extra buffer", 104, 4, 40)],
    };

    public static ExperimentRecord Compare() => Base("Buffer study", "compare") with
    {
        Scenarios = [Scenario(0, "baseline", 100, 5, 30), Scenario(1, "buffer+2", 103, 4, 30), Scenario(2, "slow feeder", 95, 5.5, 30)],
        Comparisons =
        [
            Delta(0, "buffer+2", "throughput", KpiDirection.Maximise, 100, 103, 1.0, 5.0, 0.001),
            Delta(0, "buffer+2", "mean_wait", KpiDirection.Minimise, 5, 4, -1.4, -0.6, 0.0004),
            Delta(1, "slow feeder", "throughput", KpiDirection.Maximise, 100, 95, -7.0, -3.0, 0.00001),
            Delta(1, "slow feeder", "mean_wait", KpiDirection.Minimise, 5, 5.5, -0.1, 1.1, 0.09),
        ],
    };

    public static ExperimentRecord Optimise()
    {
        var history = Enumerable.Range(0, 12).Select(i =>
        {
            int servers = 1 + i % 4, buffer = 2 * (i / 4);
            var objective = 80 + 5 * servers + 2 * buffer - 0.8 * servers * servers + Noise(i);
            return Candidate($"servers={servers}, buffer={buffer}", servers, buffer, objective, feasible: i != 5);
        }).ToArray();
        var best = history.Where(c => c.Feasible).OrderByDescending(c => c.Objective).Take(3).ToArray();
        return Base("Staffing search", "optimise") with
        {
            Scenarios = best.Select((c, i) => Scenario(i, c.Name, c.Objective, 5, 20)).ToArray(),
            Optimisation = new OptimisationRecord("maximise throughput", KpiDirection.Maximise, "Exhaustive", history.Length, best, history, false),
            Notes = ["The search used its whole budget; a larger budget may find better candidates."],
        };
    }

    public static ExperimentRecord Tornado()
    {
        var baseSummary = Summary("throughput", Values(100, 5, 30));
        TornadoBar Bar(string parameter, double low, double high, double atLow, double atHigh) => new(
            parameter, low, high, Summary("throughput", Values(atLow, 5, 30)), Summary("throughput", Values(atHigh, 5, 30)),
            Summary("throughput", Values(atHigh - atLow, 1, 30)));
        return Base("Throughput drivers", "sensitivity") with
        {
            Scenarios = [Scenario(0, "base", 100, 5, 30), Scenario(1, "servers=1", 90, 6, 30), Scenario(2, "servers=3", 108, 4, 30)],
            Tornado = [new TornadoKpi("throughput", baseSummary, [Bar("buffer", 2, 8, 97, 102), Bar("servers", 1, 3, 90, 108), Bar("speed", 0.9, 1.1, 99.5, 100.4)])],
            Factors = ["servers", "buffer", "speed"],
        };
    }

    public static ExperimentRecord Sobol() => Base("Variance decomposition", "sensitivity") with
    {
        Scenarios = [],
        Sobol =
        [
            new SobolOutput("throughput", 100, 25,
            [
                new SobolIndex("servers", 0.62, 0.55, 0.69, 0.70, 0.63, 0.78),
                new SobolIndex("buffer", 0.21, 0.15, 0.27, 0.26, 0.20, 0.33),
                new SobolIndex("speed", 0.01, -0.02, 0.04, 0.02, 0.00, 0.05),
            ]),
        ],
        Factors = ["servers", "buffer", "speed"],
        Notes = ["4096 model evaluations of 5 replications each."],
    };

    public static ExperimentRecord Calibrate() => Base("Fit to March data", "calibrate") with
    {
        Scenarios = [Scenario(0, "calibrated", 98, 5.2, 20)],
        Calibration = new CalibrationRecord(
        [
            new ParameterEstimate("arrival_rate", 11.8, 0.4, new Interval(11.0, 12.6), new Interval(11.1, 12.7), null, null),
            new ParameterEstimate("service_time", 4.9, double.NaN, null, null, new Interval(4.5, 5.4), 0.22),
        ],
        [new TargetFit("throughput", 99, 2, 98), new TargetFit("mean_wait", 5.0, 0.3, 5.2)], true, "Converged: relative change below 1e-8."),
    };

    /// <summary>A montecarlo record where one KPI is undefined in every replication and a series has gaps.</summary>
    public static ExperimentRecord Undefined()
    {
        var nan = Enumerable.Repeat(double.NaN, 10).ToArray();
        var summary = new KpiSummary("mean_wait", 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            double.NaN, double.NaN, double.NaN, double.NaN, 0.95);
        var throughput = Values(100, 5, 10);
        var series = new SeriesBand("wip", [0, 1, 2, 3], [1, double.NaN, 3, 2], [0.5, double.NaN, 2, 1], [1.5, double.NaN, 4, 3]);
        var scenario = new ScenarioRecord(0, "empty shift", new Dictionary<string, string>(), [], 10,
            [Summary("throughput", throughput), summary],
            new Dictionary<string, double[]> { ["throughput"] = throughput, ["mean_wait"] = nan }, [series]);
        return Base("No jobs", "montecarlo") with { Scenarios = [scenario], Notes = ["mean_wait is undefined: no job finished."] };
    }

    public static ExperimentRecord Base(string name, string type) => new()
    {
        Id = "20250301-120000-9f2c4e7a-424242",
        Name = name,
        Type = type,
        Simulator = "production-line",
        Started = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero),
        ElapsedSeconds = 12.345,
        Provenance = new Provenance("scenarios/line3.yaml", Hash, Seed, 8, "main", 1234, "exp/20250301-120000", "TwinLab.Factory 1.2.0",
            "TwinLab 0.9.0+abc123"),
        Kpis = Kpis,
        Scenarios = [],
    };

    public static ScenarioRecord Scenario(int index, string name, double throughput, double wait, int n)
    {
        var t = Values(throughput, throughput * 0.05, n);
        var w = Values(wait, wait * 0.2, n);
        var times = Enumerable.Range(0, 25).Select(i => i * 0.5).ToArray();
        var mean = times.Select(x => wait * (1 - Math.Exp(-x / 3))).ToArray();
        var band = new SeriesBand("wip", times, mean, mean.Select(m => m * 0.7).ToArray(), mean.Select(m => m * 1.3).ToArray());
        return new ScenarioRecord(index, name, new Dictionary<string, string> { ["buffer"] = (2 + index).ToString(), ["servers"] = "2" },
            index == 0 ? [] : ["add buffer"], n, [Summary("throughput", t), Summary("mean_wait", w)],
            new Dictionary<string, double[]> { ["throughput"] = t, ["mean_wait"] = w }, [band]);
    }

    /// <summary>Deterministic values with roughly the given mean and spread.</summary>
    public static double[] Values(double mean, double spread, int n) =>
        Enumerable.Range(0, n).Select(i => mean + spread * Noise(i)).ToArray();

    public static KpiSummary Summary(string name, double[] values)
    {
        var finite = values.Where(double.IsFinite).OrderBy(v => v).ToArray();
        var mean = finite.Average();
        var sd = Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
        double Q(double p) => finite[(int)Math.Round(p * (finite.Length - 1))];
        var half = 1.96 * sd / Math.Sqrt(finite.Length);
        return new KpiSummary(name, finite.Length, mean, sd, finite[0], finite[^1], Q(0.05), Q(0.25), Q(0.5), Q(0.75), Q(0.95),
            mean - half, mean + half, 0.95);
    }

    // A fixed, irregular sequence in about [-1.7, 1.7]: enough spread for histograms without a random generator.
    private static double Noise(int i) => Math.Sin(i * 1.7) + 0.7 * Math.Cos(i * 0.61);

    private static KpiDelta Delta(int index, string alternative, string kpi, KpiDirection direction, double baseMean, double altMean,
        double low, double high, double p) =>
        new(index, alternative, kpi, direction, 30, baseMean, altMean, altMean - baseMean, 1.2,
            new DeltaInterval(low, high, 0.95), new DeltaInterval(low - 0.2, high + 0.2, 0.975), 100 * (altMean - baseMean) / baseMean,
            p, Math.Min(1, 2 * p));

    private static CandidateRecord Candidate(string name, int servers, int buffer, double objective, bool feasible) =>
        new(name, new Dictionary<string, string> { ["buffer"] = buffer.ToString(), ["servers"] = servers.ToString(), ["policy"] = "fifo" },
            objective, objective - 1.5, objective + 1.5, feasible, 20,
            new Dictionary<string, double> { ["throughput"] = objective, ["mean_wait"] = 30 / objective });
}
