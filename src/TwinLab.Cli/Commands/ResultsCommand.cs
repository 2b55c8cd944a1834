using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Results;
using static TwinLab.Cli.Commands.ResultsPrinter;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab results list|show|compare</c>: experiment results stored in the database by <c>twinlab run</c>.</summary>
internal static class ResultsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("results", "List, show and compare the experiment results stored by 'twinlab run'");
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(Compare(g));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List stored results, newest first: id, when, scenario and experiment type");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var docs = ctx.Data.Results();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(docs.Select(d => (JsonNode)new JsonObject
                {
                    ["id"] = d.Id, ["created"] = TwinJson.Format(d.Created), ["title"] = d.Title,
                }).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["id", "created", "scenario"], docs.Select(d => (IReadOnlyList<string>)[d.Id, TwinJson.Format(d.Created), d.Title]));
            return 0;
        }));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The result id (see 'twinlab results list')" };
        var output = new Option<string?>("--out") { Description = "Also write results.json, report.html and PNG plots to this folder" };
        var cmd = new Command("show", "Show a stored result: KPI summaries and what its experiment found") { id, output };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var (record, json) = Load(ctx, ctx.Get(id));
            IReadOnlyList<string> files = ctx.Get(output) is { } dir ? ResultFiles.Write(record, json, dir) : [];
            if (ctx.Json) ctx.WriteJsonText(json);
            else Print(ctx.Out, record, files);
            return 0;
        }));
        return cmd;
    }

    private static Command Compare(GlobalOptions g)
    {
        var ids = new Argument<string[]>("ids") { Description = "Two or more result ids; the first is the reference", Arity = new ArgumentArity(2, 20) };
        var cmd = new Command("compare", "Compare stored results KPI by KPI (first scenario of each): means, CIs, and the difference from the first with a Welch 95% CI") { ids };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var records = ctx.Get(ids).Select(i => Load(ctx, i).Record).ToArray();
            var reference = records[0];
            var rows = new List<ComparisonRow>();
            foreach (var kpi in reference.Kpis)
            {
                var a = reference.Scenarios.FirstOrDefault()?.Summaries.FirstOrDefault(s => s.Name == kpi.Name);
                if (a is null) continue;
                foreach (var other in records.Skip(1))
                {
                    var b = other.Scenarios.FirstOrDefault()?.Summaries.FirstOrDefault(s => s.Name == kpi.Name);
                    if (b is null) continue;
                    var (diff, low, high) = Welch(a.Mean, a.StdDev, a.Count, b.Mean, b.StdDev, b.Count);
                    rows.Add(new ComparisonRow(kpi.Name, other.Id, a.Mean, b.Mean, diff, low, high, low > 0 || high < 0));
                }
            }
            if (ctx.Json)
            {
                ctx.WriteJson(JsonSerializer.SerializeToNode(rows, ResultsJson.Options));
                return 0;
            }
            ctx.Out.WriteLine($"Reference: {reference.Id} ({reference.Name}); difference = other − reference, Welch 95% CI (independent runs).");
            Table.Write(ctx.Out, ["kpi", "other", "reference mean", "other mean", "difference", "95% CI", "significant"], rows.Select(r => (IReadOnlyList<string>)[
                r.Kpi, r.Other, Num(r.ReferenceMean), Num(r.OtherMean), Num(r.Difference), $"[{Num(r.CiLow)}, {Num(r.CiHigh)}]", r.Significant ? "yes" : "no"]));
            return 0;
        }));
        return cmd;
    }

    private sealed record ComparisonRow(string Kpi, string Other, double ReferenceMean, double OtherMean, double Difference, double CiLow, double CiHigh, bool Significant);

    /// <summary>
    /// Difference of two independent means with Welch's t interval (Welch 1947; Satterthwaite degrees of freedom):
    /// results from separate runs share no random numbers, so they cannot be paired.
    /// </summary>
    internal static (double Difference, double Low, double High) Welch(double meanA, double sdA, int nA, double meanB, double sdB, int nB)
    {
        var diff = meanB - meanA;
        if (nA < 2 || nB < 2) return (diff, double.NaN, double.NaN);
        var va = sdA * sdA / nA;
        var vb = sdB * sdB / nB;
        var se = Math.Sqrt(va + vb);
        if (se == 0) return (diff, diff, diff);
        var df = (va + vb) * (va + vb) / (va * va / (nA - 1) + vb * vb / (nB - 1));
        var t = StudentT.InvCDF(0, 1, df, 0.975);
        return (diff, diff - t * se, diff + t * se);
    }

    private static (ExperimentRecord Record, string Json) Load(CliContext ctx, string id)
    {
        var json = ctx.Data.ResultJson(id)
            ?? throw new CliUsageException($"No stored result '{id}' in {(ctx.Server is { } server ? server.Display : ctx.DbPath)}; see 'twinlab results list'.");
        try
        {
            return (ResultsJson.Deserialize(json), json);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"Stored result '{id}' cannot be read ({e.Message}); it may come from a newer TwinLab.");
        }
    }
}
