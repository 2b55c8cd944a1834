using System.CommandLine;
using TwinLab.Health.Calibration;
using TwinLab.Health.Prediction;
using TwinLab.Health.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab health calibrate PATIENT</c>: fits the patient's twin (untreated BP and sensitivity to each drug class,
/// with uncertainty) to their readings and medication history, prints the report and, for a stored patient, stores the
/// calibration so that predict and recommend reuse it while the profile is unchanged.
/// </summary>
internal static class HealthCalibrateVerb
{
    public static Command Create(GlobalOptions g)
    {
        var patient = HealthCommand.PatientArgument();
        var cmd = new Command("calibrate", "Fit the patient's twin to their readings and medication history (Bayesian update of the Law 2003 population priors) and store it") { patient };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var who = HealthCommand.ResolvePatient(ctx, ctx.Get(patient));
            // An explicit calibrate always fits afresh (and replaces the stored one).
            var result = PatientCalibration.Calibrate(who.Profile);
            if (who.Branch is { } branch) HealthCalibrationStore.Save(ctx.Service, who.Profile, branch, result);
            if (ctx.Json)
            {
                var node = HealthJson.Calibration(result, reused: false).AsObject();
                node["stored"] = who.Branch is not null;
                node["origin"] = who.Origin;
                ctx.WriteJson(node);
                return 0;
            }
            var w = ctx.Out;
            w.Write(result.ToText());
            if (result.FromPopulationOnly)
                w.WriteLine("Population prior only: predictions for this person are population averages until they have readings on and off treatment.");
            w.WriteLine(who.Branch is null
                ? $"Not stored ({who.Origin}); import the files to keep the calibration."
                : $"Stored with the patient{ctx.OnBranch}; 'twinlab health predict' and 'recommend' reuse it until the patient is imported again.");
            if (!result.ToText().Contains(HealthDisclaimer.Text, StringComparison.Ordinal)) w.WriteLine(HealthDisclaimer.Text);
            return 0;
        }));
        return cmd;
    }
}
