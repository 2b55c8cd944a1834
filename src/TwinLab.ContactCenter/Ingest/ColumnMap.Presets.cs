namespace TwinLab.ContactCenter.Ingest;

public sealed partial class ColumnMap
{
    /// <summary>The preset names <see cref="Preset"/> and <see cref="Parse"/> accept.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["anonymous-bank", "call-center"];

    /// <summary>
    /// The call-by-call data of the 'Anonymous Bank' call centre (Technion SEE lab, 1999): one row per call with
    /// <c>date</c> (yymmdd) and times of day <c>q_start</c>, <c>q_exit</c>, waits <c>q_time</c>, <c>outcome</c>
    /// AGENT / HANG / PHANTOM, service time <c>ser_time</c>, agent <c>server</c> and call <c>type</c> (the queue).
    /// </summary>
    /// <remarks>
    /// Every call is a phone call. PHANTOM rows (not real calls) are excluded with that reason, and so are calls that
    /// never reached a queue (left in the voice-response unit: <c>q_start</c> is 0:00:00). <c>NO_SERVER</c> means no agent.
    /// </remarks>
    public static ColumnMap AnonymousBank { get; } = new(
        new()
        {
            [LogField.Id] = ("call_id", true),
            [LogField.Date] = ("date", false),
            [LogField.Arrival] = ("q_start", false),
            [LogField.QueueEntry] = ("q_start", false),
            [LogField.QueueExit] = ("q_exit", true),
            [LogField.WaitSeconds] = ("q_time", false),
            [LogField.Outcome] = ("outcome", false),
            [LogField.HandleSeconds] = ("ser_time", false),
            [LogField.Agent] = ("server", true),
            [LogField.Queue] = ("type", false),
        },
        "anonymous-bank",
        LayoutQuirks.ZeroQueueStartMeansNotQueued);

    /// <summary>
    /// The common 10-column 'Call Center' dataset: <c>Call Id</c> (optional), <c>Agent</c>, <c>Date</c>, <c>Time</c>,
    /// <c>Topic</c>, <c>Answered (Y/N)</c>, <c>Resolved</c> (Y/N), <c>Speed of answer in seconds</c>,
    /// <c>AvgTalkDuration</c> (H:MM:SS) and <c>Satisfaction rating</c>.
    /// </summary>
    /// <remarks>
    /// Every call is a phone call. Unanswered calls are read as abandoned; the dataset names an agent for them too
    /// (the one the call was routed to), which is dropped rather than reported. It does not record how long
    /// unanswered callers waited, so their wait is unknown (NaN).
    /// </remarks>
    public static ColumnMap CallCenter { get; } = new(
        new()
        {
            [LogField.Id] = ("Call Id", true),
            [LogField.Agent] = ("Agent", false),
            [LogField.Date] = ("Date", false),
            [LogField.Arrival] = ("Time", false),
            [LogField.Queue] = ("Topic", false),
            [LogField.Answered] = ("Answered (Y/N)", false),
            [LogField.Resolved] = ("Resolved", true),
            [LogField.WaitSeconds] = ("Speed of answer in seconds", false),
            [LogField.HandleSeconds] = ("AvgTalkDuration", false),
            [LogField.Satisfaction] = ("Satisfaction rating", true),
        },
        "call-center",
        LayoutQuirks.AgentOnlyWhenAnswered);
}
