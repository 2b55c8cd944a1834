using TwinLab.Simulation.Reports;
using TwinLab.Simulation.Results;

namespace TwinLab.Cli.Commands;

/// <summary>Writes an experiment's files: <c>results.json</c>, a self-contained <c>report.html</c> and the plots as PNG.</summary>
internal static class ResultFiles
{
    public static IReadOnlyList<string> Write(ExperimentRecord record, string json, string directory)
    {
        Directory.CreateDirectory(directory);
        var results = Path.Combine(directory, "results.json");
        File.WriteAllText(results, json);
        var report = Path.Combine(directory, "report.html");
        ReportWriter.WriteHtml(record, report);
        var plots = ReportWriter.WritePngs(record, Path.Combine(directory, "plots"));
        return [results, report, .. plots];
    }
}
