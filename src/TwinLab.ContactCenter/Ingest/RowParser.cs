using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// Turns one row into an <see cref="Interaction"/>, or reports why it cannot be one: values that do not read, and
/// rows that contradict themselves (negative durations, answered without a handle time, abandoned with an agent, a
/// recorded wait that disagrees with the queue timestamps, …).
/// </summary>
internal sealed class RowParser(HeaderBinding binding, ImportOptions options, DateOrder order)
{
    private static readonly TimeSpan HalfDay = TimeSpan.FromHours(12);

    /// <summary>Accepted rows whose wait the log does not record.</summary>
    public int UnknownWaits { get; private set; }

    public Interaction? Parse(int row, string[] fields, List<RowProblem> problems)
    {
        var before = problems.Count;
        var v = new RowValues(binding, options, order, row, fields, problems);
        var outcome = ReadOutcome(v, out var excluded);
        if (excluded) return null;
        var date = ReadDate(v);
        var entryParsed = v.Time(LogField.QueueEntry);
        if (binding.Quirks.HasFlag(LayoutQuirks.ZeroQueueStartMeansNotQueued) && entryParsed is { IsBareMidnight: true })
        {
            v.Problem(LogField.QueueEntry, "the call never reached a queue (queue start 0:00:00: it ended in the voice-response unit)");
            return null;
        }
        var arrival = v.Instant(LogField.Arrival, v.Time(LogField.Arrival), date);
        var entry = v.Instant(LogField.QueueEntry, entryParsed, date);
        var exit = v.Instant(LogField.QueueExit, v.Time(LogField.QueueExit), date);
        var serviceStart = v.Instant(LogField.ServiceStart, v.Time(LogField.ServiceStart), date);
        var serviceEnd = v.Instant(LogField.ServiceEnd, v.Time(LogField.ServiceEnd), date);
        if (arrival is null && entry is null && v.Text(LogField.Arrival) is null && v.Text(LogField.QueueEntry) is null)
            v.Problem(binding.Has(LogField.Arrival) ? LogField.Arrival : LogField.QueueEntry, "the arrival time is missing");
        if (arrival is { } a && entry is { } e && Span(a, e) is { } early && early.TotalSeconds < -options.ToleranceSeconds)
            v.Problem(LogField.QueueEntry, "the contact entered the queue before it arrived");

        var channel = ReadChannel(v);
        var queue = ReadQueue(v);
        var wait = ReadWait(v, entry, exit);
        var beforeHandle = problems.Count;
        var handle = ReadHandle(v, serviceStart, serviceEnd);
        // A handle time that did not read has been reported already; "answered but no handle time" would repeat it.
        var handleReported = problems.Count > beforeHandle;
        var agent = v.Text(LogField.Agent);
        if (binding.Quirks.HasFlag(LayoutQuirks.AgentOnlyWhenAnswered) && outcome != Outcome.Answered) agent = null;
        var resolved = v.Flag(LogField.Resolved);
        var repeat = v.Flag(LogField.Repeat);
        var satisfaction = v.Number(LogField.Satisfaction);
        if (satisfaction is { } s && (s < options.SatisfactionMin || s > options.SatisfactionMax))
            v.Problem(LogField.Satisfaction,
                $"satisfaction {RowValues.Format(s)} is outside the scale {RowValues.Format(options.SatisfactionMin)}–{RowValues.Format(options.SatisfactionMax)}");

        if (outcome == Outcome.Answered) CheckAnswered(v, handle, handleReported, serviceStart, exit);
        if (outcome == Outcome.Abandoned) CheckAbandoned(v, handle, agent, resolved, serviceStart);

        if (problems.Count > before || outcome is not { } o || (arrival ?? entry) is not { } when) return null;
        if (wait is null) UnknownWaits++;
        var handled = o == Outcome.Abandoned || handle is not > 0 ? null : handle;
        return new Interaction(row, when.Value, channel, queue, wait ?? double.NaN, o, agent, handled, resolved, repeat, satisfaction);
    }

    private Outcome? ReadOutcome(RowValues v, out bool excluded)
    {
        excluded = false;
        Outcome? outcome = null;
        if (v.Text(LogField.Outcome) is { } text)
        {
            if (Vocabulary.TryOutcome(text, out var o, out var exclusion)) outcome = o;
            else if (exclusion is not null)
            {
                v.Problem(LogField.Outcome, exclusion);
                excluded = true;
                return null;
            }
            else v.Problem(LogField.Outcome, $"'{text}' is not an outcome; expected {Vocabulary.OutcomeWords}");
        }
        var answered = v.Flag(LogField.Answered);
        if (answered is { } yes && outcome is { } known && (yes ? known == Outcome.Abandoned : known == Outcome.Answered))
            v.Problem(LogField.Answered, $"answered is '{v.Text(LogField.Answered)}' but the outcome is {known.ToString().ToLowerInvariant()}");
        outcome ??= answered switch { true => Outcome.Answered, false => Outcome.Abandoned, null => null };
        if (outcome is null && v.Text(LogField.Outcome) is null && v.Text(LogField.Answered) is null)
            v.Problem(binding.Has(LogField.Outcome) ? LogField.Outcome : LogField.Answered, "the outcome is missing");
        return outcome;
    }

