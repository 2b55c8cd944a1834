namespace TwinLab.Core.History;

/// <summary>Where a store's event log ends right now, as read from storage (not a store instance's own view), and a stamp
/// of its branch registry: what <see cref="Application.TwinService.CatchUp"/> compares to learn, with one cheap read,
/// whether another process has written.</summary>
/// <param name="LastSequence">The sequence number of the last event in the log (0 when it is empty).</param>
/// <param name="Branches">An opaque stamp of the branch registry that changes when a branch is created, merged or
/// discarded; only compared with an earlier stamp of the same store.</param>
public sealed record LogHead(long LastSequence, string Branches);
