using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// The regression's columns: intercept, wait and handle minutes, resolved, an indicator for unrecorded resolution
/// (only if some rows lack it), and treatment dummies for channels and queues against the most frequent of each.
/// Levels unseen when fitting predict as the reference level.
/// </summary>
internal sealed class SatisfactionDesign
{
    private readonly Channel[] _channels;
    private readonly string[] _queues;
    private readonly bool _unknownResolution;

    public SatisfactionDesign(IReadOnlyList<Interaction> rows)
    {
        _channels = Levels(rows.Select(r => r.Channel), Comparer<Channel>.Default);
        _queues = Levels(rows.Select(r => r.Queue), StringComparer.Ordinal);
        _unknownResolution = rows.Any(r => r.Resolved is null);
        Names = ["Intercept", "WaitMinutes", "HandleMinutes", "Resolved",
            .. (_unknownResolution ? new[] { "ResolvedUnknown" } : Array.Empty<string>()),
            .. _channels.Skip(1).Select(c => $"Channel={c}"),
            .. _queues.Skip(1).Select(q => $"Queue={q}")];
    }

    /// <summary>Column names, in the order of the rows built here.</summary>
    public string[] Names { get; }

    /// <summary>The columns of one contact.</summary>
    public double[] Row(Channel channel, string queue, double waitSeconds, double handleSeconds, bool? resolved)
    {
        var row = new double[Names.Length];
        row[0] = 1;
        row[1] = waitSeconds / 60;
        row[2] = handleSeconds / 60;
        row[3] = resolved == true ? 1 : 0;
        var next = 4;
        if (_unknownResolution) row[next++] = resolved is null ? 1 : 0;
        for (var c = 1; c < _channels.Length; c++, next++) row[next] = channel == _channels[c] ? 1 : 0;
        for (var q = 1; q < _queues.Length; q++, next++) row[next] = string.Equals(queue, _queues[q], StringComparison.Ordinal) ? 1 : 0;
        return row;
    }

    /// <summary>The columns of a logged contact (an unanswered one has no handle time: 0).</summary>
    public double[] Row(Interaction contact) =>
        Row(contact.Channel, contact.Queue, contact.WaitSeconds, contact.HandleSeconds ?? 0, contact.Resolved);

    /// <summary>Distinct levels, most frequent first (the reference), ties in natural order.</summary>
    private static T[] Levels<T>(IEnumerable<T> values, IComparer<T> order) where T : notnull =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, order).Select(g => g.Key).ToArray();
}
