using System.Globalization;
using Google.OrTools.Sat;

namespace TwinLab.ContactCenter.Planning;

/// <summary>
/// Chooses how many agents work each shift (template × start) and where their breaks fall so that every interval of
/// the week is covered at least cost: a set-covering model in the style of Dantzig's shift-scheduling formulation
/// ("A comment on Edie's 'Traffic delays at toll booths'", Operations Research 2(3), 1954), with break placement
/// as explicit counts per shift start, solved with Google OR-Tools CP-SAT.
/// </summary>
/// <remarks>
/// <para>Variables: x[s] agents on shift s; y[s,b,p] of them take break b at placement p, with Σ_p y[s,b,p] = x[s].
/// Coverage is counted in agent-minutes per interval, so a 15-minute break in a 30-minute interval removes half an
/// agent: Σ x·(shift minutes in the interval) − Σ y·(break minutes in it) ≥ ⌈required × interval minutes⌉.
/// Cost is Σ x[s] × paid minutes × cost per hour, in cents (CP-SAT is integral).</para>
/// <para>Shifts may cross midnight but not Sunday night: the week is planned as one piece (Monday 00:00 – Sunday
/// 24:00), and a shift that would run past its end is not offered. Shifts whose whole span needs nobody are not
/// offered either.</para>
/// <para>Deterministic: one search worker with a fixed seed; with <see cref="ShiftScheduleRequest.DeterministicTimeLimit"/>
/// even a search stopped early repeats. A wall-clock <see cref="ShiftScheduleRequest.TimeLimit"/> that cuts the
/// search short can stop it at different points on different machines.</para>
/// </remarks>
public static class ShiftScheduler
{
    private const int WeekMinutes = 7 * 24 * 60;
    private const int DayMinutes = 24 * 60;

    /// <summary>Solves for the cheapest covering schedule.</summary>
    /// <param name="request">Requirement, templates and limits.</param>
    /// <exception cref="ArgumentException">The request is malformed (the message names the field).</exception>
    /// <exception cref="InfeasibleScheduleException">No schedule covers the requirement within the bounds, or none
    /// was found within the time limit (the message names the interval when one is to blame).</exception>
    public static ShiftSchedule Solve(ShiftScheduleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var im = request.IntervalMinutes;
        var n = request.RequiredAgents.Count;
        var needMinutes = request.RequiredAgents.Select(r => (long)Math.Ceiling(r * im - 1e-6)).ToArray();
        var shifts = Candidates(request, needMinutes);
        CheckCoverable(request, shifts, needMinutes);

        var model = new CpModel();
        var coverage = new LinearExprBuilder[n];
        var onDuty = new LinearExprBuilder[n];
        for (var k = 0; k < n; k++) { coverage[k] = LinearExpr.NewBuilder(); onDuty[k] = LinearExpr.NewBuilder(); }
        var cost = LinearExpr.NewBuilder();
        var total = LinearExpr.NewBuilder();
        var x = new IntVar[shifts.Count];
        var y = new List<(int Shift, int Break, int Offset, IntVar Var)>();
        for (var s = 0; s < shifts.Count; s++)
        {
            var c = shifts[s];
            x[s] = model.NewIntVar(0, c.Bound, $"x{s}");
            cost.AddTerm(x[s], c.CostCents);
            total.Add(x[s]);
            AddOverlap(coverage, onDuty, x[s], c.Start, c.Start + c.Template.LengthMinutes, im, +1);
            for (var b = 0; b < c.Template.Breaks.Count; b++)
            {
                var rule = c.Template.Breaks[b];
                var placements = LinearExpr.NewBuilder();
                for (var off = rule.EarliestOffsetMinutes; off <= rule.LatestOffsetMinutes; off += rule.StepMinutes)
                {
                    var v = model.NewIntVar(0, c.Bound, $"y{s}_{b}_{off}");
                    placements.Add(v);
                    y.Add((s, b, off, v));
                    AddOverlap(coverage, null, v, c.Start + off, c.Start + off + rule.Minutes, im, -1);
                }
                model.Add(placements == x[s]);
            }
        }
        for (var k = 0; k < n; k++)
        {
            if (needMinutes[k] > 0) model.Add(coverage[k] >= needMinutes[k]);
            if (request.MaxAgentsOnDuty is { } cap) model.Add(onDuty[k] <= cap);
        }
        if (request.MaxShifts is { } most) model.Add(total <= most);
        model.Minimize(cost);

        var solver = new CpSolver { StringParameters = Parameters(request) };
        var status = solver.Solve(model);
        if (status is CpSolverStatus.Infeasible)
            throw new InfeasibleScheduleException(
                $"No schedule{For(request)} covers the requirement within the bounds (MaxAgentsOnDuty {Show(request.MaxAgentsOnDuty)}, "
                + $"MaxShifts {Show(request.MaxShifts)}) with the templates' start windows and breaks.");
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            throw new InfeasibleScheduleException(
                $"No schedule{For(request)} was found within the time limit ({request.TimeLimit.TotalSeconds:0.###} s; solver status {status}).");

        var chosen = Decompose(shifts, x.Select(v => (int)solver.Value(v)).ToArray(),
            y.Select(e => (e.Shift, e.Break, e.Offset, Count: (int)solver.Value(e.Var))).ToList());
        var covered = Coverage(chosen, n, im);
        return new ShiftSchedule(
            status == CpSolverStatus.Optimal ? ScheduleStatus.Optimal : ScheduleStatus.Feasible,
            solver.ObjectiveValue / 100, solver.BestObjectiveBound / 100, chosen.Select(c => c.Shift).ToArray(), im,
            request.RequiredAgents.ToArray(), covered, solver.WallTime());
    }

