using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>The record's warnings and notes, near the top where a reader sees them before the numbers they qualify.</summary>
internal static class NotesSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        if (record.Notes.Count == 0) return;
        html.Section("notes", "Notes").List(record.Notes).EndSection();
    }
}
