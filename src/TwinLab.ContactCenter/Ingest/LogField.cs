namespace TwinLab.ContactCenter.Ingest;

/// <summary>The things an interaction log can record, whatever its columns are called.</summary>
internal enum LogField
{
    Id,
    Date,
    Arrival,
    Channel,
    Queue,
    WaitSeconds,
    QueueEntry,
    QueueExit,
    Outcome,
    Answered,
    Agent,
    HandleSeconds,
    Talk,
    Hold,
    Wrapup,
    ServiceStart,
    ServiceEnd,
    Resolved,
    Repeat,
    Satisfaction,
}
