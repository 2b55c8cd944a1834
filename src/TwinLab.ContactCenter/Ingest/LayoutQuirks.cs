namespace TwinLab.ContactCenter.Ingest;

/// <summary>Conventions of a public layout that a plain column mapping cannot express.</summary>
[Flags]
internal enum LayoutQuirks
{
    None = 0,

    /// <summary>A queue entry time of 0:00:00 means the call never reached a queue (Anonymous Bank: left in the VRU).</summary>
    ZeroQueueStartMeansNotQueued = 1,

    /// <summary>The agent column names an agent for unanswered calls too (the routing target); ignore it then.</summary>
    AgentOnlyWhenAnswered = 2,
}
