using System.Diagnostics;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Runs one parser call on a thread of its own, with a 1 MiB stack (smaller than the thread pool's, so unbounded
/// recursion shows at a lower depth than in the server), measuring time and allocation, and gives up waiting at a hang
/// limit rather than blocking the test run forever.
/// </summary>
internal static class GuardedCall
{
    /// <summary>The stack of the calling thread: below the 1.5 MiB of .NET's pool threads on Linux.</summary>
    public const int StackBytes = 1 << 20;

    /// <summary>How long a call may run before it counts as hung (the thread is left behind, as a background thread).</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="call"/> and reports what it did.</summary>
    public static CaseOutcome Run(Action call)
    {
        Exception? error = null;
        var elapsed = TimeSpan.Zero;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                call();
            }
            catch (Exception e)
            {
                error = e;
            }
            elapsed = clock.Elapsed;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, StackBytes) { IsBackground = true, Name = "fuzz case" };
        thread.Start();
        var finished = thread.Join(HangLimit);
        return new CaseOutcome(error, elapsed, allocated, finished);
    }
}
