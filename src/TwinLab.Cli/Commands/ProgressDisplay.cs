using System.Diagnostics;
using System.Globalization;
using TwinLab.Simulation.Experiments;

namespace TwinLab.Cli.Commands;

/// <summary>
/// Shows an experiment's progress on stderr: a live bar with ETA in a terminal, a plain line every 10% when the
/// output is redirected (logs, CI), nothing under <c>--json</c> quietness rules (stderr only, so stdout stays clean).
/// </summary>
internal sealed class ProgressDisplay(TextWriter error, bool interactive) : IProgress<ExperimentProgress>
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _lastDraw = -1;
    private int _lastDecile = -1;
    private bool _drawn;

    public void Report(ExperimentProgress value)
    {
        if (value.Total <= 0) return;
        lock (_gate)
        {
            var fraction = Math.Clamp((double)value.Completed / value.Total, 0, 1);
            var elapsed = _watch.Elapsed;
            var eta = value.Completed == 0 ? "?" : Format(TimeSpan.FromSeconds(elapsed.TotalSeconds / value.Completed * (value.Total - value.Completed)));
            if (interactive)
            {
                // Redraw at most ten times a second: progress arrives from every worker thread.
                if (_watch.ElapsedMilliseconds - _lastDraw < 100 && value.Completed < value.Total) return;
                _lastDraw = _watch.ElapsedMilliseconds;
                const int width = 30;
                var filled = (int)Math.Round(fraction * width);
                error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {value.Completed}/{value.Total} {fraction:P0} ETA {eta}  {Clip(value.Stage)}   ");
                _drawn = true;
            }
            else
            {
                var decile = (int)(fraction * 10);
                if (decile == _lastDecile) return;
                _lastDecile = decile;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"progress: {value.Completed}/{value.Total} replications ({fraction:P0}), elapsed {Format(elapsed)}, ETA {eta}"));
            }
        }
    }

    /// <summary>Ends the live line.</summary>
    public void Finish()
    {
        lock (_gate)
            if (_drawn) error.WriteLine();
    }

    private static string Clip(string s) => s.Length <= 30 ? s : s[..29] + "…";

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
