using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Core.Privacy;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab export --out FILE [--deidentify …]</c>: a branch's twins, relationships and telemetry in one graph
/// file, optionally de-identified (see <see cref="GraphExport"/>).</summary>
internal static class ExportCommand
{
    public static Command Create(GlobalOptions g)
    {
        var output = new Option<string>("--out") { Description = "The file to write (JSON in the graph file format, with a telemetry array)", Required = true };
        var deidentify = new Option<bool>("--deidentify")
        {
            Description = "Pseudonymise twin and relationship ids, drop or hash identifying properties and telemetry, shift every date by one secret offset",
        };
        var key = new Option<string?>("--deid-key")
        {
            Description = "The pseudonym key: base64 of at least 32 bytes, or @FILE holding it; the same key gives the same pseudonyms in every export (default: a fresh key, pseudonyms of this export only)",
        };
        var rules = new Option<string?>("--deid-rules")
        {
            Description = "A JSON file of identifier rules, {\"models\": {\"MODEL or *\": {\"NAME\": \"drop\"|\"hash\"}}}, added to the built-in ones (see docs/security.md)",
        };
        var shiftDays = new Option<int?>("--date-shift-days") { Description = "Move every date by exactly this many days (default: a secret shift derived from the key)" };
        var shiftSeed = new Option<int?>("--date-shift-seed") { Description = "Draw the shift (30 to 730 days, either way) from this seed" };
        var cmd = new Command("export", "Export a branch's twins, relationships and telemetry to a file, optionally de-identified (--deidentify); every export is audited")
        {
            output, deidentify, key, rules, shiftDays, shiftSeed,
        };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            if (!ctx.Get(deidentify) && (ctx.Get(key) is not null || ctx.Get(rules) is not null || ctx.Get(shiftDays) is not null || ctx.Get(shiftSeed) is not null))
                throw new CliUsageException("--deid-key, --deid-rules, --date-shift-days and --date-shift-seed apply to a de-identified export: add --deidentify.");
            if (ctx.Get(shiftDays) is not null && ctx.Get(shiftSeed) is not null)
                throw new CliUsageException("Give --date-shift-days or --date-shift-seed, not both.");
            Deidentification? deid = null;
            if (ctx.Get(deidentify))
            {
                var pseudonyms = ctx.Get(key) is { } spec ? Pseudonyms.ReadKey(spec, "--deid-key") : Pseudonyms.Random();
                var shift = ctx.Get(shiftDays) is { } days ? new DateShift(days)
                    : ctx.Get(shiftSeed) is { } seed ? DateShift.FromSeed(seed)
                    : DateShift.FromKey(pseudonyms);
                deid = new Deidentification(pseudonyms, ctx.Get(rules) is { } file ? IdentifierRules.Load(file) : IdentifierRules.Default, shift);
            }
            ctx.RequireBranch(ctx.Branch);
            var sequence = ctx.AsOf ?? ctx.Service.LastSequence;
            var snapshot = ctx.Read();
            var path = ctx.Get(output);
            // Written beside the target and moved over it, so a failed export leaves no half-written file behind.
            var temporary = path + ".partial";
            ExportCounts counts;
            try
            {
                using (var stream = File.Create(temporary))
                    counts = GraphExport.Write(stream, snapshot,
                        id => ctx.Service.ReadTelemetry(id, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ctx.Branch, ctx.AsOf),
                        ctx.Branch, sequence, deid);
                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--out {path}: {e.Message}");
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            if (ctx.Json)
                ctx.WriteJson(new JsonObject
                {
                    ["file"] = path, ["branch"] = ctx.Branch, ["sequence"] = sequence, ["deidentified"] = deid is not null,
                    ["twins"] = counts.Twins, ["relationships"] = counts.Relationships, ["telemetry"] = counts.TelemetryPoints,
                    ["dropped"] = counts.Dropped, ["hashed"] = counts.Hashed, ["shifted"] = counts.Shifted,
                });
            else
                ctx.Out.WriteLine($"Exported {counts.Twins} twins, {counts.Relationships} relationships and {counts.TelemetryPoints} telemetry points{ctx.OnBranch} to {path}" +
                    (deid is null ? "." : $", de-identified: ids pseudonymised, {counts.Dropped} identifying values dropped, {counts.Hashed} hashed, {counts.Shifted} dates shifted."));
            return 0;
        }));
        return cmd;
    }
}
