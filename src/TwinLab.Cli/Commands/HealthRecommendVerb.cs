using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Reporting;
using TwinLab.Health.Safety;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab health recommend PATIENT [--top 5] [--target …] [--weights p=..,side=..,pills=..] [--samples 1000] [--seed N] [--report FILE]</c>:
/// every allowed regimen of one to three drugs tried on the patient's twin, ranked, the top ones explained; the excluded
/// regimens with reasons, step-down options and the current regimen for comparison.
/// </summary>
internal static class HealthRecommendVerb
{
    public static Command Create(GlobalOptions g)
    {
        var patient = HealthCommand.PatientArgument();
        var top = new Option<int>("--top") { Description = "Class-and-dose patterns to explain", DefaultValueFactory = _ => 5 };
        var target = HealthCommand.TargetOption();
        var weights = new Option<string?>("--weights") { Description = "Ranking weights name=value,…: p (P(target), default 1), speed (0.1), side (side-effect burden, 1), named (0.5), caution (0.1), pills (0.03 per pill)" };
        var samples = HealthCommand.SamplesOption();
        var seed = HealthCommand.SeedOption();
        var report = HealthCommand.ReportOption();
        var cmd = new Command("recommend", "Try every allowed regimen of one to three drugs on the patient's twin; rank by P(target), side effects and pills; explain the top ones, the exclusions and step-down options") { patient, top, target, weights, samples, seed, report };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var topCount = ctx.Get(top);
            if (topCount is < 1 or > 50) throw new CliUsageException($"--top {topCount}: give 1 to 50.");
            var scoreWeights = ParseWeights(ctx.Get(weights));
            var n = HealthCommand.Samples(ctx.Get(samples));
            var who = HealthCommand.RequireReadings(HealthCommand.ResolvePatient(ctx, ctx.Get(patient)));
            var profile = who.Profile;
            var goal = HealthCommand.Target(ctx.Get(target), profile, HealthJson.Today(profile));
            var (calibration, reused) = HealthCommand.Calibration(ctx, who, store: true);
            var options = new RecommendOptions
            {
                Prediction = new PredictionOptions { Samples = n, Seed = ctx.Get(seed), Target = goal },
                Weights = scoreWeights,
                TopCount = topCount,
            };
            var recommendation = RegimenRecommender.Recommend(profile, calibration.Posterior, options);
            var reportPath = ctx.Get(report);
            if (reportPath is not null)
                HealthReport.WriteHtml(Report(profile, calibration, recommendation, $"twinlab health recommend; {n} samples per regimen, seed {options.Prediction.Seed}"), reportPath);
            if (ctx.Json)
            {
                var node = Json(recommendation);
                node["origin"] = who.Origin;
                node["reusedStoredCalibration"] = reused;
                node["report"] = reportPath;
                ctx.WriteJson(node);
                return 0;
            }
            Print(ctx.Out, profile, recommendation, reused);
            if (who.Branch is null) ctx.Out.WriteLine($"Patient {who.Origin}.");
            if (reportPath is not null) ctx.Out.WriteLine($"Report: {reportPath}");
            ctx.Out.WriteLine(HealthDisclaimer.Text);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The report of a recommendation: trajectories of the top three choices and the current regimen.</summary>
    internal static HealthReportContent Report(PatientProfile profile, CalibrationResult calibration, Recommendation r, string generated)
    {
        var trajectories = r.TopChoices.Take(3).Select(c => new ReportTrajectory($"#{c.Rank} {c.Best.Regimen}", c.Prediction!)).ToList();
        trajectories.Add(new ReportTrajectory($"current: {r.Current.Regimen}", r.Current.Prediction));
        return new HealthReportContent
        {
            Title = $"{profile.Name ?? profile.Id}: regimens tried on the twin",
            Generated = generated,
            Patient = profile,
            Calibration = calibration,
            Trajectories = trajectories,
            Recommendation = r,
        };
    }

    internal static ScoreWeights ParseWeights(string? text)
    {
        var weights = ScoreWeights.Default;
        if (text is null) return weights;
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
                throw new CliUsageException($"--weights: '{entry}': write name=number (≥ 0), e.g. p=1,side=0.5,pills=0.05.");
            weights = parts[0].ToLowerInvariant() switch
            {
                "p" or "target" => weights with { Target = v },
                "speed" => weights with { Speed = v },
                "side" or "side-effects" => weights with { SideEffects = v },
                "named" => weights with { NamedEffect = v },
                "caution" or "cautions" => weights with { Caution = v },
                "pills" or "pill" => weights with { Pill = v },
                _ => throw new CliUsageException($"--weights: '{parts[0]}' is not a weight; use p, speed, side, named, caution or pills."),
            };
        }
        return weights;
    }

