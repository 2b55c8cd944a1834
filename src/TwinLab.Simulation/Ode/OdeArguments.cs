namespace TwinLab.Simulation.Ode;

/// <summary>Argument checks shared by the solvers; each failure names the argument and the offending value.</summary>
internal static class OdeArguments
{
    public static void Time(double t, string name)
    {
        if (!double.IsFinite(t)) throw new ArgumentOutOfRangeException(name, t, $"{name} must be a finite time.");
    }

    public static void InitialState(ReadOnlySpan<double> y0, string name)
    {
        if (y0.IsEmpty) throw new ArgumentException("The initial state must have at least one component.", name);
        for (var i = 0; i < y0.Length; i++)
        {
            if (!double.IsFinite(y0[i])) throw new ArgumentException($"Component {i} of the initial state is {y0[i]}.", name);
        }
    }
}
