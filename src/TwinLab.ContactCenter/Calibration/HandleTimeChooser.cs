using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// Picks each queue's handle-time distribution: its own fit when it has enough handle times, else the fit pooled over
/// its channel (same channel, similar work), else whatever its few values support, else a stated default.
/// </summary>
internal sealed class HandleTimeChooser(IReadOnlyList<Interaction> interactions, CalibrationSettings settings)
{
    /// <summary>Assumed mean handle time when a queue has none at all (a common phone AHT).</summary>
    private const double DefaultSeconds = 300;

    private readonly Dictionary<Channel, HandleTimeFit?> _pools = [];

    public (Distribution Distribution, HandleTimeFit? Fit) For(string queue, Channel channel, Action<string> warn)
    {
        var answered = interactions.Where(c => c.Queue == queue && c.Channel == channel && c.Outcome != Outcome.Abandoned).ToList();
        var own = answered.Where(c => c.HandleSeconds is > 0 && double.IsFinite(c.HandleSeconds.Value)).Select(c => c.HandleSeconds!.Value).ToList();
        if (answered.Count > own.Count)
            warn($"{answered.Count - own.Count} answered contacts without a positive handle time were left out of the handle-time fit");
        var distinct = own.Distinct().Count() > 1;
        if (own.Count >= settings.MinHandleTimes && distinct)
        {
            var fit = HandleTimeFit.Fit(queue, channel, own);
            return (fit.Distribution, fit);
        }
        if (own.Count >= settings.MinHandleTimes)
        {
            // Every handle time is the same: a system default written into the log, not a measurement.
            warn($"all {own.Count} handle times are {own[0]:0} s: no distribution can be fitted; assumed exponential with that mean");
            return (Distribution.Exponential(1 / own[0]), null);
        }
        if (Pool(channel) is { } pool)
        {
            warn($"only {own.Count} handle times (fewer than {settings.MinHandleTimes}): using the {channel} pool over all queues ({pool.Family}, mean {pool.Distribution.Mean:0} s)");
            return (pool.Distribution, pool);
        }
        if (own.Count >= 2 && distinct)
        {
            var fit = HandleTimeFit.Fit(queue, channel, own);
            warn($"only {own.Count} handle times and no larger {channel} pool: fitted anyway ({fit.Family}); treat it as a rough guess");
            return (fit.Distribution, fit);
        }
        var mean = own.Count > 0 ? own.Average() : DefaultSeconds;
        warn($"{own.Count} handle times: assumed exponential with mean {mean:0} s");
        return (Distribution.Exponential(1 / mean), null);
    }

    private HandleTimeFit? Pool(Channel channel)
    {
        if (_pools.TryGetValue(channel, out var cached)) return cached;
        var values = interactions.Where(c => c.Channel == channel && c.HandleSeconds is > 0 && double.IsFinite(c.HandleSeconds.Value))
            .Select(c => c.HandleSeconds!.Value).ToList();
        var pool = values.Count >= settings.MinHandleTimes && values.Distinct().Count() > 1 ? HandleTimeFit.Fit("*", channel, values) : null;
        _pools[channel] = pool;
        return pool;
    }
}
