using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>Unusable models and parameter values are rejected with a message saying why.</summary>
public sealed class ValidationTests
{
    private static readonly CenterModel Model = TestCenters.TwoSkills();

    [Fact]
    public void Info_SkillChoices_ListTheModelsSkills()
    {
        var info = new ContactCenterSimulator(Model).Info;
        Assert.Equal("contact-center", info.Name);
        Assert.Equal(["billing", "tech"], info.Parameters.Single(p => p.Name == "skill").Choices!);
        Assert.Equal(["all", "billing", "tech"], info.Parameters.Single(p => p.Name == "deflection_topic").Choices!);
        Assert.All(info.Parameters, p => Assert.False(string.IsNullOrEmpty(p.Description)));
    }

    [Theory]
    [InlineData("skill", "sales")]
    [InlineData("routing", "random")]
    [InlineData("handle_time_factor", 0.0)]
    [InlineData("chatbot_deflection", 1.5)]
    [InlineData("shrinkage", 0.99)]
    [InlineData("nonsense", 1.0)]
    public void Prepare_BadParameterValue_Throws(string name, object value)
    {
        var simulator = new ContactCenterSimulator(Model);
        var parameterValue = value is string text ? ParameterValue.Of(text) : ParameterValue.Of(Convert.ToDouble(value));
        var error = Assert.Throws<TwinLabException>(() => simulator.Prepare((name, parameterValue)));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public void Prepare_ZeroDays_UsesTheExperimentHorizonOrThrows()
    {
        var simulator = new ContactCenterSimulator(Model);
        var parameters = ParameterSet.Create(simulator.Info, [new("days", 0.0)]);
        Assert.Throws<TwinLabException>(() => simulator.Prepare(new SimulationSetup(null, parameters, 0, [])));
        var twoDays = simulator.Prepare(new SimulationSetup(null, parameters, 2, [])).Simulate(RandomStream.FromSeed(1));
        Assert.Equal(48, twoDays.Series[0].Values.Length);
    }

    [Fact]
    public void Prepare_WarmupLongerThanHorizon_Throws() =>
        Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(Model).Prepare(("days", 1.0), ("warmup_hours", 30.0)));

    [Fact]
    public void Constructor_WrongNumberOfRates_Throws()
    {
        var bad = Model with { Queues = [Model.Queues[0] with { ArrivalRatesPerHour = new double[24] }] };
        var error = Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(bad));
        Assert.Contains("168 arrival rates", error.Message);
    }

    [Fact]
    public void Constructor_AgentWithUnknownSkill_Throws()
    {
        var bad = Model with { Roster = new Roster([new Agent("z", [new AgentSkill("sales")], [], 20)], 0) };
        Assert.Contains("'sales'", Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(bad)).Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    public void Constructor_IntervalNotDividingAWeek_Throws(int minutes) =>
        Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(Model with { IntervalMinutes = minutes }));

    [Fact]
    public void Constructor_InvalidQueueSettings_Throw()
    {
        Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(Model with { Queues = [Model.Queues[0] with { FirstContactResolution = 0 }] }));
        Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(Model with { Queues = [Model.Queues[0], Model.Queues[0]] }));
        Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(Model with { Roster = Model.Roster with { Shrinkage = 1 } }));
    }

    [Fact]
    public void Constructor_StaffingPlanWithWrongLength_Throws()
    {
        var plan = new StaffingPlan([new StaffingGroup(new Agent("g", [new AgentSkill("tech")], [], 20), new int[10])]);
        Assert.Throws<TwinLabException>(() => new ContactCenterSimulator(Model, plan));
    }

    [Fact]
    public void Queues_WithoutArrivals_AreAllowed()
    {
        var quiet = Model with { Queues = [.. Model.Queues.Select(q => q with { ArrivalRatesPerHour = new double[TestCenters.IntervalsPerWeek], HandleSeconds = Distribution.Constant(60) })] };
        var result = new ContactCenterSimulator(quiet).Prepare().Simulate(RandomStream.FromSeed(1));
        Assert.Equal(0, result.Overall.Offered);
        Assert.True(double.IsNaN(result.Overall.ServiceLevel));
        Assert.Equal(0, result.Occupancy);
    }
}
