using TwinLab.Simulation.Reports;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Tests.Reports;

/// <summary>Each sample record's HTML, rendered once and shared: rendering draws every chart, and many tests read the same report.</summary>
internal static class RenderedReports
{
    private static readonly Dictionary<string, Func<ExperimentRecord>> Records = new()
    {
        ["montecarlo"] = () => ReportRecords.MonteCarlo(),
        ["compare"] = ReportRecords.Compare,
        ["optimise"] = ReportRecords.Optimise,
        ["tornado"] = ReportRecords.Tornado,
        ["sobol"] = ReportRecords.Sobol,
        ["calibrate"] = ReportRecords.Calibrate,
        ["undefined"] = ReportRecords.Undefined,
    };

    private static readonly Dictionary<string, Lazy<string>> Html =
        Records.ToDictionary(r => r.Key, r => new Lazy<string>(() => ReportWriter.RenderHtml(r.Value())));

    public static IEnumerable<object[]> Kinds => Records.Keys.Select(k => new object[] { k });

    public static ExperimentRecord Record(string kind) => Records[kind]();

    public static string HtmlOf(string kind) => Html[kind].Value;
}
