namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// How long each property runs. CI runs a fixed seed and a fixed number of cases per parser, so a run is repeatable and
/// the whole project stays under a minute on two cores; <c>bench/fuzz/run.sh</c> sets a time budget instead and lets
/// CsCheck pick random seeds, which it prints with any failure so the case reproduces.
/// </summary>
/// <remarks>
/// Environment: <c>TWINLAB_FUZZ_SECONDS</c> (run each property this long instead of its CI count),
/// <c>TWINLAB_FUZZ_SEED</c> (a CsCheck seed to start from, as printed by a failure), <c>TWINLAB_FUZZ_SCALE</c> (multiply
/// the CI counts), <c>TWINLAB_FUZZ_LOG</c> (append one line per property with its case count to this file),
/// <c>TWINLAB_FUZZ_FAILURES</c> (write each failing input in full to this folder).
/// </remarks>
internal static class FuzzSettings
{
    /// <summary>The CsCheck seed CI starts from, so every CI run tries the same cases (printed by <see cref="CsCheck.PCG"/>).</summary>
    public const string CiSeed = "0000000000000";

    /// <summary>Seconds per property for a longer run, or 0 for the CI count.</summary>
    public static int Seconds { get; } = ReadInt("TWINLAB_FUZZ_SECONDS", 0);

    /// <summary>The seed to start from: <c>TWINLAB_FUZZ_SEED</c>, else <see cref="CiSeed"/> in a counted run, else random.</summary>
    public static string? Seed { get; } = Environment.GetEnvironmentVariable("TWINLAB_FUZZ_SEED") is { Length: > 0 } s
        ? s
        : Seconds > 0 ? null : CiSeed;

    /// <summary>A factor on every CI count (for a longer counted run that stays reproducible).</summary>
    public static int Scale { get; } = Math.Max(1, ReadInt("TWINLAB_FUZZ_SCALE", 1));

    /// <summary>The file each property appends its summary line to, or null.</summary>
    public static string? LogFile { get; } = Environment.GetEnvironmentVariable("TWINLAB_FUZZ_LOG") is { Length: > 0 } f ? f : null;

    /// <summary>A folder each failing input is written to in full (<c>TWINLAB_FUZZ_FAILURES</c>), or null.</summary>
    public static string? FailureFolder { get; } = Environment.GetEnvironmentVariable("TWINLAB_FUZZ_FAILURES") is { Length: > 0 } d ? d : null;

    private static int ReadInt(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, out var value) && value >= 0
            ? value
            : throw new InvalidOperationException($"{name}='{text}' is not a whole number of 0 or more.");
    }
}
