using System.Globalization;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;

namespace TwinLab.Cli.Commands;

/// <summary>Prints an experiment record as readable tables.</summary>
internal static class ResultsPrinter
{
    public static void Print(TextWriter w, ExperimentRecord r, IReadOnlyList<string> files)
    {
        w.WriteLine($"{r.Name} — {r.Type} with simulator '{r.Simulator}'{(r.Cancelled ? " (stopped early: finished replications kept)" : "")}");
        w.WriteLine($"result {r.Id}: seed {r.Provenance.Seed}, {r.Provenance.Threads} thread(s), {Num(r.ElapsedSeconds)} s; twin {r.Provenance.Branch} at sequence {r.Provenance.Sequence}");
        w.WriteLine();
        if (r.Scenarios.Count > 0)
        {
            var rows = r.Scenarios.Take(25).SelectMany(s => s.Summaries.Select(k => (IReadOnlyList<string>)[
                s.Name, k.Name, Num(k.Mean), $"[{Num(k.CiLow)}, {Num(k.CiHigh)}]", Num(k.StdDev), Num(k.P5), Num(k.P95), s.Replications.ToString(CultureInfo.InvariantCulture)]));
            Table.Write(w, ["scenario", "kpi", "mean", "95% CI", "sd", "p5", "p95", "reps"], rows);
            if (r.Scenarios.Count > 25) w.WriteLine($"(first 25 of {r.Scenarios.Count} scenarios; see results.json)");
        }
        if (r.Comparisons is { Count: > 0 } deltas)
        {
            w.WriteLine();
            w.WriteLine("Against the baseline (paired, common random numbers):");
            Table.Write(w, ["alternative", "kpi", "difference", "95% CI", "change", "p", "verdict"], deltas.Select(d => (IReadOnlyList<string>)[
                d.Alternative, d.Kpi, Num(d.Difference), $"[{Num(d.Interval.Low)}, {Num(d.Interval.High)}]",
                double.IsFinite(d.RelativeChangePercent) ? $"{d.RelativeChangePercent:+0.0;-0.0;0}%" : "", Num(d.PValue),
                d.Better ? "better" : d.Worse ? "worse" : d.Significant ? "different" : "no significant change"]));
        }
        if (r.Optimisation is { } o)
        {
            w.WriteLine();
            w.WriteLine($"{(o.Direction == KpiDirection.Maximise ? "Maximising" : "Minimising")} {o.Objective} ({o.Method}, {o.Evaluations} candidates simulated):");
            Table.Write(w, ["rank", "candidate", "objective", "95% CI", "feasible", "reps"], o.Best.Select((c, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture), c.Name, Num(c.Objective), $"[{Num(c.CiLow)}, {Num(c.CiHigh)}]", c.Feasible ? "yes" : "no",
                c.Replications.ToString(CultureInfo.InvariantCulture)]));
            if (o.BestSignificantlyBetter is { } sig)
                w.WriteLine(sig ? "The best is significantly better than the runner-up." : "The best is not significantly better than the runner-up: both are good choices.");
        }
        if (r.Tornado is { Count: > 0 } tornado)
            foreach (var kpi in tornado)
            {
                w.WriteLine();
                w.WriteLine($"Sensitivity of {kpi.Kpi} (base {Num(kpi.Base.Mean)}), largest swing first:");
                Table.Write(w, ["parameter", "low", "high", "kpi at low", "kpi at high", "swing"], kpi.Bars.Select(b => (IReadOnlyList<string>)[
                    b.Parameter, Num(b.LowValue), Num(b.HighValue), Num(b.Low.Mean), Num(b.High.Mean), Num(b.Swing)]));
            }
        if (r.Sobol is { Count: > 0 } sobol)
            foreach (var output in sobol)
            {
                w.WriteLine();
                w.WriteLine($"Sobol indices of {output.Name}:");
                Table.Write(w, ["factor", "first order", "95% CI", "total", "95% CI"], output.Indices.Select(i => (IReadOnlyList<string>)[
                    i.Factor, Num(i.First), $"[{Num(i.FirstLow)}, {Num(i.FirstHigh)}]", Num(i.Total), $"[{Num(i.TotalLow)}, {Num(i.TotalHigh)}]"]));
            }
        if (r.Calibration is { } c2)
        {
            w.WriteLine();
            w.WriteLine($"Calibrated parameters ({(c2.Converged ? "converged" : "did not converge: " + c2.Message)}):");
            Table.Write(w, ["parameter", "estimate", "std error", "95% CI"], c2.Parameters.Select(p => (IReadOnlyList<string>)[
                p.Name, Num(p.Value), Num(p.StandardError),
                (p.Profile ?? p.Asymptotic ?? p.Bootstrap) is { } i ? $"[{Num(i.Low)}, {Num(i.High)}]" : ""]));
            Table.Write(w, ["target", "observed", "sd", "simulated"], c2.Targets.Select(t => (IReadOnlyList<string>)[t.Kpi, Num(t.Observed), Num(t.Sigma), Num(t.Simulated)]));
        }
        foreach (var note in r.Notes) w.WriteLine($"note: {note}");
        if (files.Count > 0)
        {
            w.WriteLine();
            foreach (var f in files.Where(f => !f.EndsWith(".png", StringComparison.Ordinal))) w.WriteLine($"wrote {f}");
            var pngs = files.Count(f => f.EndsWith(".png", StringComparison.Ordinal));
            if (pngs > 0) w.WriteLine($"wrote {pngs} PNG plot(s) to {Path.GetDirectoryName(files.First(f => f.EndsWith(".png", StringComparison.Ordinal)))}");
        }
    }

    public static string Num(double v) => double.IsNaN(v) ? "n/a" : double.IsInfinity(v) ? (v > 0 ? "∞" : "-∞")
        : Math.Abs(v) >= 1e6 || (Math.Abs(v) < 1e-3 && v != 0) ? v.ToString("0.###e0", CultureInfo.InvariantCulture)
        : v.ToString(Math.Abs(v) >= 100 ? "0.#" : "0.####", CultureInfo.InvariantCulture);
}
