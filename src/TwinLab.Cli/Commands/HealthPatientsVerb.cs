using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Health.Prediction;
using TwinLab.Health.Twin;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab health patients</c>: the patients stored on the branch.</summary>
internal static class HealthPatientsVerb
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("patients", "List the patients imported on the branch");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var patients = new HealthTwinStore(ctx.Service).ListPatients(ctx.Branch);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["disclaimer"] = HealthDisclaimer.Text,
                    ["branch"] = ctx.Branch,
                    ["patients"] = new JsonArray([.. patients.Select(x => (JsonNode)new JsonObject
                    {
                        ["id"] = x.Id, ["title"] = x.Title, ["saved"] = x.Saved.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    })]),
                });
                return 0;
            }
            ctx.Out.WriteLine(HealthDisclaimer.Text);
            if (patients.Count == 0)
            {
                ctx.Out.WriteLine($"No patients stored in {ctx.DbPath}{ctx.OnBranch}: run 'twinlab health import FILE|DIR' first.");
                return 0;
            }
            Table.Write(ctx.Out, ["patient", "summary"], patients.Select(x => (IReadOnlyList<string>)[x.Id, x.Title]));
            return 0;
        }));
        return cmd;
    }
}
