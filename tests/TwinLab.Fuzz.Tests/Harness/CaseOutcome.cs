namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>What one parser call did: its error (if any), how long it took and how much it allocated.</summary>
/// <param name="Error">What the parser threw, or null if it returned.</param>
/// <param name="Elapsed">Wall-clock time of the call.</param>
/// <param name="AllocatedBytes">Bytes the call allocated on its thread.</param>
/// <param name="Finished">False when the call was still running at the hang limit.</param>
internal sealed record CaseOutcome(Exception? Error, TimeSpan Elapsed, long AllocatedBytes, bool Finished);
