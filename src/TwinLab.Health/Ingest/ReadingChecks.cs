using System.Globalization;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>
/// The plausibility checks every reading passes before the twin may use it, whatever its source (CSV or FHIR).
/// A reading that fails is excluded and reported with its file and row (or resource id) — never silently used.
/// </summary>
/// <remarks>
/// <para>The ranges are our choice (an assumption), set wide enough to keep every real reading of a conscious adult at
/// home and narrow enough to catch typing and transfer errors such as a systolic of 400. For orientation: the
/// validation standard for automated sphygmomanometers, ISO 81060-2:2018, asks for reference readings spread over
/// systolic ≤ 100 to ≥ 160 mmHg and diastolic ≤ 60 to ≥ 100 mmHg, and the stated cuff-pressure range of common
/// upper-arm home monitors is 0–299 mmHg with pulse 40–180 beats/min (manufacturers' manuals) — a monitor does not
/// display 400. Hypertensive emergencies rarely exceed 250/150 mmHg. Systolic 60–280, diastolic 30–160 and pulse
/// 25–250 beats/min therefore reject only values that are almost certainly errors.</para>
/// <para>Diastolic at or above systolic is physically impossible (diastolic is the minimum of the same pressure wave).
/// A pulse pressure below 10 mmHg is our choice of cut-off: it occurs only in extreme low-output states, not in people
/// measuring themselves at home, so in home data it almost always means a swapped or mistyped value.</para>
/// <para>A reading taken after "now" is a clock or typing error. Exact duplicates (same instant, same systolic,
/// diastolic and pulse) are the same reading uploaded twice — also across files; the first is kept.</para>
/// </remarks>
internal static class ReadingChecks
{
    /// <summary>Plausible systolic range, mmHg (our choice, see remarks).</summary>
    public const double SystolicMin = 60, SystolicMax = 280;

    /// <summary>Plausible diastolic range, mmHg (our choice, see remarks).</summary>
    public const double DiastolicMin = 30, DiastolicMax = 160;

    /// <summary>Plausible pulse range, beats/min (our choice, see remarks).</summary>
    public const double PulseMin = 25, PulseMax = 250;

    /// <summary>Smallest plausible pulse pressure, mmHg (our choice, see remarks).</summary>
    public const double MinPulsePressure = 10;

    /// <summary>Checks readings (in input order) and returns those that pass, with a problem for each that fails.</summary>
    /// <param name="readings">The readings of one patient, in the order read.</param>
    /// <param name="now">Readings after this are in the future.</param>
    /// <param name="problems">Receives a problem per excluded reading.</param>
    /// <param name="rejected">Counts per reason, incremented.</param>
    /// <param name="stored">Readings already stored for the patient: a new reading equal to one of them is a duplicate.</param>
    public static List<BpReading> Check(IEnumerable<CandidateReading> readings, DateTimeOffset now, List<ImportProblem> problems, Dictionary<RejectionReason, int> rejected,
        IEnumerable<BpReading>? stored = null)
    {
        var accepted = new List<BpReading>();
        var seen = new Dictionary<(DateTime, double, double, double?), CandidateReading>();
        foreach (var r in stored ?? [])
            seen.TryAdd((r.Time.UtcDateTime, r.Systolic, r.Diastolic, r.Pulse), new CandidateReading(r, "", r.Source));
        foreach (var c in readings)
        {
            var r = c.Reading;
            var failure = Failure(r, now);
            if (failure is null)
            {
                var key = (r.Time.UtcDateTime, r.Systolic, r.Diastolic, r.Pulse);
                if (seen.TryGetValue(key, out var first))
                    failure = (RejectionReason.Duplicate, first.File.Length == 0
                        ? $"duplicate of a stored reading ({first.Location}; same time and values: uploaded before)"
                        : $"duplicate of {(first.File == c.File ? "" : first.File + ": ")}{first.Location} (same time and values: a duplicated upload)");
                else
                    seen[key] = c;
            }
            if (failure is { } f)
            {
                problems.Add(new ImportProblem(c.File, c.Location, f.Problem));
                rejected[f.Reason] = rejected.GetValueOrDefault(f.Reason) + 1;
                continue;
            }
            accepted.Add(r);
        }
        return accepted;
    }

    /// <summary>The first check a reading fails, or null.</summary>
    internal static (RejectionReason Reason, string Problem)? Failure(BpReading r, DateTimeOffset now)
    {
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        if (r.Systolic is < SystolicMin or > SystolicMax)
            return (RejectionReason.SystolicOutOfRange, $"systolic {N(r.Systolic)} mmHg is outside the plausible {N(SystolicMin)}–{N(SystolicMax)}");
        if (r.Diastolic is < DiastolicMin or > DiastolicMax)
            return (RejectionReason.DiastolicOutOfRange, $"diastolic {N(r.Diastolic)} mmHg is outside the plausible {N(DiastolicMin)}–{N(DiastolicMax)}");
        if (r.Pulse is { } p && p is < PulseMin or > PulseMax)
            return (RejectionReason.PulseOutOfRange, $"pulse {N(p)}/min is outside the plausible {N(PulseMin)}–{N(PulseMax)}");
        if (r.Diastolic >= r.Systolic)
            return (RejectionReason.DiastolicNotBelowSystolic, $"diastolic {N(r.Diastolic)} is not below systolic {N(r.Systolic)}");
        if (r.Systolic - r.Diastolic < MinPulsePressure)
            return (RejectionReason.NarrowPulsePressure, $"pulse pressure {N(r.Systolic - r.Diastolic)} mmHg ({N(r.Systolic)}/{N(r.Diastolic)}) is below {N(MinPulsePressure)}");
        if (r.Time > now)
            return (RejectionReason.InFuture, $"taken {r.Time.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}, after now ({now.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)})");
        return null;
    }
}