    private sealed record Candidate(ShiftTemplate Template, int Start, long CostCents, int Bound, double CostPerHour);

    private static string Parameters(ShiftScheduleRequest r)
    {
        var p = string.Create(CultureInfo.InvariantCulture,
            $"max_time_in_seconds:{r.TimeLimit.TotalSeconds} num_workers:1 random_seed:{r.Seed} log_search_progress:false");
        return r.DeterministicTimeLimit is { } d ? p + string.Create(CultureInfo.InvariantCulture, $" max_deterministic_time:{d}") : p;
    }

    private static void Validate(ShiftScheduleRequest r)
    {
        if (r.IntervalMinutes <= 0 || WeekMinutes % r.IntervalMinutes != 0)
            throw new ArgumentException($"IntervalMinutes must divide a week, got {r.IntervalMinutes}.", nameof(r.IntervalMinutes));
        if (r.RequiredAgents is null || r.RequiredAgents.Count != WeekMinutes / r.IntervalMinutes)
            throw new ArgumentException($"RequiredAgents needs {WeekMinutes / r.IntervalMinutes} values (one per interval of a week), got {r.RequiredAgents?.Count ?? 0}.", nameof(r.RequiredAgents));
        for (var k = 0; k < r.RequiredAgents.Count; k++)
            if (!(r.RequiredAgents[k] >= 0) || double.IsInfinity(r.RequiredAgents[k]))
                throw new ArgumentException($"RequiredAgents[{k}] ({Describe(k, r.IntervalMinutes)}) must be finite and non-negative, got {r.RequiredAgents[k]}.", nameof(r.RequiredAgents));
        if (!(r.CostPerHour >= 0) || double.IsInfinity(r.CostPerHour))
            throw new ArgumentException($"CostPerHour must be finite and non-negative, got {r.CostPerHour}.", nameof(r.CostPerHour));
        if (r.Templates is not { Count: > 0 }) throw new ArgumentException("At least one shift template is needed.", nameof(r.Templates));
        if (r.TimeLimit <= TimeSpan.Zero) throw new ArgumentException("TimeLimit must be positive.", nameof(r.TimeLimit));
        if (r.MaxAgentsOnDuty is < 0) throw new ArgumentException("MaxAgentsOnDuty must not be negative.", nameof(r.MaxAgentsOnDuty));
        if (r.MaxShifts is < 0) throw new ArgumentException("MaxShifts must not be negative.", nameof(r.MaxShifts));
        foreach (var t in r.Templates)
        {
            var name = $"Template '{t.Name}'";
            if (t.LengthMinutes <= 0 || t.LengthMinutes > DayMinutes) throw new ArgumentException($"{name}: LengthMinutes must be in 1–1440, got {t.LengthMinutes}.", nameof(r.Templates));
            if (t.StartStepMinutes <= 0) throw new ArgumentException($"{name}: StartStepMinutes must be positive.", nameof(r.Templates));
            if (t.LatestStart < t.EarliestStart) throw new ArgumentException($"{name}: LatestStart is before EarliestStart.", nameof(r.Templates));
            if (t.CostPerHour is { } c && (!(c >= 0) || double.IsInfinity(c))) throw new ArgumentException($"{name}: CostPerHour must be finite and non-negative.", nameof(r.Templates));
            var windows = new List<(int From, int To)>();
            foreach (var b in t.Breaks)
            {
                if (b.Minutes <= 0 || b.StepMinutes <= 0 || b.EarliestOffsetMinutes < 0 || b.LatestOffsetMinutes < b.EarliestOffsetMinutes
                    || b.LatestOffsetMinutes + b.Minutes > t.LengthMinutes)
                    throw new ArgumentException($"{name}: a break must have positive minutes and step, and its window must lie inside the shift.", nameof(r.Templates));
                windows.Add((b.EarliestOffsetMinutes, b.LatestOffsetMinutes + b.Minutes));
            }
            // Break windows that cannot overlap let any pairing of placements form a valid agent day.
            var sorted = windows.OrderBy(w => w.From).ToArray();
            for (var i = 1; i < sorted.Length; i++)
                if (sorted[i].From < sorted[i - 1].To)
                    throw new ArgumentException($"{name}: break windows overlap; give each break its own window.", nameof(r.Templates));
        }
    }

