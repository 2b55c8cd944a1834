using System.Collections.Concurrent;
using TwinLab.Server.Events;

namespace TwinLab.Server.Experiments;

/// <summary>
/// The experiments the server knows in memory: a bounded queue of those waiting for a runner (<see cref="ExperimentRunnerService"/>
/// takes them with <see cref="TakeAsync"/>), those running, and the last <see cref="ExperimentSettings.History"/> finished ones. Every
/// change of state is published as a <see cref="TwinLabEventTypes.ExperimentProgress"/> event.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ExperimentQueue(ExperimentSettings settings, IEventPublisher events, TimeProvider time)
{
    /// <summary>Progress events of one experiment are at most this frequent (ten a second).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    // A removable queue (guarded by _admission): a job cancelled while it waits leaves it at once, so its place is free
    // and submit-and-cancel loops cannot pile up jobs. _ready counts signals for the runners; it may run ahead of the
    // list (a removed job), and a runner that wakes to an empty list waits again.
    private readonly LinkedList<ExperimentJob> _waiting = new();
    private readonly Dictionary<ExperimentJob, LinkedListNode<ExperimentJob>> _nodes = new(ReferenceEqualityComparer.Instance);
    private readonly SemaphoreSlim _ready = new(0);
    private readonly ConcurrentDictionary<string, ExperimentJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();

    /// <summary>The settings.</summary>
    public ExperimentSettings Settings { get; } = settings;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Waits for the next job in submission order and takes it off the queue (skip it if <see cref="TryStart"/>
    /// refuses: it was cancelled meanwhile).</summary>
    public async Task<ExperimentJob> TakeAsync(CancellationToken cancel)
    {
        while (true)
        {
            await _ready.WaitAsync(cancel);
            lock (_admission)
            {
                if (_waiting.First is not { } first) continue;
                _waiting.RemoveFirst();
                _nodes.Remove(first.Value);
                return first.Value;
            }
        }
    }

    /// <summary>Experiments waiting for a runner now.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_admission) return _waiting.Count;
        }
    }

    /// <summary>Queues <paramref name="job"/>; false when <see cref="ExperimentSettings.QueueCapacity"/> are already waiting.</summary>
    public bool TryEnqueue(ExperimentJob job)
    {
        lock (_admission)
        {
            if (_waiting.Count >= Settings.QueueCapacity) return false;
            _jobs[job.Id] = job;
            // Published before a runner can see the job, so "queued" always comes before "started".
            Publish(job, "queued");
            _nodes[job] = _waiting.AddLast(job);
        }
        _ready.Release();
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
        Publish(job, "started");
        return true;
    }

    /// <summary>Cancels a waiting experiment, or asks a running one to stop; false when it had already finished.</summary>
    public bool Cancel(ExperimentJob job)
    {
        if (job.TryCancelQueued(Time.GetUtcNow()))
        {
            Remove(job);
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
                Remove(job);
                Publish(job, "cancelled");
            }
    }

    /// <summary>Takes a cancelled job off the queue (a runner may have taken it already; it then skips it).</summary>
    private void Remove(ExperimentJob job)
    {
        lock (_admission)
        {
            if (!_nodes.Remove(job, out var node)) return;
            _waiting.Remove(node);
        }
        // Its signal is no longer needed; if a runner took it already, that runner finds the list short and waits again.
        _ready.Wait(0);
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