    private static DateOnly? ReadDate(RowValues v)
    {
        if (v.Time(LogField.Date) is not { } p) return null;
        if (p.Date is { } d) return d;
        v.Problem(LogField.Date, $"'{v.Text(LogField.Date)}' is not a date");
        return null;
    }

    private Channel ReadChannel(RowValues v)
    {
        if (!binding.Has(LogField.Channel)) return options.DefaultChannel;
        var text = v.Text(LogField.Channel);
        if (text is null) v.Problem(LogField.Channel, "the channel is missing");
        else if (Vocabulary.TryChannel(text, out var channel)) return channel;
        else v.Problem(LogField.Channel, $"'{text}' is not a channel; expected {Vocabulary.ChannelWords}");
        return options.DefaultChannel;
    }

    private string ReadQueue(RowValues v)
    {
        if (!binding.Has(LogField.Queue)) return options.DefaultQueue;
        if (v.Text(LogField.Queue) is { } queue) return queue;
        v.Problem(LogField.Queue, "the queue is missing");
        return options.DefaultQueue;
    }

    private double? ReadWait(RowValues v, (DateTimeOffset Value, bool TimeOnly)? entry, (DateTimeOffset Value, bool TimeOnly)? exit)
    {
        var wait = v.Duration(LogField.WaitSeconds);
        if (entry is not { } e || exit is not { } x) return wait;
        var span = Span(e, x)!.Value.TotalSeconds;
        if (span < 0)
        {
            v.Problem(LogField.QueueExit, $"the contact left the queue {RowValues.Format(-span)} s before it entered it (negative wait)");
            return null;
        }
        if (wait is null && v.Text(LogField.WaitSeconds) is null) return span;
        if (wait is { } w && Math.Abs(w - span) > options.ToleranceSeconds)
            v.Problem(LogField.WaitSeconds, $"wait {RowValues.Format(w)} s contradicts queue exit − queue entry = {RowValues.Format(span)} s");
        return wait;
    }

    private double? ReadHandle(RowValues v, (DateTimeOffset Value, bool TimeOnly)? start, (DateTimeOffset Value, bool TimeOnly)? end)
    {
        if (v.Duration(LogField.HandleSeconds) is { } handle) return handle;
        if (v.Text(LogField.HandleSeconds) is not null) return null;
        double? sum = null;
        foreach (var part in (ReadOnlySpan<LogField>)[LogField.Talk, LogField.Hold, LogField.Wrapup])
            if (v.Duration(part) is { } seconds) sum = (sum ?? 0) + seconds;
        if (sum is not null || start is not { } s || end is not { } e) return sum;
        var span = Span(s, e)!.Value.TotalSeconds;
        if (span >= 0) return span;
        v.Problem(LogField.ServiceEnd, $"service ends {RowValues.Format(-span)} s before it starts (negative handle time)");
        return null;
    }

    private void CheckAnswered(RowValues v, double? handle, bool handleReported, (DateTimeOffset Value, bool TimeOnly)? serviceStart, (DateTimeOffset Value, bool TimeOnly)? exit)
    {
        var source = HandleSource();
        if (source is { } column && handle is not > 0 && !handleReported)
            v.Problem(column, "answered but has no handle time");
        if (serviceStart is { } s && exit is { } x && Span(x, s) is { } gap && gap.TotalSeconds < -options.ToleranceSeconds)
            v.Problem(LogField.ServiceStart, "service starts before the contact left the queue");
    }

    private void CheckAbandoned(RowValues v, double? handle, string? agent, bool? resolved, (DateTimeOffset Value, bool TimeOnly)? serviceStart)
    {
        if (handle > 0) v.Problem(HandleSource() ?? LogField.HandleSeconds, $"abandoned but has a handle time of {RowValues.Format(handle.Value)} s");
        if (agent is not null) v.Problem(LogField.Agent, $"abandoned but names agent '{agent}'");
        if (resolved == true) v.Problem(LogField.Resolved, "abandoned but marked resolved");
        if (serviceStart is not null) v.Problem(LogField.ServiceStart, "abandoned but has a service start (answered after abandoning?)");
    }

    /// <summary>The column handle time comes from, or null when the log has none.</summary>
    private LogField? HandleSource()
    {
        foreach (var f in (ReadOnlySpan<LogField>)[LogField.HandleSeconds, LogField.Talk, LogField.Hold, LogField.Wrapup, LogField.ServiceEnd])
            if (binding.Has(f)) return f;
        return null;
    }

    /// <summary>
    /// <paramref name="to"/> − <paramref name="from"/>. Two bare times of day on the row's date that go back by more
    /// than half a day crossed midnight (a call queued at 23:59 and answered at 00:01).
    /// </summary>
    private static TimeSpan? Span((DateTimeOffset Value, bool TimeOnly) from, (DateTimeOffset Value, bool TimeOnly) to)
    {
        var span = to.Value - from.Value;
        return from.TimeOnly && to.TimeOnly && span < -HalfDay ? span + TimeSpan.FromDays(1) : span;
    }
}
