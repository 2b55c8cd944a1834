namespace TwinLab.ContactCenter.Data;

/// <summary>The channel a contact came in on.</summary>
public enum Channel
{
    /// <summary>A phone call: one contact per agent at a time; callers abandon.</summary>
    Phone,
    /// <summary>A chat: an agent handles several at once.</summary>
    Chat,
    /// <summary>An email: no abandonment; answered within a deadline.</summary>
    Email,
}

/// <summary>How a contact ended.</summary>
public enum Outcome
{
    /// <summary>An agent handled it.</summary>
    Answered,
    /// <summary>The customer left before an agent answered.</summary>
    Abandoned,
    /// <summary>The customer took a callback offer; an agent called back later.</summary>
    Callback,
}

/// <summary>One recorded contact (a row of the interaction log), after validation.</summary>
/// <param name="Row">The 1-based data row it came from (for messages).</param>
/// <param name="Arrival">When it arrived (entered the queue).</param>
/// <param name="Channel">Channel.</param>
/// <param name="Queue">Queue, skill or topic it needed.</param>
/// <param name="WaitSeconds">Time in queue until answered, abandoned or offered a callback.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Agent">The agent who handled it, if answered.</param>
/// <param name="HandleSeconds">Talk + hold + wrap-up, if answered (null otherwise).</param>
/// <param name="Resolved">Whether it was resolved on this contact, if known.</param>
/// <param name="RepeatContact">Whether it repeats an earlier unresolved contact, if known.</param>
/// <param name="Satisfaction">Survey score, if surveyed (the scale of the source, e.g. 1–5).</param>
public sealed record Interaction(
    int Row,
    DateTimeOffset Arrival,
    Channel Channel,
    string Queue,
    double WaitSeconds,
    Outcome Outcome,
    string? Agent,
    double? HandleSeconds,
    bool? Resolved,
    bool? RepeatContact,
    double? Satisfaction);
