using System.Text.Json;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Models;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class ContactCenterModelsTests
{
    [Fact]
    public void Sources_Parse_AsTheSixInterfaces()
    {
        var interfaces = DtdlParser.Parse(ContactCenterModels.Sources, ModelSet.Empty);

        Assert.Equal(
            new[] { ContactCenterModels.Agent, ContactCenterModels.Channel, ContactCenterModels.ContactCenter, ContactCenterModels.Queue, ContactCenterModels.Shift, ContactCenterModels.Skill }.Order(),
            interfaces.Select(i => i.Id).Order());
        Assert.All(ContactCenterModels.Sources, s => Assert.StartsWith("Models/", s.FileName, StringComparison.Ordinal));
    }

    [Fact]
    public void FromModel_SyntheticCentre_LoadsIntoATwinGraph()
    {
        var truth = SyntheticContactCentre.Truth();
        var graph = new TwinGraph();
        graph.ImportModels(ContactCenterModels.Sources);
        var file = JsonSerializer.SerializeToElement(ContactCenterGraph.FromModel(truth, "Synthetic centre"));

        var (twins, relationships) = GraphFile.Apply(graph, file, "contact-centre graph");

        var distinctShifts = truth.Roster.Agents.SelectMany(a => a.Shifts).Select(s => (s.Start, s.End, string.Join(",", s.Days), string.Join(",", s.Breaks))).Distinct().Count();
        Assert.Equal(1 + 2 + 2 + truth.Queues.Count + truth.Roster.Agents.Count + distinctShifts, twins);
        var agentLinks = truth.Roster.Agents.Sum(a => 1 + a.Skills.Count + a.Shifts.Count);
        Assert.Equal(2 + 2 + truth.Queues.Count * 3 + agentLinks, relationships);
    }

    [Fact]
    public void FromData_Agent_LinksSkillsWithProficiencyAndSharesShiftTwins()
    {
        var shift = new Shift([DayOfWeek.Monday], new TimeOnly(8, 0), new TimeOnly(16, 0), [new Break(new TimeOnly(12, 0), 30)]);
        var sameShift = new Shift([DayOfWeek.Monday], new TimeOnly(8, 0), new TimeOnly(16, 0), [new Break(new TimeOnly(12, 0), 30)]);
        var roster = new Roster([new Agent("Ann Lee", [new AgentSkill("billing"), new AgentSkill("tech", 0.8)], [shift], 25), new Agent("bo", [new AgentSkill("tech")], [sameShift], 22)], 0.25);

        var graph = ContactCenterGraph.FromData(roster, []);

        var twins = graph["twins"]!.AsArray();
        Assert.Single(twins, t => t!["$dtId"]!.GetValue<string>().StartsWith("shift-", StringComparison.Ordinal));
        Assert.Contains(twins, t => t!["$dtId"]!.GetValue<string>() == "agent-ann-lee" && t["agentId"]!.GetValue<string>() == "Ann Lee");
        var techLink = graph["relationships"]!.AsArray().Single(r => r!["source"]!.GetValue<string>() == "agent-ann-lee" && r["target"]!.GetValue<string>() == "skill-tech")!;
        Assert.Equal((0.8, 2), (techLink["properties"]!["proficiency"]!.GetValue<double>(), techLink["properties"]!["preference"]!.GetValue<int>()));
    }
}
