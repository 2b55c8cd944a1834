using EngineErlangC = TwinLab.Simulation.Queueing.ErlangC;

namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// The Erlang B value B(N, A) at a movable N, so the staffing search can probe N after N without rebuilding B from
/// N = 0 each time (the engine's <see cref="EngineErlangC.ErlangB"/> does that in O(N); it supplies the first value).
/// </summary>
/// <remarks>
/// Up one agent: B(N + 1) = A·B(N) / (N + 1 + A·B(N)), the standard recursion, which shrinks relative errors by
/// 1 − B(N + 1) per step (Jagerman, "Some properties of the Erlang loss function", Bell System Technical Journal 53,
/// 1974). Down one agent: the same equation solved for B(N − 1) = N·B(N) / (A·(1 − B(N))), which multiplies relative
/// errors by 1/(1 − B(N − 1)) per step: harmless near N ≈ A where B is small, ruinous over hundreds of steps into
/// overload (B → 1 − N/A). Downward moves therefore track that growth and rebuild from scratch past a factor of 1,000.
/// </remarks>
internal sealed class ErlangBCursor
{
    private const double MaxErrorGrowth = 1e3;
    private readonly double _load;

    /// <summary>Starts at <paramref name="agents"/> agents for <paramref name="load"/> Erlangs.</summary>
    public ErlangBCursor(int agents, double load)
    {
        _load = load;
        Agents = agents;
        Value = EngineErlangC.ErlangB(agents, load);
    }

    /// <summary>The current N.</summary>
    public int Agents { get; private set; }

    /// <summary>B(N, A) at the current N.</summary>
    public double Value { get; private set; }

    /// <summary>Moves to <paramref name="agents"/> (≥ 1) and returns B there.</summary>
    public double MoveTo(int agents)
    {
        double b = Value, growth = 1;
        var n = Agents;
        while (n < agents)
        {
            b = _load * b / (n + 1 + _load * b);
            n++;
        }

        while (n > agents)
        {
            if (double.IsNormal(b)) // a subnormal B has lost digits already
            {
                var next = n * b / (_load * (1 - b));
                growth /= 1 - next;
                if (next < 1 && growth <= MaxErrorGrowth)
                {
                    (b, n) = (next, n - 1);
                    continue;
                }
            }

            // B underflowed (N far above A) or errors would grow too much: rebuild rather than step.
            (b, n) = (EngineErlangC.ErlangB(agents, _load), agents);
        }

        (Agents, Value) = (n, b);
        return b;
    }
}
