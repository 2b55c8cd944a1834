namespace TwinLab.Health.Pharmacology;

/// <summary>
/// A quantity known at half, standard and twice the standard dose (Law 2003's three dose levels), read at any dose:
/// Law's BP reductions (<see cref="Law2003.Reduction"/>) and side-effect rates alike. Linear in log₂ dose between the three points, in
/// proportion to dose below half, and continuing the standard-to-double slope above double, up to four times standard.
/// </summary>
internal static class DoseCurve
{
    /// <summary>The value at a dose relative to standard, never below zero.</summary>
    public static double At(double half, double standard, double twice, double relativeDose)
    {
        if (!(relativeDose > 0)) return 0;
        var x = Math.Log2(Math.Min(relativeDose, 4.0));
        double value;
        if (x <= -1) value = half * (relativeDose / 0.5);
        else if (x <= 0) value = half + (standard - half) * (x + 1);
        else value = standard + (twice - standard) * x;
        return Math.Max(0, value);
    }
}
