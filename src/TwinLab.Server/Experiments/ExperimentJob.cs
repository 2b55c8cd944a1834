using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server.Experiments;

/// <summary>Where a submitted experiment is in its life.</summary>
internal enum ExperimentStatus { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>What an experiment looks like at one moment (what <c>GET /experiments/{id}</c> shows).</summary>
internal sealed record ExperimentView(
    string Id, string Name, string Type, string Simulator, string Branch, ulong Seed, ExperimentStatus Status, string? SubmittedBy,
    DateTimeOffset Submitted, DateTimeOffset? Started, DateTimeOffset? Finished, ExperimentProgress Progress, string? ResultId, string? Error);

/// <summary>
/// One experiment submitted over HTTP, in memory while it waits, runs and for a while after: its status changes only
/// through the methods here, each of which tells whether it applied, so exactly one caller wins each transition.
/// </summary>
/// <remarks>Thread-safe: progress arrives from the engine's worker threads while requests read the state.</remarks>
internal sealed class ExperimentJob
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancel = new();
    private ExperimentStatus _status = ExperimentStatus.Queued;
    private DateTimeOffset? _started;
    private DateTimeOffset? _finished;
    private ExperimentProgress _progress;
    private string? _resultId;
    private string? _error;
    private long _events;
    private DateTimeOffset _lastProgressEvent = DateTimeOffset.MinValue;

    public ExperimentJob(string id, ScenarioDefinition scenario, string branch, int threads, string? submittedBy, Events.EventOrigin origin, DateTimeOffset submitted)
    {
        Id = id;
        Scenario = scenario;
        Branch = branch;
        Threads = threads;
        SubmittedBy = submittedBy;
        Origin = origin;
        Submitted = submitted;
        _progress = new ExperimentProgress(0, 0, "queued");
    }

    /// <summary>The experiment's id (not the result's: a result id is known once it has run).</summary>
    public string Id { get; }
    /// <summary>The parsed scenario, with the seed to use.</summary>
    public ScenarioDefinition Scenario { get; }
    /// <summary>The branch it forks.</summary>
    public string Branch { get; }
    /// <summary>Replications run at once.</summary>
    public int Threads { get; }
    /// <summary>Who submitted it.</summary>
    public string? SubmittedBy { get; }
    /// <summary>The source and trace context of its events.</summary>
    public Events.EventOrigin Origin { get; }
    /// <summary>When it was accepted.</summary>
    public DateTimeOffset Submitted { get; }
    /// <summary>Signalled when a cancel is asked for while it runs.</summary>
    public CancellationToken CancelRequested => _cancel.Token;

    /// <summary>The current state.</summary>
    public ExperimentView View()
    {
        lock (_gate)
            return new ExperimentView(Id, Scenario.Name, Scenario.Experiment.Type, Scenario.Simulator, Branch, Scenario.Seed, _status, SubmittedBy,
                Submitted, _started, _finished, _progress, _resultId, _error);
    }

    /// <summary>Whether it has finished (succeeded, failed or cancelled).</summary>
    public bool IsFinished
    {
        get { lock (_gate) return _status is ExperimentStatus.Succeeded or ExperimentStatus.Failed or ExperimentStatus.Cancelled; }
    }

    /// <summary>The next event id of this experiment.</summary>
    public string NextEventId() => $"{Id}-{Interlocked.Increment(ref _events)}";

    /// <summary>Queued → running; false when it was cancelled while it waited.</summary>
    public bool TryStart(DateTimeOffset now) => Transition(ExperimentStatus.Queued, ExperimentStatus.Running, () =>
    {
        _started = now;
        _progress = _progress with { Stage = "starting" };
    });

    /// <summary>Queued → cancelled (it never ran, so there is no result); false when it is no longer queued.</summary>
    public bool TryCancelQueued(DateTimeOffset now) => Transition(ExperimentStatus.Queued, ExperimentStatus.Cancelled, () =>
    {
        _finished = now;
        _progress = _progress with { Stage = "cancelled before it started" };
    });

    /// <summary>Asks a running experiment to stop (it keeps the finished replications); false when it is not running.</summary>
    public bool TryRequestCancel()
    {
        lock (_gate)
        {
            if (_status != ExperimentStatus.Running) return false;
        }
        _cancel.Cancel();
        return true;
    }

    /// <summary>Records progress; true when a progress event is due (at most one per <paramref name="interval"/>, and the last one).</summary>
    public bool Report(ExperimentProgress progress, DateTimeOffset now, TimeSpan interval)
    {
        lock (_gate)
        {
            if (_status != ExperimentStatus.Running) return false;
            // Reports from parallel workers may arrive out of order: never move backwards.
            if (progress.Completed < _progress.Completed && progress.Total <= _progress.Total) return false;
            _progress = progress;
            if (now - _lastProgressEvent < interval && progress.Completed < progress.Total) return false;
            _lastProgressEvent = now;
            return true;
        }
    }

    /// <summary>Running → succeeded, or cancelled when it was stopped (the partial result is stored either way).</summary>
    public void Complete(string resultId, bool cancelled, DateTimeOffset now) =>
        Transition(ExperimentStatus.Running, cancelled ? ExperimentStatus.Cancelled : ExperimentStatus.Succeeded, () =>
        {
            _finished = now;
            _resultId = resultId;
            _progress = _progress with { Stage = cancelled ? "cancelled" : "done" };
        });

    /// <summary>Running → failed.</summary>
    public void Fail(string error, DateTimeOffset now) => Transition(ExperimentStatus.Running, ExperimentStatus.Failed, () =>
    {
        _finished = now;
        _error = error;
        _progress = _progress with { Stage = "failed" };
    });

    private bool Transition(ExperimentStatus from, ExperimentStatus to, Action apply)
    {
        lock (_gate)
        {
            if (_status != from) return false;
            _status = to;
            apply();
            return true;
        }
    }
}
