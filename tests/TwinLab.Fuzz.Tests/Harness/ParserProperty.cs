using TwinLab.Core.Errors;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// The property every parser of outside input must hold: for any input it returns a result or throws a
/// <see cref="TwinLabException"/> (the project's user-facing error, which the CLI and server turn into a message and an
/// exit code or 400) with a message; it finishes within <see cref="TimeBudget"/> and allocates less than
/// <see cref="AllocationBudget"/>. Anything else — a NullReferenceException, an IndexOutOfRangeException, an
/// InvalidCastException, a hang — is a bug, reported with the input.
/// </summary>
internal static class ParserProperty
{
    /// <summary>Generous: the inputs are at most a few hundred KB, and every parser reads them in milliseconds.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(2);

    /// <summary>Allocation allowed for one input (inputs are at most a few hundred KB).</summary>
    public const long AllocationBudget = 200L << 20;

    /// <summary>Checks the property for one input, throwing <see cref="PropertyFailure"/> (with the input) if it does not hold.</summary>
    /// <param name="input">The input, for the failure message.</param>
    /// <param name="parse">Parses the input; its result is ignored.</param>
    /// <param name="accept">Further documented error types the parser may throw, beyond <see cref="TwinLabException"/>.</param>
    public static void Holds(string input, Action parse, Func<Exception, bool>? accept = null)
    {
        var outcome = GuardedCall.Run(parse);
        if (!outcome.Finished)
            throw Failure($"did not finish within {GuardedCall.HangLimit.TotalSeconds:0} s (hang)", input);
        if (outcome.Elapsed > TimeBudget)
        {
            // A loaded machine can stall one call; a second slow run confirms the input itself is slow.
            var again = GuardedCall.Run(parse);
            if (!again.Finished || again.Elapsed > TimeBudget)
                throw Failure($"took {outcome.Elapsed.TotalSeconds:0.00} s and then {again.Elapsed.TotalSeconds:0.00} s (budget {TimeBudget.TotalSeconds:0} s)", input);
        }
        if (outcome.AllocatedBytes > AllocationBudget)
            throw Failure($"allocated {outcome.AllocatedBytes / (1 << 20):N0} MiB (budget {AllocationBudget / (1 << 20)} MiB)", input);
        if (outcome.Error is { } error && !IsClearError(error, accept))
            throw Failure($"threw {error.GetType().FullName}, not a TwinLabException: {error}", input);
    }

    // The message holds at most 2,000 characters of the input; TWINLAB_FUZZ_FAILURES names a folder for the whole of it.
    private static PropertyFailure Failure(string problem, string input)
    {
        if (FuzzSettings.FailureFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"failure-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Environment.CurrentManagedThreadId}.txt"), $"{problem}\n{input}");
        }
        return new PropertyFailure(problem, input);
    }

    /// <summary>Whether <paramref name="error"/> is one a user may see: a documented type with a message.</summary>
    public static bool IsClearError(Exception error, Func<Exception, bool>? accept = null) =>
        (error is TwinLabException || accept?.Invoke(error) == true) && !string.IsNullOrWhiteSpace(error.Message);
}
