using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments.Calibration;

namespace TwinLab.Simulation.Tests.Calibration;

public sealed class CalibrationInputTests
{
    private static readonly Observation[] Data = [new(0, 1), new(1, 2), new(2, 3)];

    private static double[] Line(IReadOnlyDictionary<string, double> p, IReadOnlyList<Observation> obs) =>
        obs.Select(o => p["a"] + p["b"] * o.X).ToArray();

    private static string Message(Action action) => Assert.Throws<TwinLabException>(action).Message;

    [Fact]
    public void Constructor_NoObservations_SaysNoneWereGiven()
    {
        var message = Message(() => _ = new CalibrationProblem([new FreeParameter("a", 0)], [], (_, _) => []));
        Assert.Contains("at least one observation", message);
    }

    [Fact]
    public void Constructor_LowerAboveUpper_NamesTheParameter()
    {
        var message = Message(() => _ = new CalibrationProblem([new FreeParameter("rate", 1, Lower: 5, Upper: 2)], Data, Line));
        Assert.Contains("Parameter 'rate': lower bound 5 is not below upper bound 2", message);
    }

    [Fact]
    public void Constructor_InitialOutsideBounds_NamesTheParameter()
    {
        var message = Message(() => _ = new CalibrationProblem([new FreeParameter("gain", 12, 0, 10)], Data, Line));
        Assert.Contains("Parameter 'gain': initial value 12 is outside its bounds [0, 10]", message);
    }

    [Fact]
    public void Constructor_LogScaleWithNonPositiveStart_NamesTheParameter()
    {
        var message = Message(() => _ = new CalibrationProblem([new FreeParameter("k", 0, 0, LogScale: true)], Data, Line));
        Assert.Contains("Parameter 'k' is searched on a log scale", message);
    }

    [Fact]
    public void Constructor_NonPositiveSigma_NamesTheObservation()
    {
        var message = Message(() => _ = new CalibrationProblem([new FreeParameter("a", 0)],
            [new Observation(0, 1), new Observation(4, 2, Sigma: 0, Series: "sys")], Line));
        Assert.Contains("Observation 1 (x = 4, series 'sys'): σ must be a positive number", message);
    }

    [Fact]
    public void Fit_ModelReturnsWrongCount_SaysHowManyWereExpected()
    {
        var problem = new CalibrationProblem([new FreeParameter("a", 0), new FreeParameter("b", 0)], Data, (_, _) => [1.0, 2.0]);
        var message = Message(() => Calibrator.Fit(problem));
        Assert.Contains("returned 2 predictions for 3 observations", message);
    }

    [Fact]
    public void Fit_ModelReturnsNaN_NamesTheObservationAndValues()
    {
        var problem = new CalibrationProblem([new FreeParameter("a", 0.5), new FreeParameter("b", 0)], Data,
            (p, obs) => obs.Select(o => o.X == 2 ? double.NaN : p["a"]).ToArray());
        var message = Message(() => Calibrator.Fit(problem));
        Assert.Contains("predicted NaN for observation 2 (x = 2) at the initial values (a = 0.5, b = 0)", message);
    }

    [Fact]
    public void Fit_AsManyParametersAsObservations_NeedsMoreData()
    {
        var problem = new CalibrationProblem([new FreeParameter("a", 0), new FreeParameter("b", 0)], Data[..2], Line);
        var message = Message(() => Calibrator.Fit(problem));
        Assert.Contains("Fitting 2 parameters needs more than 2 observations", message);
    }

    [Fact]
    public void Fit_ParameterWithoutEffect_WarnsItIsNotIdentified()
    {
        // Only t = 0 is observed, where A·e^(−k·0) = A whatever k is.
        var problem = new CalibrationProblem(
            [new FreeParameter("A", 1), new FreeParameter("k", 1, 0.01, 10)],
            [new Observation(0, 2.0), new Observation(0, 2.1), new Observation(0, 1.9)],
            (p, obs) => obs.Select(o => p["A"] * Math.Exp(-p["k"] * o.X)).ToArray());

        var result = Calibrator.Fit(problem);

        Assert.Equal(2.0, result.Parameter("A").Value, 1e-6);
        Assert.True(double.IsNaN(result.Parameter("k").StandardError));
        Assert.Contains(result.Warnings, w => w.Contains("do not identify 'k'"));
        Assert.Equal(new Interval(0.01, 10), result.Parameter("k").Profile);
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        var problem = new CalibrationProblem([new FreeParameter("a", 0), new FreeParameter("b", 0)], Data, Line);
        Assert.ThrowsAny<OperationCanceledException>(() => Calibrator.Fit(problem, cancellationToken: new CancellationToken(true)));
    }
}
