using System.Globalization;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Assembles one queue's estimates into its <see cref="QueueModel"/>, warning where the data are thin.</summary>
internal static class QueueCalibrator
{
    public static QueueCalibration Calibrate(
        ArrivalProfile arrivals, int rows, HandleTimeChooser handles, PatienceEstimate patience, ResolutionEstimate resolution,
        bool repeatsMarked, CalibrationSettings settings, List<CalibrationWarning> warnings)
    {
        var subject = $"{arrivals.Queue}/{arrivals.Channel}";
        void Warn(string message) => warnings.Add(new CalibrationWarning(subject, message));

        if (rows < settings.MinRowsPerQueue) Warn($"only {rows} rows (fewer than {settings.MinRowsPerQueue}): every estimate of this queue is imprecise");
        ArrivalForecast? forecast = null;
        if (arrivals.DaysObserved >= ArrivalForecast.MinimumDays)
            forecast = ArrivalForecast.Fit(arrivals, settings.ForecastDays, settings.BackTestDays);
        else
            Warn($"only {arrivals.DaysObserved} days: no forecast (needs {ArrivalForecast.MinimumDays}); weekday rates rest on one day each at most");
        if (arrivals.ImputedDays.Count > 0)
            Warn($"no {string.Join(", ", arrivals.ImputedDays)} in the log: those days use the mean of the observed days");
        if (arrivals.Dispersion.OverDispersed)
            Warn(Invariant($"daily counts vary {arrivals.Dispersion.Index:0.##}× as much as Poisson arrivals would (p = {arrivals.Dispersion.PValue:0.###}): day-to-day volume swings beyond the mean profile, so simulated peaks are understated"));

        var (handle, fit) = handles.For(arrivals.Queue, arrivals.Channel, Warn);
        PatienceWarnings(patience, settings, Warn);
        if (resolution.FirstContactResolution is null) Warn("no resolution recorded: first-contact resolution assumed 100%");

        var fcr = resolution.FirstContactResolution?.Estimate ?? 1;
        if (!repeatsMarked && fcr < 1)
        {
            Warn(Invariant($"the log does not mark repeat contacts, so the arrival rates include them: the simulator does not send the {1 - fcr:P0} unresolved contacts back (a knowledge base or routing change that improves resolution shows no fewer repeats)"));
            fcr = 1;
        }
        var model = new QueueModel(arrivals.Queue, arrivals.Channel, arrivals.ArrivalRatesPerHour, handle, patience.Distribution,
            fcr, resolution.RepeatDelayHours);
        return new QueueCalibration(arrivals.Queue, arrivals.Channel, rows, arrivals, forecast, fit, patience, resolution, model);
    }

    private static void PatienceWarnings(PatienceEstimate patience, CalibrationSettings settings, Action<string> warn)
    {
        if (patience.Channel == Channel.Email) return;
        if (patience.Note is { } note && note.Contains("no recorded wait", StringComparison.Ordinal)) warn(note);
        if (patience.Abandonments == 0)
            warn($"no abandonments among {patience.Contacts} contacts: patience cannot be estimated; the model lets everyone wait");
        else if (patience.Abandonments < settings.MinAbandonments && patience.Exponential is { } e)
            warn(Invariant($"only {patience.Abandonments} abandonments (fewer than {settings.MinAbandonments}): exponential patience, mean {e.MeanSeconds:0} s with interval {e.Lower:0}–{e.Upper:0} s, no Weibull shape"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
