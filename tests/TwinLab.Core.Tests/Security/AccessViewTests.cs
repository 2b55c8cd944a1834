using TwinLab.Core.Security;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Security.PolicyGraph;

namespace TwinLab.Core.Tests.Security;

public sealed class AccessViewTests
{
    private static readonly GraphSnapshot Graph = PolicyGraph.Build();

    private static string[] Readable(CallerAccess access)
    {
        var view = access.View(Graph);
        return [.. Graph.Twins.Keys.Where(view.CanRead).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void NoMatchingEntry_DeniesEverything()
    {
        Assert.Empty(Readable(Alice()));
        var other = new PolicySet([new AccessPolicy("p", [new PolicyEntry("bob", ["key:bob"], [PolicyResource.Everything], Permissions.All, Permissions.None)])], 1);
        Assert.Empty(Readable(other.For(["key:alice"])));
        Assert.False(other.For(["key:alice"]).OnEverything(Permissions.Read).Allowed);
        Assert.Equal(7, Readable(other.For(["key:bob"])).Length);
    }

    [Fact]
    public void ModelGrant_CoversDerivedModels_NotBaseOrUnrelated()
    {
        Assert.Equal(["room-101", "room-102"], Readable(Alice(("model:" + Room, "read", ""))));
        Assert.Equal(["floor-1", "room-101", "room-102", "site"], Readable(Alice(("model:" + Space, "read", ""))));
        Assert.Equal(["room-102"], Readable(Alice(("model:" + LabRoom, "read", ""))));
    }

    [Fact]
    public void NarrowerRevoke_WinsOverWiderGrant()
    {
        var access = Alice(("*", "read", ""), ("model:" + Room, "", "read"), ("twin:room-102", "read", ""));
        // twin: (3) beats model: (1) beats * (0): room-101 hidden by the model revoke, room-102 given back by its twin grant.
        Assert.Equal(["floor-1", "other-1", "plant-1", "room-102", "sensor-1", "site"], Readable(access));
        var decision = access.View(Graph).Decide(Permissions.Read, "room-101");
        Assert.False(decision.Allowed);
        Assert.Equal("e1", decision.DecidedBy!.Entry.Label);
        Assert.Contains("revoke READ on model:dtmi:b:Room;1", decision.Explain());
    }

    [Fact]
    public void EqualSpecificity_RevokeWins()
    {
        var access = Alice(("twins:room-*", "read", ""), ("tree:floor-1/serves", "", "read"), ("twins:plant*", "read", ""));
        Assert.Equal(["room-101", "room-102"], Readable(access));
        // plant-1: granted by twins:plant* and revoked by the tree (same level) → revoked.
        Assert.False(access.View(Graph).CanRead("plant-1"));
    }

    [Fact]
    public void Tree_FollowsOutgoingRelationships_OptionallyByName()
    {
        Assert.Equal(["floor-1", "plant-1", "room-101", "room-102", "sensor-1", "site"], Readable(Alice(("tree:site", "read", ""))));
        Assert.Equal(["floor-1", "room-101", "room-102", "site"], Readable(Alice(("tree:site/contains", "read", ""))));
        Assert.Equal(["other-1"], Readable(Alice(("tree:other-1", "read", ""))));
        Assert.Empty(Readable(Alice(("tree:missing", "read", ""))));
    }

    [Fact]
    public void Admin_ImpliesEveryPermission_OnlyOnItsResource()
    {
        var view = Alice(("twin:room-101", "admin", "")).View(Graph);
        foreach (var p in new[] { Permissions.Read, Permissions.Write, Permissions.Execute, Permissions.Admin })
            Assert.True(view.Decide(p, "room-101").Allowed, p.ToString());
        Assert.False(view.Decide(Permissions.Read, "room-102").Allowed);
        Assert.False(view.Caller.OnEverything(Permissions.Admin).Allowed);
    }

    [Fact]
    public void RevokeOfOnePermission_LeavesTheOthers()
    {
        var view = Alice(("*", "admin", ""), ("twins:room-*", "", "write")).View(Graph);
        Assert.True(view.CanRead("room-101"));
        Assert.False(view.Decide(Permissions.Write, "room-101").Allowed);
        Assert.True(view.Decide(Permissions.Write, "site").Allowed);
        Assert.False(view.ReadsEverything == false, "READ is revoked nowhere, so no filtering is needed");
    }

    [Fact]
    public void Relationship_NeedsBothEndsToRead_WriteOnSourceAndReadOnTarget()
    {
        var view = Alice(("twin:floor-1", "read,write", ""), ("twin:room-101", "read", "")).View(Graph);
        var rels = Graph.Relationships.Where(view.CanRead).Select(r => r.Id).ToArray();
        Assert.Equal(["floor-1-contains-room-101"], rels);
        Assert.True(view.CanWriteRelationship("floor-1", "room-101"));
        Assert.False(view.CanWriteRelationship("floor-1", "room-102"), "the target is not readable");
        Assert.False(view.CanWriteRelationship("room-101", "floor-1"), "no WRITE on the source");
    }

    [Fact]
    public void Visible_HidesTwinsAndDanglingRelationships_KeepsModels()
    {
        var visible = Alice(("tree:floor-1/contains", "read", "")).View(Graph).Visible;
        Assert.Equal(["floor-1", "room-101", "room-102"], visible.Twins.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, visible.RelationshipCount);
        Assert.Empty(visible.IncomingOf("floor-1"));
        Assert.Equal(4, visible.Models.Count);
        Assert.Equal(Graph.Version, visible.Version);
    }

    [Fact]
    public void UnrestrictedAndFullRead_NeedNoFiltering()
    {
        Assert.Same(Graph, CallerAccess.Unrestricted.View(Graph).Visible);
        Assert.Same(Graph, Alice(("*", "read", "")).View(Graph).Visible);
        Assert.NotSame(Graph, Alice(("*", "read", ""), ("twin:site", "", "read")).View(Graph).Visible);
    }

    [Fact]
    public void AbsentTwin_JudgedByIdAndGivenModel()
    {
        var view = Alice(("model:" + Room, "write", ""), ("twins:new-*", "write", "")).View(Graph);
        Assert.True(view.Decide(Permissions.Write, "x", LabRoom).Allowed);
        Assert.False(view.Decide(Permissions.Write, "x", Sensor).Allowed);
        Assert.True(view.Decide(Permissions.Write, "new-7").Allowed);
    }

    [Fact]
    public void BranchConnectionAndModelDocument_OnlyCompeteWithEverything()
    {
        var access = Alice(("*", "read", ""), ("branch:what-if", "write", ""), ("branch:main", "", "write"), ("connection:plc", "admin", ""), ("model:" + Space, "", "read"));
        Assert.True(access.OnBranch(Permissions.Write, "what-if").Allowed);
        Assert.False(access.OnBranch(Permissions.Write, "main").Allowed);
        Assert.True(access.OnBranch(Permissions.Read, "main").Allowed);
        Assert.True(access.OnConnection(Permissions.Write, "plc").Allowed);
        Assert.False(access.OnConnection(Permissions.Write, "other").Allowed);
        Assert.False(access.OnModel(Permissions.Read, LabRoom, Graph.Models).Allowed, "derived from a revoked model");
        Assert.True(access.OnModel(Permissions.Read, Sensor, Graph.Models).Allowed);
    }

    [Fact]
    public void Subjects_AnyoneAndGroups()
    {
        var set = new PolicySet([new AccessPolicy("p",
        [
            new PolicyEntry("all", ["*"], [PolicyResource.Parse("twin:site", "t")], Permissions.Read, Permissions.None),
            new PolicyEntry("ops", ["group:ops"], [PolicyResource.Parse("twin:other-1", "t")], Permissions.Read, Permissions.None),
        ])], 1);
        Assert.Equal(["site"], Readable(set.For(["jwt:carol"])));
        Assert.Equal(["other-1", "site"], Readable(set.For(["jwt:carol", "group:ops"])));
    }

    [Fact]
    public void LargeGraph_ReadableSetIsComputedOnce()
    {
        var at = DateTimeOffset.UnixEpoch;
        var twins = Enumerable.Range(0, 50_000).Select(i => new Twin { Id = $"t-{i % 10}-{i}", ModelId = Room, ETag = "e", LastUpdateTime = at });
        var big = GraphSnapshotFactory.Build(Graph.Models.Entries, twins, [], 1);
        var view = Alice(("twins:t-3-*", "read", ""), ("twins:t-3-1*", "", "read")).View(big);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var count = big.Twins.Keys.Count(view.CanRead);
        var first = watch.Elapsed;
        watch.Restart();
        Assert.Equal(count, big.Twins.Keys.Count(view.CanRead));
        Assert.True(watch.Elapsed < first + TimeSpan.FromSeconds(1));
        // 5,000 ids are t-3-…, of which 1,111 (13, 103–193, 1003–1993, 10003–19993) start t-3-1.
        Assert.Equal(5000 - 1111, count);
        Assert.Equal(count, view.Visible.Twins.Count);
    }
}
