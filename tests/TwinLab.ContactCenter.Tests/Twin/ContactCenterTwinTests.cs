using System.Text.Json;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Models;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.ContactCenter.Tests.Twin;

public sealed class ContactCenterTwinTests : IDisposable
{
    private readonly TwinService _service = new(new InMemoryTwinStore());
    private readonly ContactCenterTwin _twin;

    public ContactCenterTwinTests() => _twin = new ContactCenterTwin(_service);

    public void Dispose() => _service.Dispose();

    [Fact]
    public void SaveLog_LoadLog_KeepsEveryRowExactly()
    {
        var rows = ExampleCalibration.Log.Interactions.Take(500).ToList();
        rows.Add(new Interaction(9001, new DateTimeOffset(2025, 3, 4, 9, 15, 30, 250, TimeSpan.FromHours(2)), Channel.Email, "claims, urgent",
            double.NaN, Outcome.Callback, null, null, null, true, null));

        _twin.SaveLog(rows, "logs/march.csv");
        var back = _twin.LoadLog()!;

        Assert.Equal("logs/march.csv", back.Source);
        Assert.Equal(rows.Count, back.Interactions.Count);
        for (var i = 0; i < rows.Count; i++) Assert.Equal(rows[i], back.Interactions[i]);
        Assert.Equal(TimeSpan.FromHours(2), back.Interactions[^1].Arrival.Offset);
    }

    [Fact]
    public void Load_NothingStored_ReturnsNull()
    {
        Assert.Null(_twin.LoadLog());
        Assert.Null(_twin.LoadRoster());
        Assert.Null(_twin.LoadModel());
        Assert.False(_twin.DeleteModel());
    }

    [Fact]
    public void SaveModel_LoadModel_RoundTripsAndDeleteRemovesIt()
    {
        var truth = SyntheticContactCentre.Truth();

        _twin.SaveModel(truth, "truth");
        var back = _twin.LoadModel()!;

        Assert.Equal("truth", back.Title);
        Assert.Equal(CenterModelJson.Serialize(truth), CenterModelJson.Serialize(back.Model));
        Assert.True(_twin.DeleteModel());
        Assert.Null(_twin.LoadModel());
    }

    [Fact]
    public void SaveRoster_LoadRoster_RoundTrips()
    {
        var roster = SyntheticContactCentre.Roster();

        _twin.SaveRoster(roster, "roster.yaml");
        var back = _twin.LoadRoster()!;

        Assert.Equal("roster.yaml", back.Source);
        Assert.Equal(CenterModelJson.SerializeRoster(roster), CenterModelJson.SerializeRoster(back.Roster));
    }

    [Fact]
    public void WriteGraph_Roster_ImportsModelsOnceAndWritesAgentsAndSkills()
    {
        var roster = SyntheticContactCentre.Roster();

        var first = _twin.WriteGraph(roster);
        var second = _twin.WriteGraph(roster);

        Assert.Equal(ContactCenterModels.Sources.Count, first.ModelsImported);
        Assert.Equal(0, second.ModelsImported);
        Assert.Equal(0, second.TwinsRemoved);
        var twins = _service.SnapshotOf(BranchInfo.Main).Twins;
        Assert.Equal(roster.Agents.Count, Count(ContactCenterModels.Agent));
        Assert.True(twins.ContainsKey("skill-billing") && twins.ContainsKey("skill-tech"));
        Assert.Equal(0, Count(ContactCenterModels.Queue));
    }

    [Fact]
    public void WriteGraph_CalibratedModel_PutsParametersOnTheQueueTwins()
    {
        var model = ExampleCalibration.Report.Model;

        _twin.WriteGraph(model);

        var queue = _service.SnapshotOf(BranchInfo.Main).GetTwin("queue-billing-phone");
        var billing = model.Queues.Single(q => q.Queue == "billing" && q.Channel == Channel.Phone);
        Assert.Equal(billing.HandleSeconds.ToString(), Property(queue, "handleSeconds").GetString());
        Assert.Equal(billing.FirstContactResolution, Property(queue, "firstContactResolution").GetDouble());
        Assert.Equal(billing.ArrivalRatesPerHour, Property(queue, "arrivalRatesPerHour").EnumerateArray().Select(v => v.GetDouble()));
        var centre = _service.SnapshotOf(BranchInfo.Main).GetTwin(ContactCenterGraph.CentreId);
        Assert.Equal(30, Property(centre, "intervalMinutes").GetInt32());
    }

    [Fact]
    public void WriteGraph_SmallerRosterAfterCalibration_RemovesAgentsAndQueuesNoLongerThere()
    {
        var model = ExampleCalibration.Report.Model;
        _twin.WriteGraph(model);
        var before = _service.SnapshotOf(BranchInfo.Main).Twins.Count;
        var smaller = model.Roster with { Agents = model.Roster.Agents.Take(5).ToList() };

        var write = _twin.WriteGraph(smaller);

        Assert.Equal(5, Count(ContactCenterModels.Agent));
        Assert.Equal(0, Count(ContactCenterModels.Queue));
        Assert.Equal(before - _service.SnapshotOf(BranchInfo.Main).Twins.Count, write.TwinsRemoved);
        Assert.True(write.TwinsRemoved >= model.Roster.Agents.Count - 5 + model.Queues.Count, $"{write.TwinsRemoved} removed");
        var snapshot = _service.SnapshotOf(BranchInfo.Main);
        Assert.All(snapshot.Outgoing.Values.SelectMany(o => o.Values), r => Assert.True(snapshot.Twins.ContainsKey(r.TargetId), r.Id));
    }

    [Fact]
    public void WriteGraph_OnABranch_LeavesMainUntouched()
    {
        _service.CreateBranch("what-if", BranchInfo.Main, null);

        _twin.WriteGraph(SyntheticContactCentre.Roster(), "what-if", new WriteContext("test"));

        Assert.Empty(_service.SnapshotOf(BranchInfo.Main).Twins);
        Assert.NotEmpty(_service.SnapshotOf("what-if").Twins);
    }

    private static JsonElement Property(Core.Twins.Twin twin, string name) =>
        twin.Properties.TryGetValue(name, out var p) ? p.Value : throw new Xunit.Sdk.XunitException($"{twin.Id} has no '{name}'");

    private int Count(string model) => _service.SnapshotOf(BranchInfo.Main).Twins.Values.Count(t => t.ModelId == model);
}
