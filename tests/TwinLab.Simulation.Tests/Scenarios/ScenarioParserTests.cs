using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Optimisation;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Simulation.Tests.Scenarios;

public class ScenarioParserTests
{
    private static readonly ScenarioParser Parser = new(SimulatorCatalog.CreateDefault());

    private const string Header = """
        name: M/M/3
        simulator: mmc
        horizon: 0
        seed: 7
        replications: 50
        parameters: { arrival_rate: 2.4, servers: 3 }

        """;

    private static ScenarioDefinition Parse(string text) => Parser.Parse(text, "test.yaml");

    private static ScenarioFileException Fails(string text) => Assert.Throws<ScenarioFileException>(() => Parse(text));

    [Fact]
    public void Parse_MinimalFile_FillsDefaultsAndMonteCarlo()
    {
        var s = Parse(Header);

        Assert.Equal("M/M/3", s.Name);
        Assert.Equal(7UL, s.Seed);
        Assert.Equal(50, s.Replications);
        Assert.Equal(2.4, s.Parameters.GetDouble("arrival_rate"));
        Assert.Equal(1.0, s.Parameters.GetDouble("service_rate"));
        Assert.Equal(3, s.Parameters.GetInt("servers"));
        Assert.IsType<MonteCarloDefinition>(s.Experiment);
        Assert.Equal("main", s.Twin.Branch);
        Assert.Equal(64, s.Hash.Length);
    }

    [Fact]
    public void Parse_SameText_SameHash_DifferentText_DifferentHash()
    {
        Assert.Equal(Parse(Header).Hash, Parse(Header).Hash);
        Assert.NotEqual(Parse(Header).Hash, Parse(Header.Replace("seed: 7", "seed: 8")).Hash);
    }

