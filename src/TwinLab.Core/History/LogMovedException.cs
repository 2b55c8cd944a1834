using TwinLab.Core.Errors;

namespace TwinLab.Core.History;

/// <summary>
/// An append was refused because the log no longer ended where the writer expected: another process (a CLI command
/// beside a running server, another node of a cluster) appended in between. Nothing was written.
/// </summary>
/// <remarks>The writer's state was computed on a log that has since moved on, so appending it would hand out ETags
/// computed from stale versions and skip validation against the other write; <see cref="Application.TwinService"/>
/// catches up with the log and runs the write again once before letting this surface.</remarks>
/// <param name="expected">Where the writer thought the log ended.</param>
/// <param name="actual">Where it really ended.</param>
public sealed class LogMovedException(long expected, long actual) : TwinLabException(ErrorCodes.ConcurrentWrite,
    $"Another process wrote to the twin store while this write was being committed (the event log ends at {actual}, not {expected} as expected); nothing was changed. Try again.")
{
    /// <summary>Where the writer thought the log ended.</summary>
    public long Expected { get; } = expected;

    /// <summary>Where the log really ended.</summary>
    public long Actual { get; } = actual;
}
