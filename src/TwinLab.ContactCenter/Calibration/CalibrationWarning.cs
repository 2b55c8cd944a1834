namespace TwinLab.ContactCenter.Calibration;

/// <summary>Something the data could not support, and what calibration did instead.</summary>
/// <param name="Subject">What it concerns: a queue ("Billing/Phone"), "satisfaction", "roster" or "log".</param>
/// <param name="Message">What is missing or weak and the fallback used.</param>
public sealed record CalibrationWarning(string Subject, string Message);
