namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Finds the fewest agents meeting a goal. It starts from the square-root staffing estimate N₀ = R + β√R, with β
/// the smallest meeting the goal under the Halfin–Whitt approximation (α(β) for P(wait), SL ≈ 1 − α(β)e^(−β√R·t/AHT),
/// ASA ≈ α(β)·AHT/(β√R): the Erlang C forms with N − R = β√R), then brackets the answer by galloping away from N₀
/// (steps 1, 2, 4, … agents) and closes the bracket by bisection. The result is exact, not the estimate, because
/// every metric is monotone in N: more agents never lower the service level or raise ASA, abandonment or occupancy
/// (the tests check this). Galloping keeps the number of evaluations logarithmic in the estimate's error, which
/// matters for Erlang A: with patient-enough callers abandonment lets a centre meet 80/20 well below R agents, far
/// from the Erlang C-based estimate, and each Erlang A evaluation sums a few hundred states. B(N, A) moves between
/// probes through <see cref="ErlangBCursor"/> instead of being rebuilt.
/// </summary>
internal static class StaffingSearch
{
    // Far beyond any contact centre; reaching it means a goal no staffing can meet in double precision.
    private const int MaxAgents = 10_000_000;

    /// <summary>Solves for the fewest agents meeting <paramref name="goal"/> and schedules them with <paramref name="shrinkage"/>.</summary>
    public static StaffingResult Solve(IQueueFormula formula, Workload workload, StaffingGoal goal, double shrinkage)
    {
        var load = formula.OfferedLoad;
        if (load == 0)
        {
            // No calls: nobody is needed and every (non-existent) call is answered at once.
            var idle = new StaffingMetrics(0, 0, goal.TargetAnswerSeconds, 0, 0, 0, 1, 1, 0, 0, 0);
            return new StaffingResult(0, 0, idle);
        }

        var estimate = Math.Ceiling(Estimate(workload, goal));
        if (estimate > MaxAgents) throw NoStaffing();
        var start = Math.Max(formula.MinimumAgents, (int)estimate);
        var cursor = new ErlangBCursor(start, load);
        StaffingMetrics? Meets(int n)
        {
            var metrics = formula.Evaluate(n, cursor.MoveTo(n));
            return goal.IsMetBy(metrics) ? metrics : null;
        }

        // Bracket: `failing` does not meet the goal (MinimumAgents − 1 counts as failing), `meeting` does.
        int failing, meeting;
        var best = Meets(start);
        if (best is not null)
        {
            (failing, meeting) = (start - 1, start);
            for (var step = 1; failing >= formula.MinimumAgents; step *= 2)
            {
                if (Meets(failing) is not { } lower) break;
                (meeting, best) = (failing, lower);
                failing = Math.Max(formula.MinimumAgents - 1, meeting - 2 * step);
            }
        }
        else
        {
            (failing, meeting) = (start, start + 1);
            for (var step = 1; (best = Meets(meeting)) is null; step *= 2)
            {
                if (meeting >= MaxAgents) throw NoStaffing();
                failing = meeting;
                meeting = (int)Math.Min(MaxAgents, (long)meeting + 2 * step);
            }
        }

        while (meeting - failing > 1)
        {
            var middle = failing + (meeting - failing) / 2;
            if (Meets(middle) is { } metrics) (meeting, best) = (middle, metrics);
            else failing = middle;
        }

        return new StaffingResult(meeting, Erlang.ScheduledAgents(meeting, shrinkage), best);
    }

    /// <summary>The square-root staffing estimate for the goal (a real number; the search rounds and corrects it).</summary>
    private static double Estimate(Workload workload, StaffingGoal goal)
    {
        var r = workload.OfferedLoad;
        var root = Math.Sqrt(r);
        var t = goal.TargetAnswerSeconds;
        var aht = workload.AverageHandleTimeSeconds;
        var beta = 0.0;
        if (goal.ServiceLevel > 0)
            beta = HalfinWhitt.SmallestBeta(x => 1 - HalfinWhitt.WaitProbability(x) * Math.Exp(-x * root * t / aht) >= goal.ServiceLevel);
        if (goal.MaxAverageSpeedOfAnswerSeconds is { } asa)
            beta = Math.Max(beta, HalfinWhitt.SmallestBeta(x => x > 0 && HalfinWhitt.WaitProbability(x) * aht / (x * root) <= asa));
        var n = r + beta * root;
        // Occupancy A/N ≤ cap is exact for Erlang C and an upper bound for Erlang A (carried load < A).
        return goal.MaxOccupancy is { } cap ? Math.Max(n, r / cap) : n;
    }

    private static InvalidOperationException NoStaffing() =>
        new($"No staffing up to {MaxAgents:N0} agents meets the goal.");
}
