using System.Text.Json;
using System.Threading.Channels;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Jobs;

/// <summary>
/// Import jobs: created, listed, cancelled and deleted through the API, and run in the background one at a time, in the
/// order they were created. Jobs are stored as documents (kind <see cref="DocumentKind"/>) beside the twin graph.
/// </summary>
/// <remarks>
/// <para>Restart: a job that was running when the server stopped is resumed when it starts again. Its batches carry
/// idempotency keys, so those already committed are acknowledged without being applied twice; the output log is appended
/// to. A job that was being cancelled is marked cancelled; queued jobs stay queued.</para>
/// <para>Finished jobs are forgotten after <see cref="Retention"/> (their <c>purgeDateTime</c>), checked at start and on
/// every create and list; their output logs stay in the import folder.</para>
/// </remarks>
public sealed class ImportJobService : BackgroundService
{
    /// <summary>The document kind jobs are stored under.</summary>
    public const string DocumentKind = "importjob";

    /// <summary>ADT's error code for an unknown job (404).</summary>
    public const string ImportJobNotFound = "ImportJobNotFound";

    /// <summary>ADT's error code for too many unfinished jobs (400).</summary>
    public const string JobLimitReached = "JobLimitReached";

    /// <summary>Unfinished (queued or running) jobs allowed at once.</summary>
    public const int MaxUnfinishedJobs = 100;

    /// <summary>How long a finished job is kept (ADT's purge time).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private sealed class Entry(StoredImportJob stored)
    {
        public ImportJob Job = stored.Job;
        public readonly string RunKey = stored.RunKey;
        public readonly string? Submitter = stored.Submitter;
        public CancellationTokenSource? Cancel;
        public bool Resume;
    }

