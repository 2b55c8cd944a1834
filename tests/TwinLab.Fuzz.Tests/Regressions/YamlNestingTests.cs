using TwinLab.ContactCenter.Ingest;
using TwinLab.Core.Errors;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Health.Ingest;
using TwinLab.Network.Topology;
using TwinLab.Simulation.Scenarios;
using TwinLab.Sync.Mapping;

namespace TwinLab.Fuzz.Tests.Regressions;

/// <summary>
/// Found by fuzzing: YAML nested 20,000 levels deep ('[' repeated) overflowed the stack inside YamlDotNet's
/// representation model and killed the process, in every YAML reader. Now each refuses it with its own error naming the
/// line; and the alias bomb ("billion laughs" in YAML) is read without expanding.
/// </summary>
public sealed class YamlNestingTests
{
    public static TheoryData<string> Readers => ["scenario", "roster", "topology", "health-profile", "mapping"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void DeepNesting_IsRefusedWithTheLine(string reader)
    {
        var yaml = "name: x\nvalue: " + new string('[', 20_000) + new string(']', 20_000) + "\n";
        TwinLabException? error = null;
        ParserProperty.Holds(yaml, () => error = Assert.ThrowsAny<TwinLabException>(() => Read(reader, yaml)));
        Assert.Contains("nested more than 64 levels", error!.Message, StringComparison.Ordinal);
        Assert.Contains(":2:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void AliasBomb_IsReadWithinBudget(string reader)
    {
        var yaml = "name: x\nvalue: " + YamlHostile.Bomb(9) + "\n";
        ParserProperty.Holds(yaml, () => Read(reader, yaml));
    }

    [Fact]
    public void NestingAtTheLimit_IsStillRead()
    {
        var yaml = "a: " + new string('[', DepthLimitedParser.MaxDepth - 1) + new string(']', DepthLimitedParser.MaxDepth - 1) + "\n";
        var stream = YamlText.Load(yaml, (line, column, message) => new InvalidOperationException(message));
        Assert.Single(stream.Documents);
    }

    private static void Read(string reader, string yaml)
    {
        switch (reader)
        {
            case "scenario": new ScenarioParser(SimulatorCatalog.CreateDefault()).Parse(yaml, "s.yaml"); break;
            case "roster": RosterFile.Parse(yaml, "r.yaml"); break;
            case "topology": TopologyFile.Parse(yaml, "t.yaml", Path.GetTempPath()); break;
            case "health-profile": YamlProfileReader.Parse(yaml, "p.yaml", new HealthImportOptions()); break;
            default: MessageMapping.Parse(yaml, "m.yaml"); break;
        }
    }
}
