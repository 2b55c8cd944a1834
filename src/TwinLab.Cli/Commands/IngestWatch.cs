using System.Text.Json.Nodes;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Files;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab ingest --watch FOLDER</c>: a <see cref="FolderSource"/> in the foreground, printing what each row
/// became as it happens, until Ctrl-C (or, with <c>--once</c>, until the folder's current contents are in).</summary>
internal static class IngestWatch
{
    public static int Run(CliContext ctx, MessageMapping mapping, FolderSourceOptions options, bool once, int maxErrors)
    {
        if (!Directory.Exists(options.Folder)) throw new CliUsageException($"{options.Folder}: no such folder.");
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C stops cleanly (what was read is committed and checkpointed); a second one ends the process.
            if (stop.IsCancellationRequested) return;
            e.Cancel = true;
            stop.Cancel();
        };
        var tally = new Tally(ctx.Out, ctx.Json, maxErrors);
        FolderSourceCounters counters;
        IngestCounters totals;
        Console.CancelKeyPress += onCancel;
        try
        {
            (counters, totals) = Task.Run(async () =>
            {
                await using var pipeline = new IngestPipeline(ctx.Service, new DeadLetterStore(ctx.Service.Store), new IngestOptions { Branch = ctx.Branch });
                FolderSource source;
                try
                {
                    source = new FolderSource(options, mapping, pipeline);
                }
                catch (ArgumentException e)
                {
                    throw new CliUsageException(e.Message);
                }
                source.Outcome += tally.Note;
                if (!ctx.Json && !once)
                    ctx.Err.WriteLine($"Watching {source.Folder} for {options.Glob} as source '{source.Source}'; Ctrl-C to stop.");
                if (once) await source.ScanAsync(stop.Token);
                else
                {
                    await source.StartAsync(stop.Token);
                    string? lastError = null;
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            await Task.Delay(500, stop.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                        if (source.Counters.LastError is { } error && error != lastError && !ctx.Json)
                            ctx.Err.WriteLine($"error: {error}");
                        lastError = source.Counters.LastError;
                    }
                }
                await source.StopAsync();
                return (source.Counters, pipeline.CountersOf(source.Source));
            }).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["messages"] = counters.Messages,
                ["applied"] = totals.Applied,
                ["duplicates"] = totals.Duplicates,
                ["deadLettered"] = totals.DeadLettered,
                ["filesDone"] = counters.FilesDone,
                ["fileErrors"] = counters.Errors,
                ["lastError"] = counters.LastError,
                ["errors"] = tally.Errors(),
            });
        }
        else
        {
            if (once && counters.LastError is { } error) ctx.Err.WriteLine($"error: {error}");
            ctx.Out.WriteLine($"{IngestCommand.Count(counters.Messages)} rows: {IngestCommand.Count(totals.Applied)} applied, " +
                $"{IngestCommand.Count(totals.Duplicates)} duplicate{(totals.Duplicates == 1 ? "" : "s")}, {IngestCommand.Count(totals.DeadLettered)} dead-lettered; " +
                $"{IngestCommand.Count(counters.FilesDone)} file{(counters.FilesDone == 1 ? "" : "s")} finished");
        }
        return totals.DeadLettered > 0 || counters.Errors > 0 ? 1 : 0;
    }

    /// <summary>Prints dead-lettered rows as they happen (the first <c>maxErrors</c>), and keeps them for --json.</summary>
    private sealed class Tally(TextWriter output, bool json, int maxErrors)
    {
        private readonly Lock _gate = new();
        private readonly List<(string Position, string Reason)> _errors = [];

        public void Note(InboundMessage message, IngestResult result)
        {
            if (result.Status != IngestStatus.DeadLettered) return;
            lock (_gate)
            {
                if (_errors.Count >= maxErrors) return;
                _errors.Add((message.Position, result.Reason ?? "dead-lettered"));
                if (!json) output.WriteLine($"  {message.Position}: {result.Reason}");
            }
        }

        public JsonArray Errors()
        {
            lock (_gate) return [.. _errors.Select(e => (JsonNode)new JsonObject { ["position"] = e.Position, ["reason"] = e.Reason })];
        }
    }
}
