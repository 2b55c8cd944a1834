using System.Text.Json;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Models;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.ContactCenter.Tests.Ingest;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;

namespace TwinLab.ContactCenter.Tests.Synthetic;

/// <summary>
/// examples/contact-center/ is exactly what the generator makes. To regenerate it after changing the generator, run
/// these tests with TWINLAB_REGENERATE_EXAMPLES=1.
/// </summary>
public sealed class ShippedExampleTests
{
    private static readonly string Shipped = ShippedFolder();

    [Fact]
    public void ShippedExample_Regenerated_IsByteForByteIdentical()
    {
        using var folder = new TempFolder();

        SyntheticContactCentre.WriteExample(folder.Path);

        foreach (var name in new[] { SyntheticContactCentre.InteractionsFile, SyntheticContactCentre.RosterFileName, SyntheticContactCentre.GraphFileName })
            Assert.True(File.ReadAllBytes(Path.Combine(folder.Path, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Shipped, name))),
                $"{name} differs from what SyntheticContactCentre.WriteExample generates; regenerate with TWINLAB_REGENERATE_EXAMPLES=1");
    }

    [Fact]
    public void ShippedInteractions_Read_EveryRowIsUsedAndEqualsTheGeneratedMonth()
    {
        var path = Path.Combine(Shipped, SyntheticContactCentre.InteractionsFile);

        var result = InteractionLog.Read(path);

        Assert.Equal(0, result.RowsExcluded);
        Assert.Equal(SyntheticFixture.Month.Interactions, result.Interactions);
        Assert.True(new FileInfo(path).Length < 5_000_000);
    }

    [Fact]
    public void ShippedGraph_Apply_LoadsIntoATwinGraph()
    {
        var graph = new TwinGraph();
        graph.ImportModels(ContactCenterModels.Sources);
        var path = Path.Combine(Shipped, SyntheticContactCentre.GraphFileName);
        using var file = JsonDocument.Parse(File.ReadAllText(path));

        var (twins, _) = GraphFile.Apply(graph, file.RootElement, path);

        Assert.Equal(1 + 2 + 2 + 4 + SyntheticFixture.Month.Truth.Roster.Agents.Count + 10, twins);
    }

    [Fact]
    public void ShippedRoster_Read_HasTheGeneratorsAgents()
    {
        var roster = RosterFile.Read(Path.Combine(Shipped, SyntheticContactCentre.RosterFileName));

        Assert.Equal(SyntheticFixture.Month.Truth.Roster.Agents.Select(a => a.Id), roster.Agents.Select(a => a.Id));
    }

    // Regenerating here, before any test of the class reads the folder, keeps the tests from racing the rewrite.
    private static string ShippedFolder()
    {
        var folder = Path.Combine(SyntheticFixture.RepositoryRoot(), "examples", "contact-center");
        if (Environment.GetEnvironmentVariable("TWINLAB_REGENERATE_EXAMPLES") == "1") SyntheticContactCentre.WriteExample(folder);
        return folder;
    }
}
