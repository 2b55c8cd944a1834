using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class DormandPrince54ErrorTests
{
    private readonly DormandPrince54 _solver = new(OdeProblems.Tight);

    [Fact]
    public void Solve_RightHandSideReturnsNaN_ThrowsNamingTimeAndComponent()
    {
        var error = Assert.Throws<OdeSolverException>(() =>
            _solver.Solve((t, y, dydt) => { dydt[0] = -y[0]; dydt[1] = t > 2 ? Math.Sqrt(-1) : 0; }, 0, [1.0, 0.0], 5));

        Assert.True(error.Time > 2 && error.Time <= 5, $"reported t = {error.Time}");
        Assert.Contains($"t = {error.Time:R}", error.Message);
        Assert.Contains("component 1", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.Equal(OdeSolverException.ErrorCode, error.Code);
    }

    [Fact]
    public void Solve_MaxStepsExceeded_ThrowsNamingLimitAndTime()
    {
        var solver = new DormandPrince54(OdeProblems.Tight with { MaxSteps = 20 });

        var error = Assert.Throws<OdeSolverException>(() => solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 100));

        Assert.Contains("MaxSteps = 20", error.Message);
        Assert.Contains($"t = {error.Time:R}", error.Message);
        Assert.InRange(error.Time, 0, 100);
    }

    [Fact]
    public void Solve_FiniteTimeBlowUp_ThrowsInsteadOfLooping()
    {
        // y' = y², y(0) = 1 has y = 1/(1 − t), which is infinite at t = 1.
        var error = Assert.ThrowsAny<OdeSolverException>(() => _solver.Solve((_, y, dydt) => dydt[0] = y[0] * y[0], 0, [1.0], 2));

        Assert.InRange(error.Time, 0.9, 1.0);
    }

    [Fact]
    public void Solve_StepBelowMinStep_ThrowsStepTooSmall()
    {
        var solver = new DormandPrince54(OdeProblems.Tight with { MinStep = 0.1 });

        var error = Assert.Throws<OdeSolverException>(() => solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 10));

        Assert.Contains("step size", error.Message);
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    public void Solve_NonFiniteTime_ThrowsArgumentException(double t0, double tEnd)
    {
        Assert.ThrowsAny<ArgumentException>(() => _solver.Solve(OdeProblems.Decay, t0, [1.0], tEnd));
    }

    [Fact]
    public void Solve_EmptyOrNaNInitialState_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _solver.Solve(OdeProblems.Decay, 0, [], 1));
        Assert.Throws<ArgumentException>(() => _solver.Solve(OdeProblems.Decay, 0, [double.NaN], 1));
    }

    [Fact]
    public void Solve_AbsoluteTolerancesOfWrongLength_ThrowsArgumentException()
    {
        var solver = new DormandPrince54(new DormandPrinceOptions { AbsoluteTolerances = [1e-9] });

        Assert.Throws<ArgumentException>(() => solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 1));
    }

    public static TheoryData<DormandPrinceOptions> InvalidOptions() =>
    [
        new() { RelativeTolerance = 0 },
        new() { RelativeTolerance = 1e-17 },
        new() { RelativeTolerance = double.NaN },
        new() { AbsoluteTolerance = 0 },
        new() { AbsoluteTolerances = [1e-9, -1] },
        new() { InitialStep = 0 },
        new() { MinStep = -1 },
        new() { MaxStep = 0 },
        new() { MinStep = 2, MaxStep = 1 },
        new() { MaxSteps = 0 },
    ];

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOptions_ThrowsArgumentOutOfRange(DormandPrinceOptions options)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DormandPrince54(options));
    }

    [Fact]
    public void OdeEvent_UnknownDirection_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OdeEvent((_, y) => y[0], (EventDirection)7));
    }
}
