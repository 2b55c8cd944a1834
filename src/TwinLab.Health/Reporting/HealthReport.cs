using TwinLab.Health.Prediction;
using TwinLab.Simulation.Reports;

namespace TwinLab.Health.Reporting;

/// <summary>
/// The hypertension twin's report: one self-contained HTML file (style and SVG charts inline, nothing fetched) with the
/// patient summary and medication history, the readings over time with regimen periods, the calibration (class
/// sensitivities with intervals), the predicted BP trajectories under the top regimens and the current one, the ranking
/// with reasons, the excluded regimens and step-down options, and the disclaimer at the top and the bottom.
/// </summary>
/// <remarks>All text is HTML-escaped. The same content always gives the same bytes: no clock is read.</remarks>
public static class HealthReport
{
    /// <summary>Most trajectories drawn in one chart (the top three regimens and the current one).</summary>
    public const int MaxTrajectories = 4;

    /// <summary>The report as an HTML document.</summary>
    /// <param name="content">What to show.</param>
    public static string RenderHtml(HealthReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var html = new HtmlBuilder();
        html.BeginDocument($"{content.Title} – TwinLab", ".disclaimer { font-weight: bold; color: #8a1c1c; }\n.excluded { color: #8a1c1c; font-weight: bold; }\n");
        html.Raw("<header>\n").Element("p", "TwinLab hypertension twin report", "kicker").Element("h1", content.Title);
        if (content.Generated is { } generated) html.Element("p", generated, "muted");
        html.Element("p", HealthDisclaimer.Text, "disclaimer");
        html.Raw("</header>\n<main>\n");
        if (content.Notes.Count > 0) html.Section("notes", "Notes").List(content.Notes).EndSection();
        HealthReportSections.Patient(html, content.Patient);
        HealthReportSections.Readings(html, content.Patient);
        if (content.Calibration is { } calibration) HealthReportSections.Calibration(html, calibration);
        if (content.Trajectories.Count > 0) HealthReportSections.Trajectories(html, content.Trajectories);
        if (content.Prediction is { } prediction) HealthReportSections.Prediction(html, prediction);
        if (content.Recommendation is { } recommendation) HealthReportSections.Recommendation(html, recommendation);
        html.Section("disclaimer", "Disclaimer").Element("p", HealthDisclaimer.Text, "disclaimer")
            .Element("p", "The twin's figures come from population meta-analyses (Law, Wald, Morris & Jordan, BMJ 2003;326:1427) updated with this person's readings; they are estimates with the uncertainty shown, for a clinician to weigh with everything else they know.", "muted")
            .EndSection();
        html.Raw("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Every chart of the report, in report order.</summary>
    /// <param name="content">What to show.</param>
    public static IReadOnlyList<ReportChart> Charts(HealthReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return
        [
            .. new[]
            {
                HealthCharts.Readings(content.Patient),
                content.Calibration is { } c ? HealthCharts.Sensitivities(c) : null,
                HealthCharts.Trajectory(content.Trajectories, systolic: true),
                HealthCharts.Trajectory(content.Trajectories, systolic: false),
            }.OfType<ReportChart>(),
        ];
    }

    /// <summary>Writes <see cref="RenderHtml"/> to <paramref name="path"/> (UTF-8, no BOM), creating its directory.</summary>
    /// <param name="content">What to show.</param>
    /// <param name="path">The HTML file.</param>
    public static void WriteHtml(HealthReportContent content, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ReportWriter.WriteText(RenderHtml(content), path);
    }
}
