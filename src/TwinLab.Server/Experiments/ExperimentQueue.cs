using System.Collections.Concurrent;
using System.Threading.Channels;
using TwinLab.Server.Events;

namespace TwinLab.Server.Experiments;

/// <summary>
/// The experiments the server knows in memory: a bounded queue of those waiting for a runner (<see cref="ExperimentRunnerService"/>
/// reads <see cref="Waiting"/>), those running, and the last <see cref="ExperimentSettings.History"/> finished ones. Every
/// change of state is published as a <see cref="TwinLabEventTypes.ExperimentProgress"/> event.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ExperimentQueue(ExperimentSettings settings, IEventPublisher events, TimeProvider time)
{
    /// <summary>Progress events of one experiment are at most this frequent (ten a second).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    // Unbounded underneath: the bound is the count of jobs still queued, so a job cancelled while it waits frees its
    // place at once instead of when a runner reaches it.
    private readonly Channel<ExperimentJob> _channel = Channel.CreateUnbounded<ExperimentJob>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<string, ExperimentJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private int _queued;

    /// <summary>The settings.</summary>
    public ExperimentSettings Settings { get; } = settings;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The jobs waiting, in submission order (skip those <see cref="TryStart"/> refuses).</summary>
    public ChannelReader<ExperimentJob> Waiting => _channel.Reader;

    /// <summary>Experiments waiting for a runner now.</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>Queues <paramref name="job"/>; false when <see cref="ExperimentSettings.QueueCapacity"/> are already waiting.</summary>
    public bool TryEnqueue(ExperimentJob job)
    {
        lock (_admission)
        {
            if (_queued >= Settings.QueueCapacity) return false;
            _queued++;
            _jobs[job.Id] = job;
            // Published before a runner can see the job, so "queued" always comes before "started".
            Publish(job, "queued");
            _channel.Writer.TryWrite(job); // never refuses: the channel is unbounded and never completed
        }
        Forget();
        return true;
    }

    /// <summary>The experiment with that id, while it is remembered.</summary>
    public ExperimentJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Every remembered experiment.</summary>
    public IReadOnlyList<ExperimentJob> All => [.. _jobs.Values];

    /// <summary>A runner takes <paramref name="job"/>: false when it was cancelled while it waited.</summary>
    public bool TryStart(ExperimentJob job)
    {
        if (!job.TryStart(Time.GetUtcNow())) return false;
        Interlocked.Decrement(ref _queued);
        Publish(job, "started");
        return true;
    }

    /// <summary>Cancels a waiting experiment, or asks a running one to stop; false when it had already finished.</summary>
    public bool Cancel(ExperimentJob job)
    {
        if (job.TryCancelQueued(Time.GetUtcNow()))
        {
            Interlocked.Decrement(ref _queued);
            Publish(job, "cancelled");
            return true;
        }
        return job.TryRequestCancel();
    }

    /// <summary>Cancels every experiment still waiting (the server is stopping).</summary>
    public void CancelWaiting()
    {
        foreach (var job in _jobs.Values)
            if (job.TryCancelQueued(Time.GetUtcNow()))
            {
                Interlocked.Decrement(ref _queued);
                Publish(job, "cancelled");
            }
    }

    /// <summary>Publishes the experiment's state as an event of kind <paramref name="kind"/> (queued, started, progress,
    /// succeeded, failed, cancelled).</summary>
    public void Publish(ExperimentJob job, string kind)
    {
        var view = job.View();
        var data = ExperimentJson.Resource(view);
        data["event"] = kind;
        events.Publish(new TwinLabEvent(job.NextEventId(), TwinLabEventTypes.ExperimentProgress, job.Origin.Source, $"experiments/{job.Id}",
            Time.GetUtcNow(), data) { TraceParent = job.Origin.TraceParent });
    }

    /// <summary>Drops the oldest finished experiments beyond <see cref="ExperimentSettings.History"/> (their results stay stored).</summary>
    private void Forget()
    {
        var finished = _jobs.Values.Where(j => j.IsFinished).ToList();
        if (finished.Count <= Settings.History) return;
        foreach (var job in finished.OrderBy(j => j.Submitted).Take(finished.Count - Settings.History))
            _jobs.TryRemove(job.Id, out _);
    }
}