    private readonly TwinService _service;
    private readonly ImportFolder _folder;
    private readonly ILogger<ImportJobService> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _jobs = new(StringComparer.Ordinal);
    // Entries, not ids: a job deleted while queued and created again under its id is a new entry, queued at the back.
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Opens the jobs stored in <paramref name="service"/>'s store; the queue starts with the host.</summary>
    /// <param name="service">The twin service imports write through.</param>
    /// <param name="folder">Where input and output blobs live.</param>
    /// <param name="batchSize">Twins or relationships per write (one transaction each).</param>
    /// <param name="logger">Logs job failures.</param>
    /// <param name="time">The clock (default: the system's).</param>
    public ImportJobService(TwinService service, ImportFolder folder, int batchSize, ILogger<ImportJobService> logger, TimeProvider? time = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "The import batch size must be at least 1.");
        _service = service;
        _folder = folder;
        BatchSize = batchSize;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Load();
    }

    /// <summary>Twins or relationships written per transaction.</summary>
    public int BatchSize { get; }

    /// <summary>The import folder.</summary>
    public ImportFolder Folder => _folder;

    /// <summary>Test hook: awaited after each batch a job commits, with the job id and the batch's number (from 1).</summary>
    internal Func<string, int, CancellationToken, Task>? AfterBatch { get; set; }

    /// <summary>Creates a job and queues it.</summary>
    /// <exception cref="TwinLabException"><see cref="ErrorCodes.ValidationFailed"/> (id in use, missing or bad URIs) or <see cref="JobLimitReached"/>.</exception>
    /// <param name="id">The job id.</param>
    /// <param name="inputBlobUri">The NDJSON input.</param>
    /// <param name="outputBlobUri">Where the output log goes.</param>
    /// <param name="submitter">The history actor of whoever creates the job; the job's writes are recorded as
    /// <c>SUBMITTER (import:ID)</c> (<c>import:ID</c> without one).</param>
    public ImportJob Create(string id, string? inputBlobUri, string? outputBlobUri, string? submitter = null)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 128 || id.Any(c => char.IsControl(c) || c is '/' or '\\'))
            throw new TwinLabException(ErrorCodes.ValidationFailed, "The import job id must be 1 to 128 characters without control characters, '/' or '\\'.");
        var input = _folder.Resolve(inputBlobUri, "inputBlobUri");
        var output = _folder.Resolve(outputBlobUri, "outputBlobUri");
        if (input == output) throw new TwinLabException(ErrorCodes.ValidationFailed, "outputBlobUri must differ from inputBlobUri; the output log would overwrite the input.");
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Purge(now);
            if (_jobs.ContainsKey(id))
                throw new TwinLabException(ErrorCodes.ValidationFailed, $"An import job with id '{id}' already exists; delete it first or choose another id.");
            if (_jobs.Values.Count(e => !ImportJobStatus.IsTerminal(e.Job.Status)) >= MaxUnfinishedJobs)
                throw new TwinLabException(JobLimitReached, $"{MaxUnfinishedJobs} import jobs are already queued or running; wait for some to finish.");
            var job = new ImportJob
            {
                Id = id,
                InputBlobUri = inputBlobUri!.Trim(),
                OutputBlobUri = outputBlobUri!.Trim(),
                Status = ImportJobStatus.NotStarted,
                CreatedDateTime = now,
                LastActionDateTime = now,
                PurgeDateTime = now + Retention,
            };
            var entry = new Entry(new StoredImportJob(job, Guid.NewGuid().ToString("N"), submitter));
            Save(entry);
            _jobs[id] = entry;
            _queue.Writer.TryWrite(entry);
            return job;
        }
    }

    /// <summary>A job.</summary>
    /// <exception cref="TwinLabException"><see cref="ImportJobNotFound"/>.</exception>
    public ImportJob Get(string id)
    {
        lock (_gate) return Find(id).Job;
    }

    /// <summary>Every job, ordered by id.</summary>
    public IReadOnlyList<ImportJob> List()
    {
        lock (_gate)
        {
            Purge(_time.GetUtcNow());
            return [.. _jobs.Values.Select(e => e.Job).OrderBy(j => j.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Cancels a job: a queued one at once, a running one after the batch it is writing.</summary>
    /// <returns>The job, <c>cancelling</c> or <c>cancelled</c>.</returns>
    /// <exception cref="TwinLabException"><see cref="ImportJobNotFound"/>, or <see cref="ErrorCodes.ValidationFailed"/> if it already succeeded or failed.</exception>
    public ImportJob Cancel(string id)
    {
        ImportJob job;
        CancellationTokenSource? running = null;
        lock (_gate)
        {
            var entry = Find(id);
            var status = entry.Job.Status;
            if (status is ImportJobStatus.Succeeded or ImportJobStatus.Failed)
                throw new TwinLabException(ErrorCodes.ValidationFailed, $"Import job '{id}' has already {status}; there is nothing to cancel.");
            if (status == ImportJobStatus.NotStarted) Finish(entry, ImportJobStatus.Cancelled, null);
            else if (status == ImportJobStatus.Running)
            {
                Update(entry, entry.Job with { Status = ImportJobStatus.Cancelling, LastActionDateTime = _time.GetUtcNow() });
                running = entry.Cancel;
            }
            job = entry.Job;
        }
        // Outside the lock: cancellation callbacks may run the job's ending on this thread.
        try
        {
            running?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job ended meanwhile.
        }
        return job;
    }

    /// <summary>Deletes a job that is not running (its output log stays in the import folder).</summary>
    /// <exception cref="TwinLabException"><see cref="ImportJobNotFound"/>, or <see cref="ErrorCodes.ValidationFailed"/> while it runs.</exception>
    public void Delete(string id)
    {
        lock (_gate)
        {
            var entry = Find(id);
            if (entry.Job.Status is ImportJobStatus.Running or ImportJobStatus.Cancelling)
                throw new TwinLabException(ErrorCodes.ValidationFailed, $"Import job '{id}' is {entry.Job.Status}; cancel it (POST /jobs/imports/{id}/cancel) and wait for it to stop before deleting it.");
            _service.Store.DeleteDocument(DocumentKind, id);
            _jobs.Remove(id);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var entry in _queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(entry, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a running job stays "running" in the store and is resumed at the next start.
        }
    }

    private async Task RunAsync(Entry entry, CancellationToken stopping)
    {
        var id = entry.Job.Id;
        CancellationTokenSource cancel;
        lock (_gate)
        {
            // Skip an entry deleted while it waited (its id may now be another, later job's) or cancelled.
            if (!_jobs.TryGetValue(id, out var current) || !ReferenceEquals(current, entry) || entry.Job.Status != ImportJobStatus.NotStarted) return;
            cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            entry.Cancel = cancel;
            Update(entry, entry.Job with { Status = ImportJobStatus.Running, LastActionDateTime = _time.GetUtcNow() });
        }
        ImportLog? log = null;
        try
        {
            var input = _folder.Resolve(entry.Job.InputBlobUri, "inputBlobUri");
            var output = _folder.Resolve(entry.Job.OutputBlobUri, "outputBlobUri");
            log = new ImportLog(output, id, append: entry.Resume, _time);
            if (entry.Resume) await log.InfoAsync(new() { ["status"] = "Resumed", ["reason"] = "the server restarted while the job ran" });
            var hook = AfterBatch;
            var run = new ImportRun(_service, id, entry.RunKey, input, log, BatchSize,
                hook is null ? null : (n, ct) => hook(id, n, ct),
                () => Touch(entry), entry.Submitter);
            // The import reads a file and writes synchronously through TwinService; keep it off the host's threads.
            await Task.Run(() => run.RunAsync(cancel.Token), CancellationToken.None);
            log = await CloseAsync(log);
            Complete(entry, ImportJobStatus.Succeeded, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Left "running": resumed at the next start.
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            if (log is not null) await SafeLog(log, new() { ["status"] = "Cancelled" }, error: false);
            log = await CloseAsync(log);
            Complete(entry, ImportJobStatus.Cancelled, null);
        }
        catch (Exception e) when (e is ImportFailedException or TwinLabException or IOException or UnauthorizedAccessException)
        {
            var error = e switch
            {
                ImportFailedException f => new ImportJobError(f.Code, f.Message),
                TwinLabException t => new ImportJobError(t.Code, t.Message),
                _ => new ImportJobError("InputOutputError", $"The import could not read its input or write its output log: {e.Message}"),
            };
            if (log is not null) await SafeLog(log, new() { ["status"] = "Failed", ["code"] = error.Code, ["message"] = error.Message }, error: true);
            log = await CloseAsync(log);
            Complete(entry, ImportJobStatus.Failed, error);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Import job {JobId} failed unexpectedly", id);
            if (log is not null) await SafeLog(log, new() { ["status"] = "Failed", ["code"] = "InternalServerError", ["message"] = "An internal error occurred." }, error: true);
            log = await CloseAsync(log);
            Complete(entry, ImportJobStatus.Failed, new ImportJobError("InternalServerError", $"An internal error stopped the import: {e.GetType().Name}."));
        }
        finally
        {
            if (log is not null) await log.DisposeAsync();
            lock (_gate) entry.Cancel = null;
            cancel.Dispose();
        }
    }

    /// <summary>Flushes and closes the output log, so a client that sees the job finished can read the whole log.</summary>
    private static async Task<ImportLog?> CloseAsync(ImportLog? log)
    {
        if (log is null) return null;
        try
        {
            await log.DisposeAsync();
        }
        catch (IOException)
        {
            // As in SafeLog: the job's state is in its document.
        }
        return null;
    }

    private static async Task SafeLog(ImportLog log, System.Text.Json.Nodes.JsonObject details, bool error)
    {
        try
        {
            if (error) await log.ErrorAsync(details);
            else await log.InfoAsync(details);
        }
        catch (IOException)
        {
            // The job's state is recorded in its document; a log that cannot be written must not hide it.
        }
    }

    private void Complete(Entry entry, string status, ImportJobError? error)
    {
        lock (_gate)
        {
            if (!IsCurrent(entry)) return;
            Finish(entry, status, error);
        }
    }

    private void Touch(Entry entry)
    {
        lock (_gate)
            if (IsCurrent(entry)) Update(entry, entry.Job with { LastActionDateTime = _time.GetUtcNow() });
    }

    private void Finish(Entry entry, string status, ImportJobError? error)
    {
        var now = _time.GetUtcNow();
        Update(entry, entry.Job with { Status = status, LastActionDateTime = now, FinishedDateTime = now, PurgeDateTime = now + Retention, Error = error });
    }

    private void Update(Entry entry, ImportJob job)
    {
        entry.Job = job;
        Save(entry);
    }

    private void Save(Entry entry) =>
        _service.Store.SaveDocument(new StoredDocument(DocumentKind, entry.Job.Id, entry.Job.CreatedDateTime, $"{entry.Job.Status}: {entry.Job.InputBlobUri}",
            JsonSerializer.Serialize(new StoredImportJob(entry.Job, entry.RunKey, entry.Submitter))));

    private bool IsCurrent(Entry entry) => _jobs.TryGetValue(entry.Job.Id, out var current) && ReferenceEquals(current, entry);

    /// <summary>Forgets finished jobs past their purge time (under <see cref="_gate"/>); cheap enough for every create and list.</summary>
    private void Purge(DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var (id, e) in _jobs)
            if (ImportJobStatus.IsTerminal(e.Job.Status) && e.Job.PurgeDateTime <= now) (expired ??= []).Add(id);
        if (expired is null) return;
        foreach (var id in expired)
        {
            _service.Store.DeleteDocument(DocumentKind, id);
            _jobs.Remove(id);
        }
    }

    private Entry Find(string id) =>
        _jobs.TryGetValue(id, out var e) ? e : throw new TwinLabException(ImportJobNotFound, $"There is no import job '{id}'. List the jobs with GET /jobs/imports.");

    private void Load()
    {
        var now = _time.GetUtcNow();
        var queued = new List<Entry>();
        foreach (var listed in _service.Store.ListDocuments(DocumentKind))
        {
            if (_service.Store.LoadDocument(DocumentKind, listed.Id) is not { } doc) continue;
            var stored = JsonSerializer.Deserialize<StoredImportJob>(doc.Json)!;
            var entry = new Entry(stored);
            if (ImportJobStatus.IsTerminal(entry.Job.Status) && entry.Job.PurgeDateTime <= now)
            {
                _service.Store.DeleteDocument(DocumentKind, listed.Id);
                continue;
            }
            _jobs[entry.Job.Id] = entry;
            switch (entry.Job.Status)
            {
                case ImportJobStatus.Cancelling:
                    Finish(entry, ImportJobStatus.Cancelled, null);
                    break;
                case ImportJobStatus.Running:
                    entry.Resume = true;
                    Update(entry, entry.Job with { Status = ImportJobStatus.NotStarted, LastActionDateTime = now });
                    queued.Add(entry);
                    break;
                case ImportJobStatus.NotStarted:
                    queued.Add(entry);
                    break;
            }
        }
        foreach (var e in queued.OrderBy(e => e.Job.CreatedDateTime).ThenBy(e => e.Job.Id, StringComparer.Ordinal))
            _queue.Writer.TryWrite(e);
    }
}
