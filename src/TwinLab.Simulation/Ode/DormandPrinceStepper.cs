using MathNet.Numerics;
using static TwinLab.Simulation.Ode.DormandPrinceTableau;

namespace TwinLab.Simulation.Ode;

/// <summary>
/// The Dormand–Prince 5(4) stepper: takes one accepted step at a time with error control and keeps that
/// step's dense output. Every buffer is allocated once, so stepping allocates nothing.
/// </summary>
/// <remarks>
/// Step-size control is the stabilised (PI) controller of Hairer and Wanner's DOPRI5 code (Hairer, Nørsett
/// and Wanner, Solving ODEs I, 2nd ed., Section II.4; Solving ODEs II, Section IV.2): after an accepted step
/// h_new = h · clamp(0.9 · err^(−α) · err_prev^β, 0.2, 10) with β = 0.04 and α = 1/5 − 0.75β, which damps the
/// step-size oscillation that a plain err^(−1/5) rule shows when stability rather than accuracy limits h.
/// After a rejection the step is not allowed to grow on the next accepted step.
/// </remarks>
internal sealed class DormandPrinceStepper
{
    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 10, Beta = 0.04, Alpha = 0.2 - 0.75 * Beta;

    private readonly OdeSystem _f;
    private readonly OdeSystem _checkedF;
    private readonly int _n;
    private readonly double _rtol;
    private readonly double[] _atol;
    private readonly DormandPrinceOptions _options;
    private readonly double[] _k2, _k3, _k4, _k5, _k6, _stage, _dense;
    private double[] _y, _yNew, _k1, _k7;
    private double _hNext, _errPrev, _direction;
    private bool _rejectedLast;
    private int _attempts;

    public DormandPrinceStepper(OdeSystem f, int dimension, DormandPrinceOptions options)
    {
        _f = f;
        _checkedF = EvaluateChecked;
        _n = dimension;
        _options = options;
        _rtol = options.RelativeTolerance;
        _atol = options.AbsoluteToleranceFor(dimension);
        _y = new double[dimension];
        _yNew = new double[dimension];
        _k1 = new double[dimension];
        _k2 = new double[dimension];
        _k3 = new double[dimension];
        _k4 = new double[dimension];
        _k5 = new double[dimension];
        _k6 = new double[dimension];
        _k7 = new double[dimension];
        _stage = new double[dimension];
        _dense = new double[DenseOutput.Rows * dimension];
    }

    /// <summary>The current time (the end of the last accepted step).</summary>
    public double T { get; private set; }

    /// <summary>The start of the last accepted step.</summary>
    public double TOld { get; private set; }

    /// <summary>The signed size of the last accepted step.</summary>
    public double H { get; private set; }

    /// <summary>The current state.</summary>
    public ReadOnlySpan<double> Y => _y;

    /// <summary>The dense output coefficients of the last accepted step (see <see cref="DenseOutput"/>).</summary>
    public ReadOnlySpan<double> DenseCoefficients => _dense;

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public int Evaluations { get; private set; }

    public OdeStatistics Statistics => new(Accepted, Rejected, Evaluations);

    /// <summary>
    /// (Re)starts at (t, y) heading in <paramref name="direction"/> towards <paramref name="target"/>: evaluates
    /// f there and picks the first step afresh, because after a jump in the state the previous step size says nothing.
    /// </summary>
    public void Start(double t, ReadOnlySpan<double> y, double direction, double target)
    {
        y.CopyTo(_y);
        T = TOld = t;
        H = 0;
        _direction = direction;
        EvaluateChecked(t, _y, _k1);
        var distance = Math.Abs(target - t);
        var limit = distance > 0 ? Math.Min(distance, _options.MaxStep) : _options.MaxStep;
        var h = _options.InitialStep
            ?? InitialStepSize.Select(_checkedF, t, _y, _k1, direction, _rtol, _atol, _stage, _k2, limit);
        _hNext = direction * Math.Clamp(h, _options.MinStep, _options.MaxStep);
        _errPrev = 1e-4;
        _rejectedLast = false;
    }

