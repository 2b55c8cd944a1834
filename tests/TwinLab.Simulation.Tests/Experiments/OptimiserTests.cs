using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Optimisation;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class OptimiserTests
{
    private static readonly DecisionVariable[] BufferAndCrews = [new("buffer"), new("crews")];

    private static OptimisationResult Solve(ISimulator simulator, OptimisationProblem problem, OptimisationOptions? options = null, int threads = 2) =>
        Optimiser.Run(Contexts.For(simulator, seed: 17, threads: threads), problem, options);

    private static (int Buffer, int Crews) Point(Candidate c) => (c.Parameters.GetInt("buffer"), c.Parameters.GetInt("crews"));

    [Fact]
    public void Run_NoisyQuadratic_NelderMeadFindsOptimum()
    {
        var problem = new OptimisationProblem(Objective.Minimise("f"), [DecisionVariable.Continuous("x"), DecisionVariable.Continuous("y")]);

        var result = Solve(new QuadraticSimulator(), problem, new OptimisationOptions { Replications = 20 });

        Assert.Equal(OptimisationMethod.NelderMead, result.Method);
        var best = result.Best!;
        Assert.InRange(best.Parameters.GetDouble("x"), 0.25, 0.35);
        Assert.InRange(best.Parameters.GetDouble("y"), 0.65, 0.75);
        Assert.True(result.Evaluations < 300, $"{result.Evaluations} evaluations");
        Assert.True(best.Objective.CiLow <= best.Objective.Mean && best.Objective.Mean <= best.Objective.CiHigh);
    }

    [Fact]
    public void Run_DiscreteGrid_ExhaustiveFindsKnownBest()
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), [.. BufferAndCrews, new("mode")]);

        var result = Solve(new GridSimulator(), problem);

        Assert.Equal(OptimisationMethod.Exhaustive, result.Method);
        Assert.Equal(11 * 5 * 2, result.Evaluations);
        Assert.Equal((4, 2), Point(result.Best!));
        Assert.Equal("fast", result.Best!.Parameters.GetText("mode"));
        Assert.Equal("buffer=4, crews=2, mode=fast", result.Best.Name);
        Assert.Equal(5, result.Top.Count);
        Assert.True(result.Top.Zip(result.Top.Skip(1)).All(p => p.First.Objective.Mean <= p.Second.Objective.Mean), "top sorted best first");
    }

    [Fact]
    public void Run_UnimodalGrid_GreedyFindsBestWithFewerEvaluations()
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews);

        var result = Solve(new GridSimulator(), problem, new OptimisationOptions { Method = OptimisationMethod.Greedy });

        Assert.Equal(OptimisationMethod.Greedy, result.Method);
        Assert.Equal((4, 2), Point(result.Best!));
        Assert.True(result.Evaluations < 55, $"{result.Evaluations} evaluations");
    }

    [Fact]
    public void Run_GridLargerThanLimit_AutoChoosesGreedy()
    {
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews);

        var result = Solve(new GridSimulator(), problem, new OptimisationOptions { ExhaustiveLimit = 20 });

        Assert.Equal(OptimisationMethod.Greedy, result.Method);
        Assert.Equal((4, 2), Point(result.Best!));
    }

    [Fact]
    public void Run_KpiConstraintExcludesOptimum_ConstrainedOptimumWins()
    {
        // load = buffer + crews ≤ 5.5 rules out (4, 2); the best remaining point is (3, 2) with cost 1 + 1 (slow).
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews, [Constraint.AtMost("load", 5.5)]);

        var result = Solve(new GridSimulator(), problem);

        Assert.Equal((3, 2), Point(result.Best!));
        Assert.True(result.Best!.Feasible);
        Assert.Equal(5.0, result.Best.ConstraintValues[0], 0.01);
        var unconstrained = result.History.Single(c => Point(c) == (4, 2));
        Assert.False(unconstrained.Feasible);
        Assert.True(unconstrained.Objective.Mean < result.Best.Objective.Mean);
    }

    [Fact]
    public void Run_ParameterConstraint_InfeasiblePointsNeverSimulated()
    {
        var budget = LinearExpression.Parameter("buffer") + LinearExpression.Parameter("crews");
        var problem = new OptimisationProblem(Objective.Minimise("cost"), BufferAndCrews, [Constraint.AtMost(budget, 5)]);

        var result = Solve(new GridSimulator(), problem);

        Assert.Equal((3, 2), Point(result.Best!));
        Assert.All(result.History, c => Assert.True(Point(c).Buffer + Point(c).Crews <= 5));
        Assert.Equal(55 - result.History.Count, result.SkippedInfeasible);
    }

    [Fact]
    public void Run_ConstrainedQuadratic_NelderMeadStaysFeasible()
    {
        // x ≤ 0.2 excludes the optimum (0.3, 0.7); the constrained optimum is (0.2, 0.7).
        var problem = new OptimisationProblem(Objective.Minimise("f"), [DecisionVariable.Continuous("x"), DecisionVariable.Continuous("y")],
            [Constraint.AtMost(LinearExpression.Parameter("x"), 0.2)]);

        var result = Solve(new QuadraticSimulator(), problem, new OptimisationOptions { Replications = 20 });

        var best = result.Best!;
        Assert.True(best.Feasible);
        Assert.InRange(best.Parameters.GetDouble("x"), 0.15, 0.2);
        Assert.InRange(best.Parameters.GetDouble("y"), 0.65, 0.75);
    }
}