    private static List<Candidate> Candidates(ShiftScheduleRequest r, long[] needMinutes)
    {
        var im = r.IntervalMinutes;
        var list = new List<Candidate>();
        foreach (var t in r.Templates)
        {
            var rate = t.CostPerHour ?? r.CostPerHour;
            var cents = (long)Math.Round(t.PaidMinutes * rate * 100 / 60);
            var days = t.Days?.Distinct() ?? Enum.GetValues<DayOfWeek>();
            foreach (var day in days)
            {
                var dayStart = ((int)day + 6) % 7 * DayMinutes;
                var latest = (int)t.LatestStart.ToTimeSpan().TotalMinutes;
                for (var m = (int)t.EarliestStart.ToTimeSpan().TotalMinutes; m <= latest; m += t.StartStepMinutes)
                {
                    var start = dayStart + m;
                    var end = start + t.LengthMinutes;
                    if (end > WeekMinutes) break; // no wrap past Sunday night
                    long peak = 0;
                    for (var k = start / im; k * im < end; k++) peak = Math.Max(peak, needMinutes[k]);
                    if (peak == 0) continue;
                    var peakAgents = (int)Math.Ceiling(peak / (double)im);
                    var bound = Math.Min(r.MaxAgentsOnDuty ?? int.MaxValue, 2 * peakAgents + 2);
                    list.Add(new Candidate(t, start, cents, bound, rate));
                }
            }
        }
        return list;
    }

    /// <summary>Names the first interval that no offered shift reaches, or that needs more than the on-duty cap.</summary>
    private static void CheckCoverable(ShiftScheduleRequest r, List<Candidate> shifts, long[] needMinutes)
    {
        var im = r.IntervalMinutes;
        var reach = new long[needMinutes.Length];
        foreach (var c in shifts)
            for (var k = c.Start / im; k * im < c.Start + c.Template.LengthMinutes; k++)
                reach[k] += Overlap(c.Start, c.Start + c.Template.LengthMinutes, k * im, (k + 1) * im);
        for (var k = 0; k < needMinutes.Length; k++)
        {
            if (needMinutes[k] == 0) continue;
            if (reach[k] == 0)
                throw new InfeasibleScheduleException(
                    $"Interval {Describe(k, im)}{For(r)} needs {r.RequiredAgents[k]:0.##} agents but no shift template can start early enough or end late enough to cover it (shifts may not run past Sunday night).", k);
            if (r.MaxAgentsOnDuty is { } cap && needMinutes[k] > (long)cap * im)
                throw new InfeasibleScheduleException(
                    $"Interval {Describe(k, im)}{For(r)} needs {r.RequiredAgents[k]:0.##} agents, more than MaxAgentsOnDuty ({cap}).", k);
        }
    }

