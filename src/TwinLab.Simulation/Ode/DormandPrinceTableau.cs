namespace TwinLab.Simulation.Ode;

/// <summary>
/// The coefficients of the Dormand–Prince 5(4) pair: J. R. Dormand and P. J. Prince, "A family of embedded
/// Runge–Kutta formulae", J. Comp. Appl. Math. 6(1) (1980) 19–26, the pair with seven stages of which the
/// last is evaluated at the new point and reused as the first of the next step (FSAL).
/// </summary>
/// <remarks>
/// The solution is advanced with the fifth-order weights (local extrapolation); E holds the differences
/// between the fifth- and fourth-order weights, so h·Σ E_j k_j estimates the error of the fourth-order
/// result. The D weights give the fourth-order continuous extension of Hairer, Nørsett and Wanner, Solving
/// ODEs I, 2nd ed., Section II.6 (the coefficients of their DOPRI5 code).
/// </remarks>
internal static class DormandPrinceTableau
{
    public const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;

    public const double A21 = 1.0 / 5;
    public const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    public const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    public const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    public const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;

    // Fifth-order weights; also row 7 of A (b2 = b7 = 0).
    public const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;

    // b - b̂ with the fourth-order weights b̂ = (5179/57600, 0, 7571/16695, 393/640, -92097/339200, 187/2100, 1/40).
    public const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    // Dense output weights for the fifth coefficient of the continuous extension (d2 = 0).
    public const double D1 = -12715105075.0 / 11282082432, D3 = 87487479700.0 / 32700410799, D4 = -10690763975.0 / 1880347072,
        D5 = 701980252875.0 / 199316789632, D6 = -1453857185.0 / 822651844, D7 = 69997945.0 / 29380423;
}