    /// <summary>Takes one accepted step towards <paramref name="target"/>, landing on it exactly when it is within reach.</summary>
    /// <exception cref="OdeSolverException">Step budget exhausted, step size collapsed, or a non-finite derivative.</exception>
    public void Step(double target)
    {
        while (true)
        {
            if (_attempts >= _options.MaxSteps) throw OdeSolverException.MaxStepsExceeded(_options.MaxSteps, T, target);
            _attempts++;

            var h = _direction * Math.Min(Math.Abs(_hNext), _options.MaxStep);
            // Stretch by up to 1% to land on the target rather than leave a sliver of a step (as DOPRI5 does).
            var last = (T + 1.01 * h - target) * _direction >= 0;
            if (last) h = target - T;
            else if (Math.Abs(h) < _options.MinStep || 0.1 * Math.Abs(h) <= Math.Abs(T) * Precision.PositiveDoublePrecision)
                throw OdeSolverException.StepTooSmall(h, T);

            var tNew = last ? target : T + h;
            var err = TrialStep(h, tNew);
            if (err <= 1)
            {
                Accept(h, tNew, err);
                return;
            }
            Rejected++;
            _rejectedLast = true;
            _hNext = h * Math.Max(MinFactor, Safety * Math.Pow(err, -Alpha));
        }
    }

    /// <summary>Evaluates the last accepted step's interpolant at <paramref name="t"/> (within that step).</summary>
    public void Interpolate(double t, Span<double> y) => DenseOutput.Evaluate(TOld, H, _dense, t, y);

    /// <summary>Computes the stages and the candidate <c>_yNew</c>; returns the scaled RMS error estimate.</summary>
    private double TrialStep(double h, double tNew)
    {
        var (y, s, k1, k2, k3, k4, k5, k6, k7) = (_y, _stage, _k1, _k2, _k3, _k4, _k5, _k6, _k7);
        for (var i = 0; i < _n; i++) s[i] = y[i] + h * A21 * k1[i];
        EvaluateChecked(T + C2 * h, s, k2);
        for (var i = 0; i < _n; i++) s[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
        EvaluateChecked(T + C3 * h, s, k3);
        for (var i = 0; i < _n; i++) s[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
        EvaluateChecked(T + C4 * h, s, k4);
        for (var i = 0; i < _n; i++) s[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
        EvaluateChecked(T + C5 * h, s, k5);
        for (var i = 0; i < _n; i++) s[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
        EvaluateChecked(tNew, s, k6);
        var yNew = _yNew;
        for (var i = 0; i < _n; i++) yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
        EvaluateChecked(tNew, yNew, k7);

        double sum = 0;
        for (var i = 0; i < _n; i++)
        {
            var error = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
            var scale = _atol[i] + _rtol * Math.Max(Math.Abs(y[i]), Math.Abs(yNew[i]));
            sum += error / scale * (error / scale);
        }
        return Math.Sqrt(sum / _n);
    }

    private void Accept(double h, double tNew, double err)
    {
        DenseOutput.Build(h, _y, _yNew, _k1, _k3, _k4, _k5, _k6, _k7, _dense);
        TOld = T;
        T = tNew;
        H = h;
        (_y, _yNew) = (_yNew, _y);
        (_k1, _k7) = (_k7, _k1); // first same as last: f at the new point is the next step's first stage
        Accepted++;

        // err = 0 gives an infinite factor, which the clamp turns into the maximum growth.
        var factor = Math.Clamp(Safety * Math.Pow(err, -Alpha) * Math.Pow(_errPrev, Beta), MinFactor, MaxFactor);
        if (_rejectedLast) factor = Math.Min(factor, 1);
        _hNext = h * factor;
        _errPrev = Math.Max(err, 1e-4);
        _rejectedLast = false;
    }

    private void EvaluateChecked(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        _f(t, y, dydt);
        Evaluations++;
        for (var i = 0; i < dydt.Length; i++)
        {
            if (!double.IsFinite(dydt[i])) throw OdeSolverException.NonFiniteDerivative(t, i, dydt[i]);
        }
    }
}
