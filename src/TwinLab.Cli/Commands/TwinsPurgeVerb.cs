using System.CommandLine;
using TwinLab.Core.Erasure;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab twins purge ID… [--cascade] [--dry-run | --yes]</c>: the right to erasure.</summary>
internal static class TwinsPurgeVerb
{
    public static Command Create(GlobalOptions g)
    {
        var ids = new Argument<string[]>("id") { Description = "The twins to erase", Arity = ArgumentArity.OneOrMore };
        var cascade = new Option<bool>("--cascade") { Description = "Also erase the twins only these twins point at (a patient's state, conditions and medication), recursively" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list the twins and aliases the purge would erase" };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the purge cannot be undone" };
        var cmd = new Command("purge",
            "Erase twins and every trace of them (history on every branch, snapshots, telemetry, idempotency keys, documents naming them), then compact the file; records the purge by hashed id")
            { ids, cascade, dryRun, yes };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            if (ctx.BranchGiven) throw new CliUsageException("A purge erases the twins from every branch; --branch does not apply.");
            if (ctx.Get(dryRun) || !ctx.Get(yes))
            {
                var plan = ctx.Service.PlanPurge(ctx.Get(ids), ctx.Get(cascade));
                if (!ctx.Get(dryRun))
                    throw new CliUsageException($"This would erase {plan.Twins.Count} twin(s) for good: {string.Join(", ", plan.Twins)}. Run again with --yes to purge (or --dry-run to only list them).");
                if (ctx.Json) ctx.WriteJson(PurgeJson.Plan(plan));
                else ctx.Out.WriteLine($"Would purge {plan.Twins.Count} twin(s): {string.Join(", ", plan.Twins)}; documents whose id names them or {(plan.Aliases.Count == 0 ? "no alias" : string.Join(", ", plan.Aliases))}, or whose body names them, would be deleted.");
                return 0;
            }
            var outcome = ctx.Service.Purge(ctx.Get(ids), ctx.Get(cascade), ctx.Actor);
            if (ctx.Json) ctx.WriteJson(PurgeJson.Outcome(outcome));
            else ctx.Out.WriteLine(PurgeJson.Describe(outcome));
            return 0;
        }));
        return cmd;
    }
}
