namespace TwinLab.Network.Cvss;

/// <summary>CVSS v3.0/v3.1 metrics and their numeric weights.</summary>
/// <remarks>Metric names, values and order: CVSS v3.1 specification §6 Table 15 (identical in v3.0).
/// Weights: CVSS v3.1 specification §7.4 "Metric Values" (identical in v3.0 §8.4).</remarks>
internal static class Cvss3Metrics
{
    public static readonly IReadOnlyList<CvssMetricDefinition> Table =
    [
        new("AV", CvssMetricGroup.Base, ["N", "A", "L", "P"]),
        new("AC", CvssMetricGroup.Base, ["L", "H"]),
        new("PR", CvssMetricGroup.Base, ["N", "L", "H"]),
        new("UI", CvssMetricGroup.Base, ["N", "R"]),
        new("S", CvssMetricGroup.Base, ["U", "C"]),
        new("C", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("I", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("A", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("E", CvssMetricGroup.Temporal, ["X", "H", "F", "P", "U"]),
        new("RL", CvssMetricGroup.Temporal, ["X", "U", "W", "T", "O"]),
        new("RC", CvssMetricGroup.Temporal, ["X", "C", "R", "U"]),
        new("CR", CvssMetricGroup.Environmental, ["X", "H", "M", "L"]),
        new("IR", CvssMetricGroup.Environmental, ["X", "H", "M", "L"]),
        new("AR", CvssMetricGroup.Environmental, ["X", "H", "M", "L"]),
        new("MAV", CvssMetricGroup.Environmental, ["X", "N", "A", "L", "P"]),
        new("MAC", CvssMetricGroup.Environmental, ["X", "L", "H"]),
        new("MPR", CvssMetricGroup.Environmental, ["X", "N", "L", "H"]),
        new("MUI", CvssMetricGroup.Environmental, ["X", "N", "R"]),
        new("MS", CvssMetricGroup.Environmental, ["X", "U", "C"]),
        new("MC", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
        new("MI", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
        new("MA", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
    ];

    // §7.4 Table 16: Attack Vector N 0.85, A 0.62, L 0.55, P 0.2.
    public static double AttackVector(string v) => v switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };

    // §7.4: Attack Complexity L 0.77, H 0.44.
    public static double AttackComplexity(string v) => v == "L" ? 0.77 : 0.44;

    // §7.4: Privileges Required N 0.85; L 0.62 (0.68 if Scope Changed); H 0.27 (0.5 if Scope Changed).
    public static double PrivilegesRequired(string v, bool scopeChanged) => v switch
    {
        "N" => 0.85,
        "L" => scopeChanged ? 0.68 : 0.62,
        _ => scopeChanged ? 0.5 : 0.27,
    };

    // §7.4: User Interaction N 0.85, R 0.62.
    public static double UserInteraction(string v) => v == "N" ? 0.85 : 0.62;

    // §7.4: Confidentiality / Integrity / Availability H 0.56, L 0.22, N 0.
    public static double Impact(string v) => v switch { "H" => 0.56, "L" => 0.22, _ => 0.0 };

    // §7.4: Exploit Code Maturity X 1, H 1, F 0.97, P 0.94, U 0.91.
    public static double ExploitCodeMaturity(string v) => v switch { "F" => 0.97, "P" => 0.94, "U" => 0.91, _ => 1.0 };

    // §7.4: Remediation Level X 1, U 1, W 0.97, T 0.96, O 0.95.
    public static double RemediationLevel(string v) => v switch { "W" => 0.97, "T" => 0.96, "O" => 0.95, _ => 1.0 };

    // §7.4: Report Confidence X 1, C 1, R 0.96, U 0.92.
    public static double ReportConfidence(string v) => v switch { "R" => 0.96, "U" => 0.92, _ => 1.0 };

    // §7.4: Confidentiality / Integrity / Availability Requirement X 1, H 1.5, M 1, L 0.5.
    public static double Requirement(string v) => v switch { "H" => 1.5, "L" => 0.5, _ => 1.0 };
}
