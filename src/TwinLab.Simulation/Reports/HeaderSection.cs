using System.Globalization;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>The report's header: scenario name, experiment type, simulator, when, how long, whether it was cancelled.</summary>
internal static class HeaderSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        html.Raw("<header>\n").Element("p", "TwinLab experiment report", "kicker").Element("h1", record.Name);
        html.Facts(
        [
            ("Experiment", record.Type),
            ("Simulator", record.Simulator),
            ("Started", record.Started.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture)),
            ("Duration", Num.Duration(record.ElapsedSeconds)),
            ("Status", record.Cancelled ? "cancelled" : "completed"),
            ("Result id", new Cell(record.Id, "mono")),
        ]);
        if (record.Cancelled)
            html.Element("p", "The run was cancelled: the results cover only the replications that finished.", "warning");
        html.Raw("</header>\n");
    }
}
