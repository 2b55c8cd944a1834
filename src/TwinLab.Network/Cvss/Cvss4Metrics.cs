namespace TwinLab.Network.Cvss;

/// <summary>CVSS v4.0 metrics: names, groups, allowed values and the specification's order.</summary>
/// <remarks>CVSS v4.0 specification §7 Table 23 "Vector string" (https://www.first.org/cvss/v4.0/specification-document).
/// Supplemental metrics are parsed, validated and kept in the normalised vector but never change the score (§5).</remarks>
internal static class Cvss4Metrics
{
    public static readonly IReadOnlyList<CvssMetricDefinition> Table =
    [
        new("AV", CvssMetricGroup.Base, ["N", "A", "L", "P"]),
        new("AC", CvssMetricGroup.Base, ["L", "H"]),
        new("AT", CvssMetricGroup.Base, ["N", "P"]),
        new("PR", CvssMetricGroup.Base, ["N", "L", "H"]),
        new("UI", CvssMetricGroup.Base, ["N", "P", "A"]),
        new("VC", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("VI", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("VA", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("SC", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("SI", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("SA", CvssMetricGroup.Base, ["H", "L", "N"]),
        new("E", CvssMetricGroup.Temporal, ["X", "A", "P", "U"]),
        new("CR", CvssMetricGroup.Environmental, ["X", "H", "M", "L"]),
        new("IR", CvssMetricGroup.Environmental, ["X", "H", "M", "L"]),
        new("AR", CvssMetricGroup.Environmental, ["X", "H", "M", "L"]),
        new("MAV", CvssMetricGroup.Environmental, ["X", "N", "A", "L", "P"]),
        new("MAC", CvssMetricGroup.Environmental, ["X", "L", "H"]),
        new("MAT", CvssMetricGroup.Environmental, ["X", "N", "P"]),
        new("MPR", CvssMetricGroup.Environmental, ["X", "N", "L", "H"]),
        new("MUI", CvssMetricGroup.Environmental, ["X", "N", "P", "A"]),
        new("MVC", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
        new("MVI", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
        new("MVA", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
        new("MSC", CvssMetricGroup.Environmental, ["X", "H", "L", "N"]),
        new("MSI", CvssMetricGroup.Environmental, ["X", "S", "H", "L", "N"]),
        new("MSA", CvssMetricGroup.Environmental, ["X", "S", "H", "L", "N"]),
        new("S", CvssMetricGroup.Supplemental, ["X", "N", "P"]),
        new("AU", CvssMetricGroup.Supplemental, ["X", "N", "Y"]),
        new("R", CvssMetricGroup.Supplemental, ["X", "A", "U", "I"]),
        new("V", CvssMetricGroup.Supplemental, ["X", "D", "C"]),
        new("RE", CvssMetricGroup.Supplemental, ["X", "L", "M", "H"]),
        new("U", CvssMetricGroup.Supplemental, ["X", "Clear", "Green", "Amber", "Red"]),
    ];
}
