using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Files;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab ingest FILE... --map M.yaml</c>: CSV or NDJSON files through the ingest pipeline (exactly once per row, bad
/// rows dead-lettered); <c>twinlab ingest --watch FOLDER --map M.yaml</c>: a watched folder, until Ctrl-C.
/// </summary>
internal static class IngestCommand
{
    public static Command Create(GlobalOptions g)
    {
        var files = new Argument<string[]>("file") { Description = "CSV or NDJSON files (by extension, or --format)", Arity = ArgumentArity.ZeroOrMore };
        var map = new Option<string>("--map") { Description = "The mapping file (YAML): how rows become twin properties and telemetry", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or ndjson, whatever the extension (default: the mapping's format, else the extension)" };
        var source = new Option<string?>("--source") { Description = "The source name rows are counted, keyed and dead-lettered under (default: ingest:FILENAME, or folder:FOLDER)" };
        var errors = new Option<int>("--errors") { Description = "How many dead-lettered rows to list per file", DefaultValueFactory = _ => 10 };
        var watch = new Option<string?>("--watch") { Description = "Watch this folder for new and growing files instead, until Ctrl-C" };
        var glob = new Option<string>("--glob") { Description = "With --watch: which files (*, ? and {a,b})", DefaultValueFactory = _ => "*.{csv,tsv,ndjson,jsonl}" };
        var moveDone = new Option<string?>("--move-done")
        {
            Description = "With --watch: move each file read completely and settled to this folder (relative to the watched one; default 'done')",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var poll = new Option<double>("--poll") { Description = "With --watch: seconds between looks at the folder", DefaultValueFactory = _ => 1 };
        var settle = new Option<double>("--settle") { Description = "With --watch: seconds a file must stay unchanged to count as finished (its last line is then read even without a line break)", DefaultValueFactory = _ => 10 };
        var once = new Option<bool>("--once") { Description = "With --watch: read what the folder holds now (files count as finished), then stop; for cron jobs" };
        var cmd = new Command("ingest", "Read CSV or NDJSON files (or watch a folder) into the twin through a mapping file: each row exactly once, bad rows dead-lettered with file and line")
        {
            files, map, format, source, errors, watch, glob, moveDone, poll, settle, once,
        };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            if (ctx.Get(errors) < 0) throw new CliUsageException("--errors must be 0 or more.");
            var mapping = MessageMapping.Load(ctx.Get(map));
            var given = ctx.Get(files) ?? [];
            if (ctx.Get(watch) is { } folder)
            {
                if (given.Length > 0) throw new CliUsageException("Give files or --watch FOLDER, not both.");
                var moveTo = p.GetResult(moveDone) is { Implicit: false } ? ctx.Get(moveDone) ?? "done" : null;
                if (ctx.Get(poll) is var seconds && (seconds <= 0 || !double.IsFinite(seconds))) throw new CliUsageException("--poll must be a positive number of seconds.");
                if (ctx.Get(settle) is var quiet && (quiet < 0 || !double.IsFinite(quiet))) throw new CliUsageException("--settle must be 0 or more seconds.");
                var options = new FolderSourceOptions
                {
                    Folder = folder,
                    Glob = ctx.Get(glob),
                    Source = ctx.Get(source),
                    Format = ctx.Get(format),
                    DoneFolder = moveTo,
                    PollInterval = TimeSpan.FromSeconds(ctx.Get(poll)),
                    SettleTime = ctx.Get(once) ? TimeSpan.Zero : TimeSpan.FromSeconds(ctx.Get(settle)),
                };
                return IngestWatch.Run(ctx, mapping, options, ctx.Get(once), ctx.Get(errors));
            }
            if (p.GetResult(once) is { Implicit: false } || p.GetResult(moveDone) is { Implicit: false })
                throw new CliUsageException("--once and --move-done go with --watch FOLDER.");
            if (given.Length == 0) throw new CliUsageException("Give the files to read (twinlab ingest FILE... --map M.yaml), or --watch FOLDER.");
            if (ctx.Get(source) is not null && given.Length > 1)
                throw new CliUsageException("--source names one file's rows; give one file with it, or leave it out (each file is then ingest:FILENAME).");
            return Files(ctx, mapping, given, ctx.Get(format), ctx.Get(source), ctx.Get(errors));
        }));
        return cmd;
    }

    private static int Files(CliContext ctx, MessageMapping mapping, string[] paths, string? format, string? source, int maxErrors)
    {
        foreach (var path in paths)
            if (!File.Exists(path)) throw new CliUsageException($"{path}: no such file.");
        foreach (var path in paths)
        {
            try
            {
                DataFileFormats.Of(path, format, mapping.Format);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message);
            }
        }
        var reports = new List<FileIngestReport>();
        Task.Run(async () =>
        {
            await using var pipeline = new IngestPipeline(ctx.Service, new DeadLetterStore(ctx.Service.Store), new IngestOptions { Branch = ctx.Branch });
            foreach (var path in paths)
            {
                var report = await FileIngest.RunAsync(path, mapping, pipeline, new FileIngestOptions { Format = format, Source = source, MaxErrors = maxErrors });
                reports.Add(report);
                if (!ctx.Json) Print(ctx.Out, report);
            }
        }).GetAwaiter().GetResult();
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["files"] = new JsonArray([.. reports.Select(r => (JsonNode)Json(r))]),
                ["messages"] = reports.Sum(r => r.Messages),
                ["applied"] = reports.Sum(r => r.Applied),
                ["duplicates"] = reports.Sum(r => r.Duplicates),
                ["deadLettered"] = reports.Sum(r => r.DeadLettered),
            });
        }
        else if (reports.Any(r => r.DeadLettered > 0))
        {
            var sources = reports.Where(r => r.DeadLettered > 0).Select(r => r.Source).Distinct().ToList();
            ctx.Out.WriteLine($"Dead letters: twinlab connections deadletters --source {(sources.Count == 1 ? Quote(sources[0]) : "SOURCE")}" +
                " (fix the rows and run again: rows already applied are recognised and not applied twice).");
        }
        // Exit 1 when anything was not applied, so scripts notice; what was applied stays applied.
        return reports.Any(r => r.FileError is not null || r.DeadLettered > 0) ? 1 : 0;
    }

    internal static void Print(TextWriter w, FileIngestReport r)
    {
        var name = Path.GetFileName(r.File);
        if (r.FileError is { } error) w.WriteLine($"{name}: not read to the end: {error}");
        w.WriteLine($"{name}: {Count(r.Messages)} row{(r.Messages == 1 ? "" : "s")}: {Count(r.Applied)} applied, {Count(r.Duplicates)} duplicate{(r.Duplicates == 1 ? "" : "s")}, {Count(r.DeadLettered)} dead-lettered");
        foreach (var e in r.Errors) w.WriteLine($"  {e.Position}: {e.Reason}");
        if (r.DeadLettered > r.Errors.Count) w.WriteLine($"  ... and {Count(r.DeadLettered - r.Errors.Count)} more");
    }

    internal static JsonObject Json(FileIngestReport r) => new()
    {
        ["file"] = r.File,
        ["source"] = r.Source,
        ["messages"] = r.Messages,
        ["applied"] = r.Applied,
        ["duplicates"] = r.Duplicates,
        ["deadLettered"] = r.DeadLettered,
        ["errors"] = new JsonArray([.. r.Errors.Select(e => (JsonNode)new JsonObject { ["position"] = e.Position, ["reason"] = e.Reason })]),
        ["fileError"] = r.FileError,
    };

    internal static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Any(ch => char.IsWhiteSpace(ch) || ch is '\'' or '"' or '$') ? $"'{s.Replace("'", "'\\''")}'" : s;
}
