using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Optimisation;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class OptimiserRunTests
{
    private static readonly DecisionVariable[] BufferAndCrews = [new("buffer"), new("crews")];

    private static OptimisationResult Solve(ISimulator simulator, OptimisationProblem problem, OptimisationOptions? options = null, int threads = 2) =>
        Optimiser.Run(Contexts.For(simulator, seed: 17, threads: threads), problem, options);

    private static (int Buffer, int Crews) Point(Candidate c) => (c.Parameters.GetInt("buffer"), c.Parameters.GetInt("crews"));

    [Fact]
    public void Run_OneVersusTwoThreads_IdenticalSearch()
    {
        var problem = new OptimisationProblem(Objective.Minimise("f"), [DecisionVariable.Continuous("x"), DecisionVariable.Continuous("y")]);
        var options = new OptimisationOptions { Replications = 8, Budget = 60 };

        var one = Solve(new QuadraticSimulator(), problem, options, threads: 1);
        var two = Solve(new QuadraticSimulator(), problem, options, threads: 2);

        Assert.Equal(one.History.Select(c => c.Name), two.History.Select(c => c.Name));
        Assert.Equal(one.History.Select(c => BitConverter.DoubleToInt64Bits(c.Objective.Mean)),
            two.History.Select(c => BitConverter.DoubleToInt64Bits(c.Objective.Mean)));
        Assert.Equal(one.Confirmed.Select(c => c.Name), two.Confirmed.Select(c => c.Name));
        Assert.Equal(one.BestVersusRunnerUp, two.BestVersusRunnerUp);
    }

    [Theory]
    [InlineData(OptimisationMethod.NelderMead)]
    [InlineData(OptimisationMethod.Exhaustive)]
    [InlineData(OptimisationMethod.Greedy)]
    public void Run_SmallBudget_NeverExceeded(OptimisationMethod method)
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews);

        var result = Solve(new GridSimulator(), problem, new OptimisationOptions { Method = method, Budget = 7, ConfirmCount = 0 });

        Assert.Equal(7, result.Evaluations);
        Assert.True(result.BudgetExhausted);
        Assert.Empty(result.Confirmed);
    }

    [Fact]
    public void Run_RoundedNelderMead_NeverSimulatesAPointTwice()
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews);

        var result = Solve(new GridSimulator(), problem, new OptimisationOptions { Method = OptimisationMethod.NelderMead });

        Assert.Equal(result.History.Count, result.History.Select(c => c.Name).Distinct().Count());
        Assert.Equal((4, 2), Point(result.Best!));
        Assert.Equal(Enumerable.Range(0, result.History.Count), result.History.Select(c => c.Evaluation));
    }

    [Fact]
    public void Run_Confirmation_RerunsTopOnFreshCommonStreams()
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews);

        var result = Solve(new GridSimulator(), problem, new OptimisationOptions { ConfirmCount = 3, ConfirmReplications = 40 });

        Assert.Equal(3, result.Confirmed.Count);
        Assert.All(result.Confirmed, c =>
        {
            Assert.Equal(40, c.Objective.Replications);
            Assert.Equal(1, c.Scenario.StreamIndex);
        });
        Assert.All(result.History, c => Assert.Equal(0, c.Scenario.StreamIndex));
        Assert.Equal(result.Confirmed[0], result.Best);
        var check = result.BestVersusRunnerUp!;
        Assert.True(check.Confirmed);
        Assert.Equal(result.Confirmed[0].Name, check.Best);
        Assert.Equal(result.Confirmed[0].Objective.Mean - result.Confirmed[1].Objective.Mean, check.Difference, 1e-12);
        // (4, 2) costs 1 less than any neighbour: with CRN the difference is clearly significant.
        Assert.True(check.BestSignificantlyBetter);
        Assert.Equal(40, check.Pairs);
    }

    [Fact]
    public void Run_TiedCandidates_EarlierEvaluationRanksFirst()
    {
        // Mode has no effect on "load", so (buffer 0, crews 1) ties between slow and fast; slow is evaluated first.
        var problem = new OptimisationProblem(Objective.Minimise("load"), [new DecisionVariable("buffer", Max: 1), new("mode")]);

        var result = Solve(new GridSimulator(), problem, new OptimisationOptions { ConfirmCount = 0 });

        Assert.Equal(["buffer=0, mode=slow", "buffer=0, mode=fast"], result.Top.Take(2).Select(c => c.Name));
    }

    [Fact]
    public void Run_Cancelled_RanksWhatWasSimulated()
    {
        using var source = new CancellationTokenSource();
        var context = Contexts.For(new CancellingSimulator(new GridSimulator(), source, after: 95), token: source.Token);
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews);

        var result = Optimiser.Run(context, problem);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Evaluations, 1, 10);
        Assert.Empty(result.Confirmed);
        Assert.NotNull(result.Best);
    }

    [Fact]
    public void Run_UnknownKpi_ThrowsNamingIt()
    {
        var problem = new OptimisationProblem(Objective.Maximise("profit"), BufferAndCrews);

        var error = Assert.Throws<TwinLabException>(() => Solve(new GridSimulator(), problem));

        Assert.Contains("KPI 'profit'", error.Message);
    }

    [Fact]
    public void Run_GreedyOverContinuousVariable_Throws()
    {
        var problem = new OptimisationProblem(Objective.Minimise("f"), [DecisionVariable.Continuous("x")]);

        var error = Assert.Throws<TwinLabException>(() =>
            Solve(new QuadraticSimulator(), problem, new OptimisationOptions { Method = OptimisationMethod.Greedy }));

        Assert.Contains("give 'x' a step", error.Message);
    }

    [Fact]
    public void Run_VariableOutsideDeclaredRange_Throws()
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), [new DecisionVariable("crews", 0, 3)]);

        var error = Assert.Throws<TwinLabException>(() => Solve(new GridSimulator(), problem));

        Assert.Contains("'crews'", error.Message);
    }
}
