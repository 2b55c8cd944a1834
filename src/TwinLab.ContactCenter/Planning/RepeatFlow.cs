using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;

namespace TwinLab.ContactCenter.Planning;

/// <summary>
/// Where in the week repeat contacts arrive. An unresolved contact (share 1 − FCR) comes back after an exponential
/// delay with the queue's mean <see cref="QueueModel.RepeatDelayHours"/>; one that would come back while the queue is
/// closed (no fresh arrivals in that interval) arrives instead in the first <see cref="CompiledCenter.ReturnSpreadSeconds"/>
/// after the next opening, spread evenly — the simulator's rule. Repeats can repeat again, so the offered flow λ solves
/// λ = λ_fresh + R((1 − FCR)·λ), with R the linear map "contacts in interval j → repeats in interval k" over the cyclic
/// week; the iteration converges geometrically with ratio 1 − FCR.
/// </summary>
/// <remarks>Taking repeats as arriving in the same interval as their first contact (offered = fresh ÷ FCR) puts the
/// evening's and weekend's repeats into the wrong half-hours: in the example month it understated Wednesday 08:00 by
/// half and overstated the Monday peak by a quarter.</remarks>
internal static class RepeatFlow
{
    private const double Tolerance = 1e-9;

    /// <summary>Offered contacts per hour in each interval of the week: fresh plus the repeats they cause.</summary>
    public static double[] Offered(QueueModel queue, int intervalMinutes)
    {
        var fresh = queue.ArrivalRatesPerHour;
        var unresolved = 1 - queue.FirstContactResolution;
        if (unresolved <= 0) return (double[])fresh.Clone();
        var n = fresh.Length;
        var kernel = Kernel(queue.RepeatDelayHours, intervalMinutes / 60.0, n);
        var toOpening = CenterCompiler.IntervalsToOpening(fresh);
        var spread = CompiledCenter.ReturnSpreadSeconds / (intervalMinutes * 60.0);

        var offered = (double[])fresh.Clone();
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var landed = new double[n];
            for (var j = 0; j < n; j++)
            {
                var source = offered[j] * unresolved;
                if (source == 0) continue;
                for (var m = 0; m < kernel.Length; m++) landed[(j + m) % n] += source * kernel[m];
            }
            var repeats = toOpening is null ? landed : MoveToOpening(landed, toOpening, spread);
            var change = 0.0;
            for (var k = 0; k < n; k++)
            {
                var next = fresh[k] + repeats[k];
                change = Math.Max(change, Math.Abs(next - offered[k]));
                offered[k] = next;
            }
            if (change <= Tolerance * Math.Max(1, offered.Max())) break;
        }
        return offered;
    }

    /// <summary>P(a contact made in the middle of an interval comes back m intervals later), m = 0, 1, …: the
    /// exponential delay's mass between the interval boundaries, cut where less than 1e-12 is left (at most four weeks).</summary>
    internal static double[] Kernel(double meanDelayHours, double intervalHours, int intervalsPerWeek)
    {
        var weights = new List<double>();
        var before = 0.0; // P(delay < the start of interval m), measured from the contact at the middle of interval 0
        for (var m = 0; m < 4 * intervalsPerWeek; m++)
        {
            var end = (m + 0.5) * intervalHours;
            var upTo = 1 - Math.Exp(-end / meanDelayHours);
            weights.Add(upTo - before);
            before = upTo;
            if (1 - upTo < 1e-12) break;
        }
        return [.. weights];
    }

    private static double[] MoveToOpening(double[] landed, int[] toOpening, double spread)
    {
        var n = landed.Length;
        var moved = new double[n];
        var whole = (int)Math.Ceiling(spread - 1e-9);
        for (var k = 0; k < n; k++)
        {
            if (landed[k] == 0) continue;
            if (toOpening[k] == 0) { moved[k] += landed[k]; continue; }
            var opening = k + toOpening[k];
            for (var s = 0; s < whole; s++)
                moved[(opening + s) % n] += landed[k] * Math.Min(1, spread - s) / spread;
        }
        return moved;
    }
}
