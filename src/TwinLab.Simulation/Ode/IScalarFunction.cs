namespace TwinLab.Simulation.Ode;

/// <summary>A real function of time, as a struct constraint so the root finder is inlined and allocates nothing.</summary>
internal interface IScalarFunction
{
    /// <summary>The function's value at <paramref name="t"/>.</summary>
    double Evaluate(double t);
}
