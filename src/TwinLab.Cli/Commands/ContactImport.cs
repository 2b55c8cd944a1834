using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Twin;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab contact import LOG.csv [--map …|--preset NAME] [--roster FILE]</c>.</summary>
internal static class ContactImport
{
    /// <summary>Problems printed in text mode (all of them go to --json).</summary>
    private const int ProblemsShown = 10;

    public static Command Create(GlobalOptions g)
    {
        var log = new Argument<string>("log") { Description = "The interaction log (CSV with a header row; one row per contact)" };
        var map = new Option<string?>("--map") { Description = $"Which file column holds each field: field=column,… (fields: {string.Join(", ", ColumnMap.FieldNames)}); an entry without '=' names a preset" };
        var preset = new Option<string?>("--preset") { Description = $"A known layout: {string.Join(", ", ColumnMap.PresetNames)} (--map entries then change it)" };
        var roster = new Option<string?>("--roster") { Description = "The roster (YAML: agents, skills, shifts, cost, shrinkage; see examples/contact-center/roster.yaml); default: the one stored before" };
        var zone = new Option<string?>("--time-zone") { Description = "The centre's time zone (IANA, e.g. Europe/Berlin): times without an offset are read in it and times with one (UTC logs) are converted to it; default: times as written" };
        var dateOrder = new Option<string?>("--date-order") { Description = "Day/month-ambiguous dates: day-first, month-first or auto (default: decided from the whole file)" };
        var scale = new Option<string?>("--satisfaction-scale") { Description = "The survey's score range, MIN-MAX (default 1-5; e.g. 0-10)" };
        var cmd = new Command("import", "Read an interaction log (and a roster), report the rows used and excluded, and store them with the centre's twins") { log, map, preset, roster, zone, dateOrder, scale };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            ctx.RequireBranch(ctx.Branch);
            var columns = Map(ctx.Get(map), ctx.Get(preset));
            var rosterPath = ctx.Get(roster);
            // The roster is read first so that a mistake in it stores nothing.
            var newRoster = rosterPath is null ? null : RosterFile.Read(rosterPath);
            var path = ctx.Get(log);
            var result = InteractionLog.Read(path, columns, Options(ctx.Get(zone), ctx.Get(dateOrder), ctx.Get(scale)));
            if (result.RowsUsed == 0)
                throw new CliUsageException($"{path}: no row could be used ({result.RowsRead} rows read){FirstProblems(result)}.");

            var twin = ContactCommand.Twin(ctx);
            twin.SaveLog(result.Interactions, path);
            if (newRoster is not null) twin.SaveRoster(newRoster, rosterPath!);
            var stale = twin.DeleteModel();
            var stored = newRoster is not null ? new StoredRoster(rosterPath!, DateTimeOffset.UtcNow, newRoster) : twin.LoadRoster();
            var graph = stored is null ? null : twin.WriteGraph(stored.Roster, ctx.Branch, ctx.WriteContext);
            if (ctx.Json) ctx.WriteJson(Json(path, result, stored, newRoster is not null, graph, ctx.Branch, stale));
            else Print(ctx, path, result, stored, newRoster is not null, graph, stale);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The reading options of --time-zone, --date-order and --satisfaction-scale.</summary>
    internal static ImportOptions Options(string? zone, string? dateOrder, string? scale)
    {
        var options = new ImportOptions();
        if (zone is not null)
        {
            TimeZoneInfo tz;
            try
            {
                tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new CliUsageException($"--time-zone {zone}: not a time zone this machine knows (use an IANA name such as Europe/Berlin or America/New_York).");
            }
            options = options with { TimeZone = tz, CentreTimeZone = tz };
        }
        if (dateOrder is not null)
            options = options with
            {
                DateOrder = dateOrder.ToLowerInvariant() switch
                {
                    "auto" => DateOrder.Auto,
                    "day-first" or "dmy" => DateOrder.DayFirst,
                    "month-first" or "mdy" => DateOrder.MonthFirst,
                    _ => throw new CliUsageException($"--date-order {dateOrder}: use day-first, month-first or auto."),
                },
            };
        if (scale is not null)
        {
            var parts = scale.Split('-', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var min)
                || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var max)
                || !(max > min))
                throw new CliUsageException($"--satisfaction-scale {scale}: write MIN-MAX with MIN below MAX, e.g. 1-5 or 0-10.");
            options = options with { SatisfactionMin = min, SatisfactionMax = max };
        }
        return options;
    }

    /// <summary>The column map of --map and --preset (a preset first, then the map's entries over it).</summary>
    internal static ColumnMap? Map(string? map, string? preset)
    {
        if (map is not null && string.IsNullOrWhiteSpace(map)) throw new CliUsageException("--map is empty; write field=column entries, e.g. --map arrival=q_start,queue=type.");
        if (preset is not null) ColumnMap.Preset(preset);
        var text = string.Join(",", new[] { preset, map }.OfType<string>());
        return text.Length == 0 ? null : ColumnMap.Parse(text);
    }

    private static string FirstProblems(ImportResult result) =>
        result.Problems.Count == 0 ? "" : "; first problems: " + string.Join("; ", result.Problems.Take(3));

    private static void Print(CliContext ctx, string path, ImportResult r, StoredRoster? roster, bool rosterGiven, GraphWrite? graph, bool stale)
    {
        var w = ctx.Out;
        w.WriteLine($"Read {path}: {r.Summary()}.");
        if (r.Problems.Count > 0)
        {
            var total = r.Problems.Count + r.ProblemsNotListed;
            w.WriteLine($"Excluded rows ({(total > ProblemsShown ? $"first {ProblemsShown} of {total} problems; all with --json" : $"{total} problem{(total == 1 ? "" : "s")}")}):");
            foreach (var problem in r.Problems.Take(ProblemsShown)) w.WriteLine($"  {problem}");
        }
        foreach (var note in r.Notes) w.WriteLine($"note: {note}");
        var counts = r.Interactions.GroupBy(i => (i.Queue, i.Channel)).OrderBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Channel);
        Table.Write(w, ["queue", "channel", "contacts", "answered", "abandoned", "callback"], counts.Select(g => (IReadOnlyList<string>)[
            g.Key.Queue, g.Key.Channel.ToString().ToLowerInvariant(), Count(g.Count()), Count(g.Count(i => i.Outcome == Outcome.Answered)),
            Count(g.Count(i => i.Outcome == Outcome.Abandoned)), Count(g.Count(i => i.Outcome == Outcome.Callback))]));
        w.WriteLine($"Stored the log ({r.RowsUsed} interactions){(rosterGiven ? $" and the roster ({roster!.Roster.Agents.Count} agents from {roster.Source})" : "")} in {ctx.DbPath}.");
        if (stale) w.WriteLine("The calibration stored before was discarded: it described the previous log.");
        if (roster is null)
        {
            w.WriteLine("No roster stored yet: calibration and simulation need the agents, their skills, shifts, cost and shrinkage.");
            w.WriteLine("Give one: twinlab contact import LOG.csv --roster roster.yaml (see examples/contact-center/roster.yaml for the format).");
            return;
        }
        if (!rosterGiven) w.WriteLine($"Using the roster stored before ({roster.Roster.Agents.Count} agents from {roster.Source}).");
        if (graph is not null)
            w.WriteLine($"Twins on '{ctx.Branch}': {graph.Twins} written, {graph.Relationships} relationships{(graph.TwinsRemoved > 0 ? $", {graph.TwinsRemoved} no longer in the roster removed" : "")}{(graph.ModelsImported > 0 ? $"; {graph.ModelsImported} contact-centre models imported" : "")} ({CliContext.SequenceText(graph.FirstSequence, graph.LastSequence)}).");
        w.WriteLine("Next: twinlab contact calibrate");
    }

    private static JsonObject Json(string path, ImportResult r, StoredRoster? roster, bool rosterGiven, GraphWrite? graph, string branch, bool stale) => new()
    {
        ["log"] = path,
        ["rowsRead"] = r.RowsRead,
        ["rowsUsed"] = r.RowsUsed,
        ["rowsExcluded"] = r.RowsExcluded,
        ["problems"] = new JsonArray([.. r.Problems.Select(p => (JsonNode)new JsonObject { ["row"] = p.Row, ["column"] = p.Column, ["message"] = p.Message })]),
        ["problemsNotListed"] = r.ProblemsNotListed,
        ["notes"] = new JsonArray([.. r.Notes.Select(n => (JsonNode)n)]),
        ["queues"] = new JsonArray([.. r.Interactions.GroupBy(i => (i.Queue, i.Channel)).OrderBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Channel)
            .Select(g => (JsonNode)new JsonObject { ["queue"] = g.Key.Queue, ["channel"] = g.Key.Channel.ToString().ToLowerInvariant(), ["contacts"] = g.Count() })]),
        ["roster"] = roster is null ? null : new JsonObject { ["source"] = roster.Source, ["agents"] = roster.Roster.Agents.Count, ["imported"] = rosterGiven },
        ["rosterNeeded"] = roster is null,
        ["calibrationDiscarded"] = stale,
        ["twins"] = graph is null ? null : new JsonObject
        {
            ["branch"] = branch, ["written"] = graph.Twins, ["relationships"] = graph.Relationships, ["removed"] = graph.TwinsRemoved,
            ["modelsImported"] = graph.ModelsImported, ["sequences"] = CliContext.SequenceJson(graph.FirstSequence, graph.LastSequence),
        },
    };

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