    [Fact]
    public void Parse_TypoInTopLevelKey_NamesLineColumnAndSuggests()
    {
        var e = Fails(Header + "replicatons: 5\n");

        Assert.Equal(7, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("unknown key 'replicatons'", e.Message);
        Assert.Contains("did you mean 'replications'?", e.Message);
        Assert.StartsWith("test.yaml:7:1:", e.Message);
    }

    [Fact]
    public void Parse_UnknownParameter_PointsAtItAndSuggests()
    {
        var e = Fails(Header.Replace("servers: 3", "server: 3"));

        Assert.Equal(6, e.Line);
        Assert.Contains("no parameter 'server'", e.Message);
        Assert.Contains("did you mean 'servers'?", e.Message);
    }

    [Fact]
    public void Parse_ParameterOutOfRange_NamesTheValueAndTheAllowedRange()
    {
        var e = Fails(Header.Replace("servers: 3", "servers: 0"));

        Assert.Equal(6, e.Line);
        Assert.Contains("servers", e.Message);
        Assert.Contains("a whole number in [1,", e.Message);
    }

    [Fact]
    public void Parse_ParameterNotANumber_SaysSo()
    {
        var e = Fails(Header.Replace("arrival_rate: 2.4", "arrival_rate: fast"));

        Assert.Contains("'arrival_rate' must be a number, not 'fast'", e.Message);
    }

    [Fact]
    public void Parse_UnknownSimulator_Suggests()
    {
        var e = Fails(Header.Replace("simulator: mmc", "simulator: mcc"));

        Assert.Equal(2, e.Line);
        Assert.Contains("no simulator 'mcc'", e.Message);
        Assert.Contains("did you mean 'mmc'?", e.Message);
    }

    [Fact]
    public void Parse_MissingName_SaysWhatIsMissing()
    {
        var e = Fails(Header.Replace("name: M/M/3\n", ""));

        Assert.Contains("'name' is missing", e.Message);
    }

    [Fact]
    public void Parse_BrokenYaml_ReportsPosition()
    {
        var e = Fails("name: x\nsimulator: [mmc\n");

        Assert.Contains("not valid YAML", e.Message);
        Assert.True(e.Line >= 2);
    }

    [Fact]
    public void Parse_NegativeReplications_Refused()
    {
        var e = Fails(Header.Replace("replications: 50", "replications: -1"));

        Assert.Equal(5, e.Line);
        Assert.Contains("must be between 1 and", e.Message);
    }

    [Fact]
    public void Parse_UnknownExperimentType_Suggests()
    {
        var e = Fails(Header + "experiment:\n  type: montecalro\n");

        Assert.Equal(8, e.Line);
        Assert.Contains("did you mean 'montecarlo'?", e.Message);
    }

    [Fact]
    public void Parse_Compare_AlternativesInheritTheBaseAndOverride()
    {
        var s = Parse(Header + """
            experiment:
              type: compare
              alternatives:
                - name: four servers
                  parameters: { servers: 4 }
                - parameters: { service_rate: 1.1 }
            """);

        var c = Assert.IsType<CompareDefinition>(s.Experiment);
        Assert.True(c.CommonRandomNumbers);
        Assert.Equal("four servers", c.Alternatives[0].Name);
        Assert.Equal(4, c.Alternatives[0].Parameters.GetInt("servers"));
        Assert.Equal(2.4, c.Alternatives[0].Parameters.GetDouble("arrival_rate"));
        Assert.Equal("alternative 2", c.Alternatives[1].Name);
        Assert.Equal(3, c.Alternatives[1].Parameters.GetInt("servers"));
    }

    [Fact]
    public void Parse_SweepGrid_ExpandsRangesAndLists()
    {
        var s = Parse(Header + """
            experiment:
              type: sweep
              grid:
                servers: { from: 3, to: 5 }
                service_rate: [1.0, 1.2]
            """);

        var sweep = Assert.IsType<SweepDefinition>(s.Experiment);
        Assert.Equal(6, sweep.Design.Points.Count);
    }

    [Fact]
    public void Parse_LatinHypercube_UsesTheSeed()
    {
        var text = Header + """
            experiment:
              type: sweep
              latin_hypercube:
                samples: 8
                ranges: { arrival_rate: [1, 2.5], service_rate: [1, 2] }
            """;
        var a = Assert.IsType<SweepDefinition>(Parse(text).Experiment);
        var b = Assert.IsType<SweepDefinition>(Parse(text).Experiment);

        Assert.Equal(8, a.Design.Points.Count);
        Assert.Equal(a.Design.Points.Select(p => p.Name), b.Design.Points.Select(p => p.Name));
    }

    [Fact]
    public void Parse_Optimise_ReadsObjectiveExpressionVariablesAndConstraints()
    {
        var s = Parse(Header + """
            experiment:
              type: optimise
              objective: { minimise: "servers + 20*mean_wait" }
              variables:
                servers: { min: 3, max: 8, step: 1 }
                service_rate: [1.0, 1.5]
              constraints: [ "p_wait <= 0.5", "servers >= 3" ]
              budget: 40
            """);

        var o = Assert.IsType<OptimiseDefinition>(s.Experiment);
        Assert.Equal(KpiDirection.Minimise, o.Problem.Objective.Direction);
        Assert.Equal("servers + 20*mean_wait", o.Problem.Objective.Numerator.ToString());
        Assert.Equal(2, o.Problem.Variables.Count);
        Assert.Equal(ConstraintSense.AtMost, o.Problem.Constraints![0].Sense);
        Assert.Equal(0.5, o.Problem.Constraints[0].Bound);
        Assert.Equal(40, o.Options.Budget);
    }

    [Fact]
    public void Parse_ObjectiveNamingAnUnknownKpi_Suggests()
    {
        var e = Fails(Header + """
            experiment:
              type: optimise
              objective: { minimise: mean_wiat }
              variables: { servers: [3, 4] }
            """);

        Assert.Equal(9, e.Line);
        Assert.Contains("did you mean 'mean_wait'?", e.Message);
    }

    [Theory]
    [InlineData("servers + + p_wait")]
    [InlineData("servers - -3")]
    [InlineData("servers +")]
    [InlineData("-")]
    [InlineData("2*3")]
    [InlineData("2*-servers")]
    [InlineData("2.5.3")]
    [InlineData("4 0*servers")]
    [InlineData("servers*2")]
    [InlineData("servers / 2")]
    public void Parse_MalformedObjective_RefusedNotReinterpreted(string expression)
    {
        var e = Fails(Header + $$"""
            experiment:
              type: optimise
              objective: { minimise: "{{expression}}" }
              variables: { servers: [3, 4] }
            """);

        Assert.Contains("cannot read the expression", e.Message);
        Assert.Equal(9, e.Line);
    }

    [Theory]
    [InlineData("throughput - 40*servers + 3", "throughput - 40*servers + 3")]
    [InlineData("2.5e-3*servers", "0.0025*servers")]
    [InlineData("-servers", "-servers")]
    [InlineData("mean_wait-p_wait", "mean_wait - p_wait")]
    [InlineData("3", "3")]
    public void Parse_WellFormedObjective_ReadAsWritten(string expression, string expected)
    {
        var s = Parse(Header + $$"""
            experiment:
              type: optimise
              objective: { minimise: "{{expression}}" }
              variables: { servers: [3, 4] }
            """);

        Assert.Equal(expected, Assert.IsType<OptimiseDefinition>(s.Experiment).Problem.Objective.Numerator.ToString());
    }

    [Fact]
    public void Parse_InterventionTheSimulatorDoesNotKnow_Refused()
    {
        var e = Fails(Header + "interventions: [callback]\n");

        Assert.Equal(7, e.Line);
        Assert.Contains("simulator 'mmc' takes no interventions", e.Message);
    }

    [Fact]
    public void Parse_MalformedConstraint_ExplainsTheForm()
    {
        var e = Fails(Header + """
            experiment:
              type: optimise
              objective: { minimise: servers }
              variables: { servers: [3, 4] }
              constraints: [ "mean_wait < 2" ]
            """);

        Assert.Contains("cannot read constraint 'mean_wait < 2'", e.Message);
        Assert.Contains("<=", e.Message);
    }

    [Fact]
    public void Parse_Sensitivity_TornadoAndSobol()
    {
        var tornado = Parse(Header + "experiment:\n  type: sensitivity\n  factors: { servers: [3, 5], service_rate: { fraction: 0.1 } }\n");
        var sobol = Parse(Header + "experiment:\n  type: sensitivity\n  method: sobol\n  samples: 64\n  factors: { arrival_rate: [1, 2], service_rate: [1, 2] }\n");

        var t = Assert.IsType<SensitivityDefinition>(tornado.Experiment);
        Assert.Equal("tornado", t.Method);
        Assert.Equal(0.1, t.Tornado[1].Fraction);
        var s = Assert.IsType<SensitivityDefinition>(sobol.Experiment);
        Assert.Equal(64, s.Samples);
        Assert.Equal(2, s.Sobol.Count);
    }

    [Fact]
    public void Parse_SensitivityRangeBackwards_Refused()
    {
        var e = Fails(Header + "experiment:\n  type: sensitivity\n  factors: { servers: [5, 3] }\n");

        Assert.Contains("low end 5 is not below the high end 3", e.Message);
    }

    [Fact]
    public void Parse_Calibrate_ReadsFreeParametersAndTargets()
    {
        var s = Parse(Header + """
            experiment:
              type: calibrate
              free:
                service_rate: { initial: 1.2, min: 0.5, max: 3 }
              targets:
                - { kpi: mean_wait, observed: 0.8, sd: 0.05 }
            """);

        var c = Assert.IsType<CalibrateDefinition>(s.Experiment);
        Assert.Equal("service_rate", c.Free[0].Name);
        Assert.Equal(0.5, c.Free[0].Lower);
        Assert.Equal(0.8, c.Targets[0].Observed);
    }

    [Fact]
    public void Parse_CalibrationTargetWithoutSd_AsksForIt()
    {
        var e = Fails(Header + """
            experiment:
              type: calibrate
              free: { service_rate: { initial: 1 } }
              targets:
                - { kpi: mean_wait, observed: 0.8 }
            """);

        Assert.Contains("'sd' is missing", e.Message);
    }

    [Fact]
    public void Parse_TwinLoadMissing_NamesTheFile()
    {
        var e = Fails(Header + "twin: { load: no-such-graph.json }\n");

        Assert.Contains("no-such-graph.json", e.Message);
        Assert.Equal(7, e.Line);
    }

    [Fact]
    public void ParseFile_ShippedExamples_AllParse()
    {
        var examples = FindExamples();
        var files = Directory.GetFiles(Path.Combine(examples, "queueing"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files) Parser.ParseFile(file);
    }

    internal static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "queueing"))) return Path.Combine(dir.FullName, "examples");
        throw new InvalidOperationException("examples/ not found above the test binaries.");
    }
}
