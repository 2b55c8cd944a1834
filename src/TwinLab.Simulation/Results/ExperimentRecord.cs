using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Compare;
using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Results;

/// <summary>
/// An experiment's results in the form that is stored, written to <c>results.json</c> and drawn in reports: plain data,
/// a stable schema, everything needed to reproduce it in <see cref="Provenance"/>.
/// </summary>
public sealed record ExperimentRecord
{
    /// <summary>Schema version of this record.</summary>
    public int Schema { get; init; } = 1;
    /// <summary>Result id (unique per run).</summary>
    public required string Id { get; init; }
    /// <summary>Scenario name.</summary>
    public required string Name { get; init; }
    /// <summary>Experiment type (<c>montecarlo</c>, <c>compare</c>, <c>sweep</c>, <c>optimise</c>, <c>sensitivity</c>, <c>calibrate</c>).</summary>
    public required string Type { get; init; }
    /// <summary>Simulator name.</summary>
    public required string Simulator { get; init; }
    /// <summary>When the run started.</summary>
    public required DateTimeOffset Started { get; init; }
    /// <summary>Wall-clock duration in seconds.</summary>
    public required double ElapsedSeconds { get; init; }
    /// <summary>Whether the run was stopped early (the finished replications are kept).</summary>
    public bool Cancelled { get; init; }
    /// <summary>What reproduces the result.</summary>
    public required Provenance Provenance { get; init; }
    /// <summary>The KPIs shown, with units and directions.</summary>
    public required IReadOnlyList<KpiSpec> Kpis { get; init; }
    /// <summary>Every scenario run, with KPI summaries and values per replication.</summary>
    public required IReadOnlyList<ScenarioRecord> Scenarios { get; init; }
    /// <summary>Paired comparisons with the baseline (compare).</summary>
    public IReadOnlyList<KpiDelta>? Comparisons { get; init; }
    /// <summary>Sweep factors (sweep): the parameters that vary between scenarios.</summary>
    public IReadOnlyList<string>? Factors { get; init; }
    /// <summary>Optimisation outcome (optimise).</summary>
    public OptimisationRecord? Optimisation { get; init; }
    /// <summary>Tornado bars per KPI (sensitivity, tornado).</summary>
    public IReadOnlyList<TornadoKpi>? Tornado { get; init; }
    /// <summary>Sobol indices per KPI (sensitivity, sobol).</summary>
    public IReadOnlyList<SobolOutput>? Sobol { get; init; }
    /// <summary>Calibration outcome (calibrate).</summary>
    public CalibrationRecord? Calibration { get; init; }
    /// <summary>Warnings and notes for the reader.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>What reproduces a result.</summary>
/// <param name="ScenarioFile">The scenario file as given.</param>
/// <param name="ScenarioHash">SHA-256 of its bytes.</param>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Threads">Threads used (results do not depend on it).</param>
/// <param name="Branch">Branch the experiment forked.</param>
/// <param name="Sequence">Sequence number of the twin state it started from.</param>
/// <param name="ExperimentBranch">The fresh branch it ran on.</param>
/// <param name="ModelVersion">The simulator's assembly and version.</param>
/// <param name="CodeVersion">TwinLab's version.</param>
public sealed record Provenance(
    string ScenarioFile, string ScenarioHash, ulong Seed, int Threads, string Branch, long Sequence, string ExperimentBranch,
    string ModelVersion, string CodeVersion);

/// <summary>One scenario's results.</summary>
/// <param name="Index">Index in the experiment.</param>
/// <param name="Name">Scenario name.</param>
/// <param name="Parameters">Parameter values as text.</param>
/// <param name="Interventions">Interventions applied.</param>
/// <param name="Replications">Replications finished.</param>
/// <param name="Summaries">KPI summaries, in the order of <see cref="ExperimentRecord.Kpis"/>.</param>
/// <param name="Values">KPI values per replication, by KPI name.</param>
/// <param name="Series">Time-series bands.</param>
public sealed record ScenarioRecord(
    int Index, string Name, IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<string> Interventions, int Replications,
    IReadOnlyList<KpiSummary> Summaries, IReadOnlyDictionary<string, double[]> Values, IReadOnlyList<SeriesBand> Series);

/// <summary>An optimisation's outcome.</summary>
/// <param name="Objective">The objective, as text.</param>
/// <param name="Direction">Maximise or minimise.</param>
/// <param name="Method">Search method used.</param>
/// <param name="Evaluations">Candidates simulated.</param>
/// <param name="Best">The best candidates (after confirmation when it ran), best first.</param>
/// <param name="History">Every candidate evaluated, in order.</param>
/// <param name="BestSignificantlyBetter">Whether the best beat the runner-up significantly (paired CI), if known.</param>
public sealed record OptimisationRecord(
    string Objective, KpiDirection Direction, string Method, int Evaluations, IReadOnlyList<CandidateRecord> Best,
    IReadOnlyList<CandidateRecord> History, bool? BestSignificantlyBetter);

/// <summary>One evaluated candidate.</summary>
/// <param name="Name">Its parameter values as a name.</param>
/// <param name="Parameters">Parameter values as text.</param>
/// <param name="Objective">Objective mean.</param>
/// <param name="CiLow">Lower end of its confidence interval.</param>
/// <param name="CiHigh">Upper end.</param>
/// <param name="Feasible">Whether it met the constraints.</param>
/// <param name="Replications">Replications behind it.</param>
/// <param name="KpiMeans">KPI means by name.</param>
public sealed record CandidateRecord(
    string Name, IReadOnlyDictionary<string, string> Parameters, double Objective, double CiLow, double CiHigh, bool Feasible,
    int Replications, IReadOnlyDictionary<string, double> KpiMeans);

/// <summary>A calibration's outcome.</summary>
/// <param name="Parameters">Fitted values with standard errors and intervals.</param>
/// <param name="Targets">Observed values the fit aimed at, with the simulated means at the fit.</param>
/// <param name="Converged">Whether the fit converged.</param>
/// <param name="Message">The optimiser's last word.</param>
public sealed record CalibrationRecord(
    IReadOnlyList<Experiments.Calibration.ParameterEstimate> Parameters, IReadOnlyList<TargetFit> Targets, bool Converged, string Message);

/// <summary>A calibration target against the calibrated model.</summary>
/// <param name="Kpi">KPI.</param>
/// <param name="Observed">Observed value.</param>
/// <param name="Sigma">Its uncertainty.</param>
/// <param name="Simulated">Simulated mean at the fitted parameters.</param>
public sealed record TargetFit(string Kpi, double Observed, double Sigma, double Simulated);
