namespace TwinLab.Health.Ingest;

/// <summary>Why a reading was excluded.</summary>
public enum RejectionReason
{
    /// <summary>The row could not be read: a bad or missing date, time or number.</summary>
    Unreadable,
    /// <summary>Systolic outside 60–280 mmHg.</summary>
    SystolicOutOfRange,
    /// <summary>Diastolic outside 30–160 mmHg.</summary>
    DiastolicOutOfRange,
    /// <summary>Pulse outside 25–250 beats/min.</summary>
    PulseOutOfRange,
    /// <summary>Diastolic at or above systolic.</summary>
    DiastolicNotBelowSystolic,
    /// <summary>Pulse pressure (systolic − diastolic) below 10 mmHg.</summary>
    NarrowPulsePressure,
    /// <summary>Taken after the import's "now".</summary>
    InFuture,
    /// <summary>The same time and values as an earlier reading (a duplicated upload).</summary>
    Duplicate,
}