    private static void Print(TextWriter w, PatientProfile profile, Recommendation r, bool reused)
    {
        w.WriteLine(HealthDisclaimer.Text);
        w.WriteLine($"Regimens for {HealthJson.Person(profile, r.StartDay)}, starting {HealthJson.Date(r.StartDay)}.");
        w.WriteLine($"Target: {r.Target.Description}.");
        w.WriteLine($"Twin: {r.Uncertainty}{(reused ? " (stored calibration)" : "")}");
        if (r.FromPopulationOnly) w.WriteLine("POPULATION PRIOR ONLY: the twin has not seen this person's response to treatment; every figure is a population average.");
        w.WriteLine($"Searched {r.Searched} regimens: {r.Ranking.Count} allowed, {r.Excluded.Count} excluded by safety rules; {r.Samples} twin samples each (seed {r.Seed}).");
        w.WriteLine();
        var weeks = r.TopChoices.FirstOrDefault()?.Best.Weeks ?? [];
        Table.Write(w, ["choice", "regimen", .. weeks.Select(x => $"P(target) wk {x}"), "any side effect", "pills", "score"], r.TopChoices.Select(c => (IReadOnlyList<string>)[
            $"#{c.Rank}", c.Best.Regimen.ToString(), .. c.Best.ProbabilityByWeek.Select(HealthJson.Pct), HealthJson.Pct(c.Best.SideEffects.AnySymptomatic),
            c.Best.PillCount.ToString(CultureInfo.InvariantCulture), HealthJson.N(c.Best.Score.Total, "0.000")]));
        if (r.TargetWarning is { } warning) w.WriteLine($"WARNING: {warning}");
        foreach (var c in r.TopChoices)
        {
            w.WriteLine();
            w.WriteLine($"#{c.Rank} {c.Best.Regimen} ({c.Pattern})");
            w.WriteLine($"  {c.Explanation}");
            if (c.Alternatives.Count > 0) w.WriteLine($"  same pattern: {string.Join("; ", c.Alternatives.Take(3).Select(a => a.Regimen.ToString()))}");
        }
        if (r.NotableLosers.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Ranked lower:");
            foreach (var l in r.NotableLosers) w.WriteLine($"  {l.Regimen}: {l.Reason}");
        }
        w.WriteLine();
        w.WriteLine($"Excluded ({r.Excluded.Count} regimens):");
        if (r.Excluded.Count == 0) w.WriteLine("  none: no safety rule applies to this person");
        foreach (var (rule, count) in r.ExclusionsByRule.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            var example = r.Excluded.First(e => e.Findings.Any(f => f.Rule == rule));
            var why = example.Findings.First(f => f.Rule == rule).Explanation;
            w.WriteLine($"  {rule}: {count} regimens, e.g. {example.Regimen} — {why}");
        }
        w.WriteLine();
        var cur = r.Current;
        var last = cur.Prediction.Horizons.Count > 0 ? cur.Prediction.Horizons[^1] : null;
        if (cur.Excluded)
        {
            w.WriteLine($"!!! The current regimen {cur.Regimen} is EXCLUDED for this person — change it:");
            foreach (var f in cur.Safety.Where(f => f.Severity == SafetySeverity.Excluded)) w.WriteLine($"!!!   {f.Explanation} [{f.Rule}; {f.Source}]");
        }
        w.WriteLine($"Current regimen {cur.Regimen}{(cur.Regimen.IsEmpty ? "" : $" ({r.CurrentStanding})")}: {cur.AtTargetReason.TrimEnd('.')}" +
            (last is null ? "." : $"; if continued, week {last.Weeks}: home {last.Systolic}/{last.Diastolic} mmHg, P(target) {HealthJson.Pct(last.ProbabilityAtTarget)}."));
        if (r.StepDown.Count > 0)
        {
            w.WriteLine("Step-down options (fewer or lower-dose drugs that keep the target likely):");
            foreach (var s in r.StepDown.Take(5))
                w.WriteLine($"  {s.Regimen} ({s.Change}): P(target) {HealthJson.Pct(s.ProbabilityAtTarget)}, side effects {HealthJson.Pct(s.SideEffects.AnySymptomatic)}, {s.PillCount} pill{(s.PillCount == 1 ? "" : "s")}");
        }
        else if (cur.AtTarget) w.WriteLine("Step-down: no reduced regimen keeps the target likely enough.");
    }

