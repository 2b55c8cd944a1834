using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>
/// The charts of an experiment report, drawn with ScottPlot from an <see cref="ExperimentRecord"/>. Each method answers
/// null when the record has nothing to draw (wrong experiment type, unknown name, only undefined values); render the
/// chart with <see cref="ReportChart.ToPng"/> or <see cref="ReportChart.ToSvg"/>.
/// </summary>
public static class ReportPlots
{
    /// <summary>Histogram of a KPI's replication values per scenario (overlaid, means as vertical lines), or a strip per scenario when there are many.</summary>
    /// <param name="record">The experiment.</param>
    /// <param name="kpi">KPI name.</param>
    public static ReportChart? KpiDistribution(ExperimentRecord record, string kpi) => DistributionChart.Create(record, kpi);

    /// <summary>Each scenario's mean of a KPI with its confidence interval; null with fewer than two scenarios.</summary>
    /// <param name="record">The experiment.</param>
    /// <param name="kpi">KPI name.</param>
    public static ReportChart? ScenarioComparison(ExperimentRecord record, string kpi) => ComparisonChart.Create(record, kpi);

    /// <summary>Compare experiments: each alternative's difference from the baseline with its CI, coloured better/worse/not significant.</summary>
    /// <param name="record">The experiment.</param>
    /// <param name="kpi">KPI name.</param>
    public static ReportChart? ComparisonDeltas(ExperimentRecord record, string kpi) => DeltaChart.Create(record, kpi);

    /// <summary>A time series: mean line over a shaded 5th–95th percentile band per scenario.</summary>
    /// <param name="record">The experiment.</param>
    /// <param name="series">Series name.</param>
    public static ReportChart? TimeSeries(ExperimentRecord record, string series) => SeriesChart.Create(record, series);

    /// <summary>Tornado analyses: horizontal bars from the base mean to the KPI at each parameter's low and high value, largest swing on top.</summary>
    /// <param name="record">The experiment.</param>
    /// <param name="kpi">KPI name.</param>
    public static ReportChart? Tornado(ExperimentRecord record, string kpi) => TornadoChart.Create(record, kpi);

    /// <summary>Optimisations: the objective of each candidate in evaluation order with the best-so-far line.</summary>
    /// <param name="record">The experiment.</param>
    public static ReportChart? OptimisationProgress(ExperimentRecord record) => OptimisationProgressChart.Create(record);

    /// <summary>Optimisations over one or two numeric variables: the objective across the decision space.</summary>
    /// <param name="record">The experiment.</param>
    public static ReportChart? OptimisationSurface(ExperimentRecord record) => OptimisationSurfaceChart.Create(record);

    /// <summary>Sobol analyses: first-order and total indices per factor with interval whiskers.</summary>
    /// <param name="record">The experiment.</param>
    /// <param name="kpi">KPI name.</param>
    public static ReportChart? Sobol(ExperimentRecord record, string kpi) => SobolChart.Create(record, kpi);

    /// <summary>Calibrations: observed value (±σ) and simulated mean per target.</summary>
    /// <param name="record">The experiment.</param>
    public static ReportChart? Calibration(ExperimentRecord record) => CalibrationChart.Create(record);

    /// <summary>Every chart the record supports, in report order, with unique <see cref="ReportChart.Name"/>s.</summary>
    /// <param name="record">The experiment.</param>
    public static IReadOnlyList<ReportChart> All(ExperimentRecord record)
    {
        var kpis = record.KpiNames();
        IEnumerable<ReportChart?> charts =
        [
            .. kpis.SelectMany(k => new[] { KpiDistribution(record, k), ScenarioComparison(record, k), ComparisonDeltas(record, k) }),
            .. record.SeriesNames().Select(s => TimeSeries(record, s)),
            .. kpis.Select(k => Tornado(record, k)),
            .. kpis.Select(k => Sobol(record, k)),
            OptimisationProgress(record),
            OptimisationSurface(record),
            Calibration(record),
        ];
        return ChartNames.Unique(charts.OfType<ReportChart>());
    }
}
