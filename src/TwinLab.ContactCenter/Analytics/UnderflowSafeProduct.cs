namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// A running product x₀·r₁·r₂·… of positive factors whose start x₀ = e^(log x₀) may be far below the smallest
/// double (e.g. e^(−2000)) although later terms are not. It is carried as a logarithm until it becomes
/// representable, then multiplied directly: one Math.Log per factor only while it is tiny, none afterwards.
/// Once linear it stays linear, because the terms it carries rise to one peak and then fall, and anything
/// that underflows after the peak is negligible.
/// </summary>
internal struct UnderflowSafeProduct
{
    // Below e^(−700) ≈ 1e−304 a double starts to lose precision (subnormals), so switch only above it.
    private const double SmallestLog = -700;
    private double _log;
    private bool _linear;

    /// <summary>Starts the product at e^(<paramref name="logStart"/>).</summary>
    public UnderflowSafeProduct(double logStart)
    {
        _log = logStart;
        _linear = logStart > SmallestLog;
        Value = _linear ? Math.Exp(logStart) : 0;
    }

    /// <summary>The current product (0 while it is below the double range).</summary>
    public double Value { get; private set; }

    /// <summary>Multiplies by a positive factor.</summary>
    public void Multiply(double factor)
    {
        if (_linear)
        {
            Value *= factor;
            return;
        }

        _log += Math.Log(factor);
        if (_log <= SmallestLog) return;
        _linear = true;
        Value = Math.Exp(_log);
    }
}
