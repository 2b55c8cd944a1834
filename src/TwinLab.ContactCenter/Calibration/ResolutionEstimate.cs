using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>First-contact resolution and repeat contacts of one queue × channel.</summary>
/// <param name="Queue">Queue.</param>
/// <param name="Channel">Channel.</param>
/// <param name="FirstContactResolution">Resolved share of the answered contacts whose resolution was recorded, with
/// its Wilson interval; null when none was recorded.</param>
/// <param name="RepeatRate">Share of contacts (with the flag recorded) that repeat an earlier unresolved one; null when never recorded.</param>
/// <param name="RepeatDelayHours">Mean delay before an unresolved contact returns: always the configured default,
/// because the log has no customer key linking a repeat to its earlier contact.</param>
/// <param name="Note">What could not be estimated.</param>
public sealed record ResolutionEstimate(
    string Queue, Channel Channel, Proportion? FirstContactResolution, Proportion? RepeatRate, double RepeatDelayHours, string Note)
{
    /// <summary>The resolution and repeat estimates of every queue × channel.</summary>
    /// <param name="interactions">The log.</param>
    /// <param name="confidence">Level of the intervals.</param>
    /// <param name="defaultRepeatDelayHours">Repeat delay to report (it cannot be inferred without a customer key).</param>
    public static IReadOnlyList<ResolutionEstimate> Estimate(IEnumerable<Interaction> interactions, double confidence = 0.95, double defaultRepeatDelayHours = 24)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        return interactions
            .GroupBy(c => (c.Queue, c.Channel))
            .OrderBy(g => g.Key, KeyComparer.Instance)
            .Select(g => Of(g.Key.Queue, g.Key.Channel, g.ToList(), confidence, defaultRepeatDelayHours))
            .ToList();
    }

    private static ResolutionEstimate Of(string queue, Channel channel, List<Interaction> rows, double confidence, double delay)
    {
        var known = rows.Where(c => c.Outcome != Outcome.Abandoned && c.Resolved is not null).ToList();
        var fcr = Proportion.Of(known.Count(c => c.Resolved == true), known.Count, confidence);
        var flagged = rows.Where(c => c.RepeatContact is not null).ToList();
        var repeat = Proportion.Of(flagged.Count(c => c.RepeatContact == true), flagged.Count, confidence);
        var notes = new List<string> { $"repeat delay {delay:0.#} h is the default: the log cannot link a repeat to its earlier contact" };
        if (fcr is null) notes.Add("no resolution recorded: resolution assumed 100%");
        if (repeat is null) notes.Add("no repeat flag recorded");
        return new ResolutionEstimate(queue, channel, fcr, repeat, delay, string.Join("; ", notes));
    }
}
