namespace TwinLab.Core.Privacy;

/// <summary>
/// Moves every date and time of a de-identified export by the same whole number of days, so the calendar dates that could
/// identify a person (admission, birth, the days of readings) are no longer the true ones while every interval between
/// them is kept exactly (a reading 3 days after a dose change stays 3 days after it).
/// </summary>
/// <remarks>
/// One shift for the whole export, not one per twin: a patient's twins (medication periods, conditions, readings) must
/// keep their intervals to each other. Date shifting belongs to HIPAA's expert-determination route (45 CFR
/// 164.514(b)(1)), not to Safe Harbor, which removes every element of a date related to the person except the year
/// (164.514(b)(2)(i)(C)); see HHS Office for Civil Rights, "Guidance Regarding Methods for De-identification of Protected
/// Health Information in Accordance with the HIPAA Privacy Rule", 26 November 2012.
/// </remarks>
public sealed record DateShift(int Days)
{
    /// <summary>The smallest and largest magnitude a derived shift has: at least a month, at most two years.</summary>
    public const int MinDays = 30, MaxDays = 730;

    /// <summary>A shift derived from the key (secret and stable with it), either way in time.</summary>
    public static DateShift FromKey(Pseudonyms key) => FromNumber(key.Derive("date-shift"));

    /// <summary>A shift drawn from a seeded generator (repeatable: the same seed, the same shift).</summary>
    public static DateShift FromSeed(int seed) => FromNumber((ulong)new System.Random(seed).NextInt64(long.MaxValue));

    private static DateShift FromNumber(ulong n)
    {
        var magnitude = MinDays + (int)(n % (MaxDays - MinDays + 1));
        return new DateShift((n >> 32) % 2 == 0 ? -magnitude : magnitude);
    }

    /// <summary>A time moved by the shift.</summary>
    public DateTimeOffset Apply(DateTimeOffset time) => time.AddDays(Days);

    /// <summary>A date moved by the shift.</summary>
    public DateOnly Apply(DateOnly date) => date.AddDays(Days);
}
