using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server.Experiments;

/// <summary>
/// Runs the queued experiments in the background, <see cref="ExperimentSettings.Concurrency"/> at a time, each through
/// <see cref="BranchExperiment"/> (the path <c>twinlab run</c> takes). When the server stops, running experiments are
/// stopped and their finished replications stored as a cancelled result; waiting ones are cancelled.
/// </summary>
internal sealed class ExperimentRunnerService(
    ExperimentQueue queue, TwinService service, SimulatorCatalog simulators, ILogger<ExperimentRunnerService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runners = Enumerable.Range(0, queue.Settings.Concurrency).Select(_ => Task.Run(() => RunnerAsync(stoppingToken), CancellationToken.None));
        await Task.WhenAll(runners);
        queue.CancelWaiting();
    }

    private async Task RunnerAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var job = await queue.TakeAsync(stoppingToken);
                if (stoppingToken.IsCancellationRequested)
                {
                    // Taken but never started: CancelWaiting no longer sees it on the queue, so cancel it here.
                    queue.Cancel(job);
                    break;
                }
                if (!queue.TryStart(job)) continue;
                // The engine's work is synchronous and CPU-bound: keep it off the request threads' pool slots it would hold.
                await Task.Factory.StartNew(() => Run(job, stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private void Run(ExperimentJob job, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(job.CancelRequested, stoppingToken);
        try
        {
            var options = new BranchExperimentOptions { Threads = job.Threads, Progress = new JobProgress(queue, job), Time = queue.Time };
            var stored = BranchExperiment.Run(service, job.Branch, job.Scenario, simulators.Get(job.Scenario.Simulator), options, stop.Token);
            job.Complete(stored.Record.Id, stored.Record.Cancelled, queue.Time.GetUtcNow());
            queue.Publish(job, stored.Record.Cancelled ? "cancelled" : "succeeded");
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Experiment {Id} ({Name}) failed", job.Id, job.Scenario.Name);
            job.Fail(Describe(e), queue.Time.GetUtcNow());
            queue.Publish(job, "failed");
        }
    }

    /// <summary>What a user is told: the message of errors about their scenario or twin, not the server's internals.</summary>
    private static string Describe(Exception e) => e switch
    {
        TwinLabException or ArgumentException or InvalidOperationException or NotSupportedException or ArithmeticException => e.Message,
        _ => "The experiment failed with an internal error; the server's log has the details.",
    };

    /// <summary>Progress from the engine's worker threads into the job, with a throttled event.</summary>
    private sealed class JobProgress(ExperimentQueue queue, ExperimentJob job) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            if (job.Report(value, queue.Time.GetUtcNow(), ExperimentQueue.ProgressInterval)) queue.Publish(job, "progress");
        }
    }
}
