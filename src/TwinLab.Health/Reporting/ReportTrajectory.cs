using TwinLab.Health.Prediction;

namespace TwinLab.Health.Reporting;

/// <summary>A predicted BP course drawn in the report.</summary>
/// <param name="Label">The legend, such as <c>#1 amlodipine 5mg + lisinopril 10mg</c> or <c>current: lisinopril 10mg</c>.</param>
/// <param name="Prediction">The prediction whose daily trajectory (median and 80% band) is drawn.</param>
public sealed record ReportTrajectory(string Label, BpPrediction Prediction);
