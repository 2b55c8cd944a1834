using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>The result of a one-at-a-time (tornado) analysis.</summary>
/// <param name="Base">The base scenario's replications.</param>
/// <param name="Runs">Per parameter, the low and high runs, in the order the ranges were given.</param>
/// <param name="Kpis">Per KPI, the bars in tornado order.</param>
/// <param name="Complete">False when the experiment was cancelled before every parameter ran (bars cover those that did).</param>
public sealed record TornadoResult(ScenarioResult Base, IReadOnlyList<TornadoRun> Runs, IReadOnlyList<TornadoKpi> Kpis, bool Complete)
{
    /// <summary>The bars of one KPI by name.</summary>
    /// <exception cref="KeyNotFoundException">No KPI has that name.</exception>
    public TornadoKpi Kpi(string name) => Kpis.FirstOrDefault(k => k.Kpi == name) ?? throw new KeyNotFoundException($"No KPI '{name}'.");
}

/// <summary>The two runs of one parameter.</summary>
/// <param name="Parameter">Parameter name.</param>
/// <param name="LowValue">Value in the low run.</param>
/// <param name="HighValue">Value in the high run.</param>
/// <param name="Low">Replications at the low value.</param>
/// <param name="High">Replications at the high value.</param>
public sealed record TornadoRun(string Parameter, double LowValue, double HighValue, ScenarioResult Low, ScenarioResult High);

/// <summary>The tornado of one KPI.</summary>
/// <param name="Kpi">KPI name.</param>
/// <param name="Base">The KPI in the base scenario.</param>
/// <param name="Bars">One bar per parameter, largest swing first (ties keep the order the ranges were given).</param>
public sealed record TornadoKpi(string Kpi, KpiSummary Base, IReadOnlyList<TornadoBar> Bars);

/// <summary>One bar of a tornado: a KPI at a parameter's low and high value.</summary>
/// <param name="Parameter">Parameter name.</param>
/// <param name="LowValue">The parameter's low value.</param>
/// <param name="HighValue">The parameter's high value.</param>
/// <param name="Low">The KPI at the low value (mean and CI).</param>
/// <param name="High">The KPI at the high value (mean and CI).</param>
/// <param name="Effect">The paired differences high − low across replications: mean and CI. Runs share random
/// numbers, so this interval is usually much narrower than the two separate ones suggest.</param>
public sealed record TornadoBar(
    string Parameter, double LowValue, double HighValue, KpiSummary Low, KpiSummary High, KpiSummary Effect)
{
    /// <summary>The bar's length: |mean at high − mean at low|.</summary>
    public double Swing => Math.Abs(High.Mean - Low.Mean);
}
