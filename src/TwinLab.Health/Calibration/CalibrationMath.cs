namespace TwinLab.Health.Calibration;

/// <summary>Constants and small numerical pieces of calibration.</summary>
internal static class CalibrationMath
{
    /// <summary>The standard-normal quantile at 0.9: a central 80% interval is mean ± 1.2816 SD.</summary>
    public const double Z80 = 1.2815515655446004;

    /// <summary>The standard-normal quantile at 0.975: a central 95% interval is mean ± 1.96 SD.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Inverts a symmetric positive-definite matrix (Cholesky), returning a symmetric result.</summary>
    public static double[,] InvertSpd(double[,] a)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a);
        var inv = m.Cholesky().Solve(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(a.GetLength(0))).ToArray();
        var n = a.GetLength(0);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                inv[i, j] = inv[j, i] = 0.5 * (inv[i, j] + inv[j, i]);
        return inv;
    }
}
