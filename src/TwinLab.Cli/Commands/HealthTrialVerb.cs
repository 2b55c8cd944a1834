using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Trials;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab health trial --arms "placebo; amlodipine 5mg; …" --n 2000 [--weeks 8] [--seed N]</c>: a randomised trial
/// on a virtual population sampled from the population model (Law 2003's trial population); per arm the mean change of
/// clinic BP, the placebo-adjusted reduction with its 95% CI and Law 2003's published value for one drug at half,
/// standard or double dose — the check that the twin reproduces the trial evidence.
/// </summary>
internal static class HealthTrialVerb
{
    public static Command Create(GlobalOptions g)
    {
        var arms = new Option<string>("--arms") { Description = "Regimens separated by ';': 'placebo' (or 'none') and drugs with doses, e.g. \"placebo; amlodipine 5mg; lisinopril 10mg; amlodipine 2.5mg + lisinopril 5mg\"", Required = true };
        var n = new Option<int>("--n") { Description = "People randomised to each arm", DefaultValueFactory = _ => 2000 };
        var weeks = new Option<int>("--weeks") { Description = "Weeks of treatment between the baseline and final visits", DefaultValueFactory = _ => VirtualTrial.DefaultWeeks };
        var seed = HealthCommand.SeedOption();
        var cmd = new Command("trial", "Run a randomised trial of regimens on a virtual population and compare the placebo-adjusted reductions with Law 2003") { arms, n, weeks, seed };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var regimens = ParseArms(ctx.Get(arms));
            var result = VirtualTrial.Run(regimens, ctx.Get(n), ctx.Get(weeks), ctx.Get(seed));
            if (ctx.Json)
            {
                ctx.WriteJson(Json(result));
                return 0;
            }
            Print(ctx.Out, result);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The arms of --arms: 'placebo' is no treatment; any other text is a regimen (a bad one names the arm).</summary>
    internal static IReadOnlyList<Regimen> ParseArms(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        if (parts.All(string.IsNullOrEmpty)) throw new CliUsageException("--arms is empty: give regimens separated by ';', e.g. \"placebo; amlodipine 5mg\".");
        var result = new List<Regimen>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0) throw new CliUsageException($"--arms: arm {i + 1} is empty (two ';' in a row?).");
            if (parts[i].Equals("placebo", StringComparison.OrdinalIgnoreCase)) result.Add(Regimen.None);
            else
            {
                try
                {
                    result.Add(Regimen.Parse(parts[i]));
                }
                catch (RegimenFormatException e)
                {
                    throw new CliUsageException($"--arms: arm {i + 1}: {e.Message}");
                }
            }
        }
        return result;
    }

    private static void Print(TextWriter w, TrialResult r)
    {
        static string E(MeanEstimate? e) => e is { } m ? m.ToString() : "—";
        w.WriteLine(HealthDisclaimer.Text);
        w.WriteLine($"Virtual trial: {r.Design}");
        Table.Write(w, ["arm", "n", "baseline", "change SBP (95% CI)", "change DBP (95% CI)", "placebo-adjusted SBP", "placebo-adjusted DBP", "Law 2003"], r.Arms.Select(a => (IReadOnlyList<string>)[
            a.Label, a.Participants.ToString("N0", CultureInfo.InvariantCulture), $"{HealthJson.N(a.BaselineMean.Systolic)}/{HealthJson.N(a.BaselineMean.Diastolic)}",
            E(a.SystolicChange), E(a.DiastolicChange), E(a.SystolicReduction), E(a.DiastolicReduction),
            a.Published is { } pub ? $"{HealthJson.N(pub.Systolic, "0.0")}/{HealthJson.N(pub.Diastolic, "0.0")}" : "—"]));
        if (r.PlaceboArm is null) w.WriteLine("No placebo arm: add 'placebo' to --arms for placebo-adjusted reductions.");
        w.WriteLine("Law 2003: placebo-adjusted clinic reductions (mmHg) for one drug at half, standard or twice standard dose at the trials' pretreatment BP (Law, Wald, Morris & Jordan, BMJ 2003;326:1427).");
        w.WriteLine(HealthDisclaimer.Text);
    }

    private static JsonObject Json(TrialResult r)
    {
        static JsonNode? E(MeanEstimate? e) => e is { } m ? new JsonObject { ["mean"] = m.Mean, ["standardError"] = m.StandardError, ["low"] = m.Low, ["high"] = m.High } : null;
        return new JsonObject
        {
            ["disclaimer"] = HealthDisclaimer.Text,
            ["design"] = r.Design,
            ["perArm"] = r.PerArm,
            ["weeks"] = r.Weeks,
            ["seed"] = r.Seed,
            ["confidence"] = r.Options.Confidence,
            ["placeboArm"] = r.PlaceboArm,
            ["arms"] = new JsonArray([.. r.Arms.Select(a => (JsonNode)new JsonObject
            {
                ["arm"] = a.Label,
                ["regimen"] = a.Regimen.ToString(),
                ["participants"] = a.Participants,
                ["baseline"] = new JsonObject { ["systolic"] = a.BaselineMean.Systolic, ["diastolic"] = a.BaselineMean.Diastolic },
                ["systolicChange"] = E(a.SystolicChange),
                ["diastolicChange"] = E(a.DiastolicChange),
                ["systolicReduction"] = E(a.SystolicReduction),
                ["diastolicReduction"] = E(a.DiastolicReduction),
                ["law2003"] = a.Published is { } pub ? new JsonObject { ["systolic"] = pub.Systolic, ["diastolic"] = pub.Diastolic } : null,
            })]),
        };
    }
}
