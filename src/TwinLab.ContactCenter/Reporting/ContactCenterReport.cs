using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>
/// The contact-centre report: one self-contained HTML file (style and SVG charts inline, nothing fetched, so it opens
/// offline) with the calibration summary and its warnings, the intraday load per queue × channel with the forecast,
/// required versus scheduled staffing, and simulated KPIs with per-interval service level; optionally the charts as
/// PNG files beside it. Sections appear only for the parts of <see cref="ContactCenterReportContent"/> given.
/// </summary>
/// <remarks>All text is HTML-escaped. The same content always gives the same bytes: no clock is read (pass a time in
/// <see cref="ContactCenterReportContent.Generated"/> to show one). Charts need a font: DejaVu Sans or another sans face.</remarks>
public static class ContactCenterReport
{
    /// <summary>The report as an HTML document.</summary>
    /// <param name="content">What to show.</param>
    /// <exception cref="ArgumentException">a staffing series is not one value ≥ 0 per interval of the week, or the simulation has no replications.</exception>
    public static string RenderHtml(ContactCenterReportContent content)
    {
        var parts = ReportParts.Of(content);
        var html = new HtmlBuilder();
        html.BeginDocument($"{content.Title} – TwinLab", "details { margin: 0 0 1rem; }\nsummary { cursor: pointer; color: #555; }\n");
        html.Raw("<header>\n").Element("p", "TwinLab contact-centre report", "kicker").Element("h1", content.Title);
        if (content.Generated is { } generated) html.Element("p", generated, "muted");
        html.Raw("</header>\n<main>\n");
        if (content.Notes.Count > 0) html.Section("notes", "Notes").List(content.Notes).EndSection();
        if (content.Calibration is null && content.Staffing is null && content.Simulation is null)
            html.Element("p", "Nothing to report: no calibration, staffing or simulation was given.", "muted");
        if (content.Calibration is { } calibration)
        {
            CalibrationSummarySection.Write(html, calibration);
            IntradayLoadSection.Write(html, calibration, parts.Intraday);
        }
        if (content.Staffing is { } staffing) StaffingSection.Write(html, staffing, parts.Staffing);
        if (content.Simulation is { } runs) SimulationSection.Write(html, runs, parts.Simulation!);
        html.Raw("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Every chart of the report, in report order, with unique file-name stems (<see cref="ReportChart.Name"/>).</summary>
    /// <param name="content">What to show.</param>
    /// <exception cref="ArgumentException">as <see cref="RenderHtml"/>.</exception>
    public static IReadOnlyList<ReportChart> Charts(ContactCenterReportContent content) => ReportParts.Of(content).All;

    /// <summary>Writes <see cref="RenderHtml"/> to <paramref name="path"/> (UTF-8, no BOM), creating its directory.</summary>
    /// <param name="content">What to show.</param>
    /// <param name="path">The HTML file.</param>
    /// <exception cref="ArgumentException">as <see cref="RenderHtml"/>.</exception>
    public static void WriteHtml(ContactCenterReportContent content, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ReportWriter.WriteText(RenderHtml(content), path);
    }

    /// <summary>Writes every chart as <c>{chart name}.png</c> into <paramref name="directory"/> (created if needed).</summary>
    /// <param name="content">What to show.</param>
    /// <param name="directory">Where the files go.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The paths written, in report order; empty when there is nothing to draw.</returns>
    /// <exception cref="ArgumentException">as <see cref="RenderHtml"/>.</exception>
    public static IReadOnlyList<string> WritePngs(
        ContactCenterReportContent content, string directory, int width = ReportChart.DefaultWidth, int height = ReportChart.DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return ReportWriter.WritePngs(Charts(content), directory, width, height);
    }
}