    private static void AddOverlap(LinearExprBuilder[] coverage, LinearExprBuilder[]? onDuty, IntVar v, int from, int to, int im, int sign)
    {
        for (var k = from / im; k * im < to; k++)
        {
            var minutes = Overlap(from, to, k * im, (k + 1) * im);
            if (minutes <= 0) continue;
            coverage[k].AddTerm(v, sign * minutes);
            onDuty?[k].Add(v);
        }
    }

    private static int Overlap(int a, int b, int c, int d) => Math.Max(0, Math.Min(b, d) - Math.Max(a, c));

    private sealed record Chosen(ScheduledShift Shift, int Start, int[] BreakStarts);

    /// <summary>Turns counts into agents' days: agent j of a shift takes the j-th placement of each break.</summary>
    private static List<Chosen> Decompose(List<Candidate> shifts, int[] counts, List<(int Shift, int Break, int Offset, int Count)> breaks)
    {
        var result = new List<Chosen>();
        var byShift = breaks.Where(b => b.Count > 0).ToLookup(b => b.Shift);
        for (var s = 0; s < shifts.Count; s++)
        {
            if (counts[s] == 0) continue;
            var c = shifts[s];
            var agents = Enumerable.Range(0, counts[s]).Select(_ => new int[c.Template.Breaks.Count]).ToArray();
            for (var b = 0; b < c.Template.Breaks.Count; b++)
            {
                var j = 0;
                foreach (var e in byShift[s].Where(e => e.Break == b).OrderBy(e => e.Offset))
                    for (var k = 0; k < e.Count; k++) agents[j++][b] = e.Offset;
            }
            foreach (var group in agents.GroupBy(a => string.Join(',', a)))
            {
                var offsets = group.First();
                var startOfDay = c.Start % DayMinutes;
                var scheduledBreaks = c.Template.Breaks.Select((rule, b) => new ScheduledBreak(
                    TimeOnly.FromTimeSpan(TimeSpan.FromMinutes((startOfDay + offsets[b]) % DayMinutes)), rule.Minutes, rule.Paid)).ToArray();
                result.Add(new Chosen(
                    new ScheduledShift(c.Template.Name, (DayOfWeek)((c.Start / DayMinutes + 1) % 7),
                        TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(startOfDay)), c.Template.LengthMinutes, scheduledBreaks,
                        c.Template.PaidMinutes, c.CostPerHour, group.Count()),
                    c.Start, offsets));
            }
        }
        return result;
    }

    private static double[] Coverage(List<Chosen> chosen, int n, int im)
    {
        var minutes = new double[n];
        foreach (var c in chosen)
        {
            var end = c.Start + c.Shift.LengthMinutes;
            for (var k = c.Start / im; k * im < end; k++) minutes[k] += c.Shift.Count * Overlap(c.Start, end, k * im, (k + 1) * im);
            for (var b = 0; b < c.BreakStarts.Length; b++)
            {
                var from = c.Start + c.BreakStarts[b];
                var to = from + c.Shift.Breaks[b].Minutes;
                for (var k = from / im; k * im < to; k++) minutes[k] -= c.Shift.Count * Overlap(from, to, k * im, (k + 1) * im);
            }
        }
        return minutes.Select(m => m / im).ToArray();
    }

    /// <summary>"Tuesday 09:30" for interval k.</summary>
    internal static string Describe(int k, int im)
    {
        var minute = k * im;
        var day = (DayOfWeek)((minute / DayMinutes + 1) % 7);
        return $"{k} ({day} {TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute % DayMinutes)):HH:mm})";
    }

    private static string For(ShiftScheduleRequest r) => r.Label is null ? "" : $" for '{r.Label}'";

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
