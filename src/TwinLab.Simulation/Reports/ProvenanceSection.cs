using System.Globalization;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>What reproduces the result: scenario file and hash, seed, twin state, versions.</summary>
internal static class ProvenanceSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        var p = record.Provenance;
        html.Section("provenance", "Provenance").Facts(
        [
            ("Scenario file", p.ScenarioFile),
            ("Scenario SHA-256", new Cell(p.ScenarioHash, "mono")),
            ("Seed", p.Seed.ToString(CultureInfo.InvariantCulture)),
            ("Threads", $"{p.Threads.ToString(CultureInfo.InvariantCulture)} (results do not depend on it)"),
            ("Twin branch", $"{p.Branch} at sequence {p.Sequence.ToString(CultureInfo.InvariantCulture)}"),
            ("Experiment branch", p.ExperimentBranch),
            ("Model version", p.ModelVersion),
            ("Code version", p.CodeVersion),
            ("Record schema", record.Schema.ToString(CultureInfo.InvariantCulture)),
        ]).EndSection();
    }
}