    internal static JsonObject Json(Recommendation r) => new()
    {
        ["disclaimer"] = HealthDisclaimer.Text,
        ["patient"] = r.PatientId,
        ["startDay"] = HealthJson.Date(r.StartDay),
        ["target"] = HealthJson.Target(r.Target),
        ["weights"] = new JsonObject
        {
            ["p"] = r.Weights.Target, ["speed"] = r.Weights.Speed, ["side"] = r.Weights.SideEffects, ["named"] = r.Weights.NamedEffect,
            ["caution"] = r.Weights.Caution, ["pills"] = r.Weights.Pill,
        },
        ["targetWarning"] = r.TargetWarning,
        ["searched"] = r.Searched,
        ["allowed"] = r.Ranking.Count,
        ["fromPopulationOnly"] = r.FromPopulationOnly,
        ["uncertainty"] = r.Uncertainty,
        ["samples"] = r.Samples,
        ["seed"] = r.Seed,
        ["top"] = new JsonArray([.. r.TopChoices.Select(c => (JsonNode)new JsonObject
        {
            ["rank"] = c.Rank,
            ["regimen"] = c.Best.Regimen.ToString(),
            ["pattern"] = c.Pattern,
            ["probabilityAtTarget"] = c.Best.ProbabilityAtTarget,
            ["probabilityByWeek"] = new JsonObject(c.Best.Weeks.Select((wk, i) => KeyValuePair.Create(wk.ToString(CultureInfo.InvariantCulture), (JsonNode?)c.Best.ProbabilityByWeek[i]))),
            ["sideEffects"] = HealthJson.SideEffects(c.Best.SideEffects),
            ["pills"] = c.Best.PillCount,
            ["cautions"] = HealthJson.Findings(c.Best.Cautions),
            ["score"] = c.Best.Score.Total,
            ["explanation"] = c.Explanation,
            ["alternatives"] = new JsonArray([.. c.Alternatives.Select(a => (JsonNode)a.Regimen.ToString())]),
            ["prediction"] = c.Prediction is { } pr ? HealthJson.Prediction(pr, trajectory: false) : null,
        })]),
        ["ranking"] = new JsonArray([.. r.Ranking.Take(20).Select(x => (JsonNode)new JsonObject
        {
            ["rank"] = x.Rank, ["regimen"] = x.Regimen.ToString(), ["probabilityAtTarget"] = x.ProbabilityAtTarget,
            ["sideEffects"] = x.SideEffects.AnySymptomatic, ["pills"] = x.PillCount, ["score"] = x.Score.Total,
        })]),
        ["excludedCount"] = r.Excluded.Count,
        ["exclusionsByRule"] = new JsonObject(r.ExclusionsByRule.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => KeyValuePair.Create(x.Key, (JsonNode?)x.Value))),
        ["excludedExamples"] = new JsonArray([.. r.Excluded.GroupBy(e => e.Reason).Take(20).Select(gr => (JsonNode)new JsonObject
        {
            ["regimen"] = gr.First().Regimen.ToString(), ["regimens"] = gr.Count(), ["reason"] = gr.Key, ["findings"] = HealthJson.Findings(gr.First().Findings),
        })]),
        ["notableLosers"] = new JsonArray([.. r.NotableLosers.Select(l => (JsonNode)new JsonObject { ["regimen"] = l.Regimen.ToString(), ["rank"] = l.Rank, ["reason"] = l.Reason })]),
        ["current"] = new JsonObject
        {
            ["regimen"] = r.Current.Regimen.ToString(),
            ["rank"] = r.Current.Rank,
            ["standing"] = r.CurrentStanding,
            ["excluded"] = r.Current.Excluded,
            ["safety"] = HealthJson.Findings(r.Current.Safety),
            ["atTarget"] = r.Current.AtTarget,
            ["atTargetReason"] = r.Current.AtTargetReason,
            ["recentHomeAverage"] = r.Current.RecentHomeAverage is { } avg ? new JsonObject { ["systolic"] = avg.Systolic, ["diastolic"] = avg.Diastolic } : null,
            ["prediction"] = HealthJson.Prediction(r.Current.Prediction, trajectory: false),
        },
        ["stepDown"] = new JsonArray([.. r.StepDown.Select(s => (JsonNode)new JsonObject
        {
            ["regimen"] = s.Regimen.ToString(), ["change"] = s.Change, ["probabilityAtTarget"] = s.ProbabilityAtTarget,
            ["sideEffects"] = s.SideEffects.AnySymptomatic, ["pills"] = s.PillCount, ["cautions"] = HealthJson.Findings(s.Cautions),
        })]),
    };
}
