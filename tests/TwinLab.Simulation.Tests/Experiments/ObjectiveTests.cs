using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Optimisation;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class ObjectiveTests
{
    private static readonly DecisionVariable[] BufferAndCrews = [new("buffer"), new("crews")];

    private static OptimisationResult Solve(Objective objective, IReadOnlyList<DecisionVariable>? variables = null) =>
        Optimiser.Run(Contexts.For(new GridSimulator(), seed: 4),
            new OptimisationProblem(objective, variables ?? BufferAndCrews), new OptimisationOptions { ConfirmCount = 0 });

    [Fact]
    public void Run_LinearCombinationWithParameter_ShiftsOptimum()
    {
        // cost + 8·crews: crews 1 → 3 + 8 = 11 beats crews 2 → 0 + 16.
        var result = Solve(Objective.Minimise(LinearExpression.Kpi("cost") + 8 * LinearExpression.Parameter("crews")));

        var best = result.Best!;
        Assert.Equal(1, best.Parameters.GetInt("crews"));
        Assert.Equal(4, best.Parameters.GetInt("buffer"));
        Assert.Equal(best.Scenario.Summary("cost").Mean + 8, best.Objective.Mean, 1e-12);
        Assert.Equal(best.Scenario.Summary("cost").HalfWidth, best.Objective.HalfWidth, 1e-12);
    }

    [Fact]
    public void Run_Maximise_NegatedCostHasSameOptimum()
    {
        var result = Solve(Objective.Maximise(-LinearExpression.Kpi("cost") + 100));

        Assert.Equal((4, 2), (result.Best!.Parameters.GetInt("buffer"), result.Best.Parameters.GetInt("crews")));
        Assert.Equal(100 - result.Best.Scenario.Summary("cost").Mean, result.Best.Objective.Mean, 1e-12);
    }

    [Fact]
    public void Run_RatioWithConstantDenominator_ScalesEstimateAndInterval()
    {
        var result = Solve(Objective.Minimise(LinearExpression.Kpi("cost"), LinearExpression.Of(2)));

        var best = result.Best!;
        var cost = best.Scenario.Summary("cost");
        Assert.Equal(cost.Mean / 2, best.Objective.Mean, 1e-12);
        Assert.Equal(cost.HalfWidth / 2, best.Objective.HalfWidth, 1e-12);
    }

    [Fact]
    public void Run_RatioOfKpiAndParameters_IsRatioOfMeans()
    {
        // (buffer + crews) / (crews + 1) is largest at buffer 10, crews 1: 11 / 2.
        var result = Solve(Objective.Maximise(LinearExpression.Kpi("load"), LinearExpression.Parameter("crews") + 1));

        var best = result.Best!;
        Assert.Equal((10, 1), (best.Parameters.GetInt("buffer"), best.Parameters.GetInt("crews")));
        Assert.Equal(best.Scenario.Summary("load").Mean / 2, best.Objective.Mean, 1e-12);
        Assert.InRange(11.0 / 2, best.Objective.CiLow, best.Objective.CiHigh);
    }

    [Fact]
    public void ToString_Expressions_ReadLikeFormulas()
    {
        var objective = Objective.Maximise(LinearExpression.Kpi("throughput") - 50 * LinearExpression.Parameter("crews") + 3,
            2 * LinearExpression.Kpi("cost"));

        Assert.Equal("maximise (throughput - 50*crews + 3) / (2*cost)", objective.ToString());
        Assert.Equal("mean_wait <= 2", Constraint.AtMost("mean_wait", 2).ToString());
    }

    [Fact]
    public void Run_ChoiceParameterInExpression_Throws()
    {
        var error = Assert.Throws<Core.Errors.TwinLabException>(() => Solve(Objective.Minimise(LinearExpression.Parameter("mode"))));

        Assert.Contains("choice parameter 'mode'", error.Message);
    }
}
